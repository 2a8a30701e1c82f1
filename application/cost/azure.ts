import { durationSecondsOf, invocationsOf } from "./invocations";
import { GB, line, meteredUnits, numberInput, objectInput } from "./lines";
import type { CostLine, ResourceContext } from "./model";
import { AZURE_WESTEUROPE, WEB_PUBSUB_INCLUDED_MESSAGES_PER_UNIT_DAY } from "./prices/azure-westeurope";
import { DAYS_PER_MONTH, HOURS_PER_MONTH, SECONDS_PER_MONTH } from "./prices/price-book";

const P = AZURE_WESTEUROPE.prices;
/** Web PubSub counts outbound traffic in 2 KB increments, one message each (Web PubSub billing model). */
const WEB_PUBSUB_METERING_BYTES = 2 * 1024;
/** A Web PubSub unit holds 1,000 concurrent connections (Web PubSub billing model). */
const CONNECTIONS_PER_UNIT = 1000;
/** Log Analytics keeps 31 days at no charge (90 for workspace-based Application Insights tables). */
const FREE_RETENTION_DAYS = 31;

type Estimator = (ctx: ResourceContext) => readonly CostLine[];

/** A Flex Consumption function app: on-demand execution, or always-ready instances when configured. */
function functionApp(ctx: ResourceContext): readonly CostLine[] {
  const config = objectInput(ctx.resource.inputs.functionAppConfig);
  if (Object.keys(config).length === 0) return []; // not a Flex Consumption app: billed by its plan
  const scale = objectInput(config.scaleAndConcurrency);
  const memoryGb = numberInput(scale.instanceMemoryMB, 2048) / 1024; // Flex Consumption's default is 2048 MB
  const alwaysReady = (Array.isArray(scale.alwaysReady) ? scale.alwaysReady : [])
    .reduce((sum: number, entry) => sum + numberInput(objectInput(entry).instanceCount, 0), 0);
  const executions = invocationsOf(ctx.kind, ctx.traffic, "azure");
  const gbSeconds = executions * durationSecondsOf(ctx.kind, ctx.traffic) * memoryGb;
  if (alwaysReady === 0) {
    return [line("on-demand execution time", gbSeconds, P.flexOnDemandGbSecond), line("on-demand executions", executions, P.flexOnDemandExecution)];
  }
  ctx.assume(`${ctx.resource.name}: every execution runs on its ${alwaysReady} always-ready instance(s)`);
  return [
    line("always-ready baseline", alwaysReady * memoryGb * SECONDS_PER_MONTH, P.flexAlwaysReadyBaselineGbSecond),
    line("always-ready execution time", gbSeconds, P.flexAlwaysReadyGbSecond),
    line("always-ready executions", executions, P.flexAlwaysReadyExecution),
  ];
}

function webPubSub(ctx: ResourceContext): readonly CostLine[] {
  const sku = objectInput(ctx.resource.inputs.sku);
  const name = typeof sku.name === "string" ? sku.name : "Free_F1";
  const units = numberInput(sku.capacity, 1);
  const unitDay = name === "Standard_S1" ? P.webPubSubStandardUnitDay : name === "Premium_P1" ? P.webPubSubPremiumUnitDay : P.webPubSubFreeUnitDay;
  if (ctx.kind !== "websocket") return [line("units", units * DAYS_PER_MONTH, unitDay)];
  const ws = ctx.traffic.websocket;
  const billed = ws.messagesPerMonth * meteredUnits(ws.messageBytes, WEB_PUBSUB_METERING_BYTES);
  const perUnitDay = WEB_PUBSUB_INCLUDED_MESSAGES_PER_UNIT_DAY[name as keyof typeof WEB_PUBSUB_INCLUDED_MESSAGES_PER_UNIT_DAY] ?? 0;
  const included = perUnitDay * units * DAYS_PER_MONTH;
  const concurrent = ws.connectionMinutesPerMonth / (HOURS_PER_MONTH * 60);
  if (concurrent > units * CONNECTIONS_PER_UNIT) {
    ctx.assume(`${ctx.resource.name}: ${Math.ceil(concurrent)} mean concurrent connections exceed ${units} unit(s) of ${CONNECTIONS_PER_UNIT}; the estimate keeps the declared units`);
  }
  if (name === "Free_F1") {
    if (billed > included) ctx.assume(`${ctx.resource.name}: Free_F1 refuses messages beyond ${perUnitDay} a day; they are not billed, they are lost`);
    return [line("units", units * DAYS_PER_MONTH, unitDay)];
  }
  return [line("units", units * DAYS_PER_MONTH, unitDay), line("messages beyond the included", billed - included, P.webPubSubMessage)];
}

function workspace(ctx: ResourceContext): readonly CostLine[] {
  const ingestedGb = (ctx.invocations.azure * ctx.traffic.logBytesPerInvocation) / GB;
  const retention = numberInput(ctx.resource.inputs.retentionInDays, 30);
  const retainedGb = ingestedGb * (Math.max(0, retention - FREE_RETENTION_DAYS) / DAYS_PER_MONTH);
  return [line("ingestion", ingestedGb, P.logAnalyticsIngestion), line("retention beyond 31 days", retainedGb, P.logAnalyticsRetention)];
}

export const AZURE_ESTIMATORS: Readonly<Record<string, Estimator>> = {
  "azure-native:web:WebApp": functionApp,
  "azure-native:webpubsub:WebPubSub": webPubSub,
  "azure-native:storage:StorageAccount": (ctx) => [line("blob storage (hot, LRS)", ctx.traffic.storageGb, P.blobHotLrsStorage)],
  "azure-native:operationalinsights:Workspace": workspace,
};

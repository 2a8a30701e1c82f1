import { durationSecondsOf, invocationsOf } from "./invocations";
import { GB, line, meteredUnits, numberInput, objectInput } from "./lines";
import type { CostLine, ResourceContext } from "./model";
import { AWS_US_EAST_1 } from "./prices/aws-us-east-1";
import { DAYS_PER_MONTH, HOURS_PER_MONTH } from "./prices/price-book";

const P = AWS_US_EAST_1.prices;
/** API Gateway HTTP APIs meter requests in 512 KB increments, WebSocket messages in 32 KB ones (API Gateway pricing page). */
const HTTP_METERING_BYTES = 512 * 1024;
const WEBSOCKET_METERING_BYTES = 32 * 1024;
/** A connection item in the connections table (id, endpoint, timestamps) is well under 1 KB. */
const CONNECTION_ITEM_BYTES = 1024;

type Estimator = (ctx: ResourceContext) => readonly CostLine[];

function lambdaFunction(ctx: ResourceContext): readonly CostLine[] {
  const inputs = ctx.resource.inputs;
  const memoryGb = numberInput(inputs.memorySize, 128) / 1024; // Lambda's default is 128 MB
  const architectures = Array.isArray(inputs.architectures) ? inputs.architectures : [];
  const arm = architectures[0] === "arm64"; // absent means x86_64, Lambda's default
  const invocations = invocationsOf(ctx.kind, ctx.traffic, "aws");
  const gbSeconds = invocations * durationSecondsOf(ctx.kind, ctx.traffic) * memoryGb;
  return [
    line("requests", invocations, P.lambdaRequest),
    line(`duration (${arm ? "arm64" : "x86_64"})`, gbSeconds, arm ? P.lambdaGbSecondArm64 : P.lambdaGbSecondX86),
  ];
}

function apiGatewayApi(ctx: ResourceContext): readonly CostLine[] {
  const protocol = ctx.resource.inputs.protocolType;
  if (protocol === "WEBSOCKET") {
    const ws = ctx.traffic.websocket;
    return [
      line("messages", ws.messagesPerMonth * meteredUnits(ws.messageBytes, WEBSOCKET_METERING_BYTES), P.websocketMessage),
      line("connection minutes", ws.connectionMinutesPerMonth, P.websocketConnectionMinute),
    ];
  }
  if (ctx.kind !== "rest-api") return [];
  const rest = ctx.traffic.restApi;
  return [line("requests", rest.requestsPerMonth * meteredUnits(rest.requestBytes, HTTP_METERING_BYTES), P.httpApiRequest)];
}

function dynamodbTable(ctx: ResourceContext): readonly CostLine[] {
  if (ctx.resource.inputs.billingMode !== "PAY_PER_REQUEST") {
    ctx.assume(`${ctx.resource.name}: provisioned-capacity tables are not estimated (only on-demand)`);
    return [];
  }
  if (ctx.kind !== "websocket") return [];
  const ws = ctx.traffic.websocket;
  // One put on connect, one delete on disconnect; one eventually consistent read per message.
  const storedGb = (ws.connectionMinutesPerMonth / (HOURS_PER_MONTH * 60)) * CONNECTION_ITEM_BYTES / GB;
  const pitr = objectInput(ctx.resource.inputs.pointInTimeRecovery).enabled === true;
  return [
    line("write request units", 2 * ws.connectionsPerMonth, P.dynamodbWriteRequestUnit),
    line("read request units", ws.messagesPerMonth, P.dynamodbReadRequestUnit),
    line("storage", storedGb, P.dynamodbStorage),
    ...(pitr ? [line("point-in-time recovery", storedGb, P.dynamodbPitrStorage)] : []),
  ];
}

function logGroup(ctx: ResourceContext): readonly CostLine[] {
  const ingestedGb = (invocationsOf(ctx.kind, ctx.traffic, "aws") * ctx.traffic.logBytesPerInvocation) / GB;
  const retention = numberInput(ctx.resource.inputs.retentionInDays, 0);
  if (retention === 0) ctx.assume(`${ctx.resource.name}: logs never expire; storage counts 12 months of them`);
  const storedGb = ingestedGb * (retention === 0 ? 12 : retention / DAYS_PER_MONTH);
  return [line("ingestion", ingestedGb, P.logsIngestion), line("storage", storedGb, P.logsStorage)];
}

/** awsx's Vpc: its NAT gateways (one per AZ unless `Single` or `None`), each with a public IPv4 address. */
function vpc(ctx: ResourceContext): readonly CostLine[] {
  const inputs = ctx.resource.inputs;
  const strategy = objectInput(inputs.natGateways).strategy ?? "OnePerAz"; // awsx's default
  const zones = numberInput(inputs.numberOfAvailabilityZones, 3); // awsx's default
  const nats = strategy === "None" ? 0 : strategy === "Single" ? 1 : zones;
  const dataGb = nats > 0 ? ctx.traffic.natDataGbPerMonth : 0;
  return [
    line("NAT gateway hours", nats * HOURS_PER_MONTH, P.natGatewayHour),
    line("NAT data processed", dataGb, P.natGatewayData),
    line("public IPv4 address hours", nats * HOURS_PER_MONTH, P.publicIpv4Hour),
  ];
}

export const AWS_ESTIMATORS: Readonly<Record<string, Estimator>> = {
  "aws:lambda/function:Function": lambdaFunction,
  "aws:apigatewayv2/api:Api": apiGatewayApi,
  "aws:dynamodb/table:Table": dynamodbTable,
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:cloudwatch/metricAlarm:MetricAlarm": () => [line("alarm", 1, P.metricAlarm)],
  "awsx:ec2:Vpc": vpc,
  "aws:s3/bucket:Bucket": (ctx) => [line("storage", ctx.traffic.storageGb, P.s3Storage)],
  "aws:s3/bucketV2:BucketV2": (ctx) => [line("storage", ctx.traffic.storageGb, P.s3Storage)],
  // Each artifact is uploaded once per deployment; one deployment a month is assumed.
  "aws:s3/bucketObject:BucketObject": () => [line("PUT requests", 1, P.s3Put)],
  "aws:s3/bucketObjectv2:BucketObjectv2": () => [line("PUT requests", 1, P.s3Put)],
};

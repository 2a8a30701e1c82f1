import type { CostResource } from "../../application/cost";
import { DEFAULTS, EnvironmentName, TrafficProfile } from "../../domain";

/** Resources shaped as the offline preview lists them: type token, name, parent URN, inputs. */
export class StackBuilder {
  readonly resources: CostResource[] = [];

  private urn(type: string, name: string): string {
    return `urn:pulumi:test::semantest-infrastructure::${type}::${name}`;
  }

  add(type: string, name: string, inputs: Record<string, unknown> = {}, parent: string | null = null): string {
    const urn = this.urn(type, name);
    this.resources.push({ urn, type, name, parent, inputs });
    return urn;
  }

  component(kind: "rest-api" | "websocket"): string {
    return this.add(kind === "rest-api" ? "semantest:components:RestApi" : "semantest:components:WebSocket", kind);
  }

  platform(cloud: "aws" | "azure"): string {
    return this.add(cloud === "aws" ? "semantest:aws:Platform" : "semantest:azure:Platform", `${cloud}-platform`);
  }
}

/** The environment's default traffic with some figures replaced. */
export function trafficOf(env: EnvironmentName, change: {
  restApi?: Partial<TrafficProfile["restApi"]>;
  websocket?: Partial<TrafficProfile["websocket"]>;
  logBytesPerInvocation?: number;
  storageGb?: number;
  natDataGbPerMonth?: number;
} = {}): TrafficProfile {
  const base = DEFAULTS[env].traffic;
  return {
    ...base,
    ...change,
    restApi: { ...base.restApi, ...change.restApi },
    websocket: { ...base.websocket, ...change.websocket },
  };
}

/** AWS REST API as components/aws declares it: function, HTTP API, two log groups, alarms, artifact. */
export function awsRestApi(b: StackBuilder, fn: Record<string, unknown>, options: { retention: number; alarms?: number; vpc?: Record<string, unknown> }): void {
  const parent = b.component("rest-api");
  b.add("aws:lambda/function:Function", "rest-api-function", fn, parent);
  b.add("aws:apigatewayv2/api:Api", "rest-api-api", { protocolType: "HTTP" }, parent);
  b.add("aws:cloudwatch/logGroup:LogGroup", "rest-api-logs", { retentionInDays: options.retention }, parent);
  b.add("aws:cloudwatch/logGroup:LogGroup", "rest-api-access-logs", { retentionInDays: options.retention }, parent);
  b.add("aws:iam/role:Role", "rest-api-role", {}, parent); // no charge: must not appear
  b.add("aws:s3/bucketObject:BucketObject", "rest-api-artifact", {}, parent);
  for (let i = 0; i < (options.alarms ?? 0); i++) b.add("aws:cloudwatch/metricAlarm:MetricAlarm", `rest-api-alarm-${i}`, {}, parent);
  if (options.vpc) b.add("awsx:ec2:Vpc", "rest-api-vpc", options.vpc, parent);
}

export function awsWebSocket(b: StackBuilder, fn: Record<string, unknown>, options: { retention: number; pitr?: boolean }): void {
  const parent = b.component("websocket");
  b.add("aws:lambda/function:Function", "websocket-function", fn, parent);
  b.add("aws:apigatewayv2/api:Api", "websocket-api", { protocolType: "WEBSOCKET" }, parent);
  b.add("aws:cloudwatch/logGroup:LogGroup", "websocket-logs", { retentionInDays: options.retention }, parent);
  b.add("aws:cloudwatch/logGroup:LogGroup", "websocket-access-logs", { retentionInDays: options.retention }, parent);
  b.add("aws:dynamodb/table:Table", "websocket-connections", { billingMode: "PAY_PER_REQUEST", pointInTimeRecovery: { enabled: options.pitr ?? false } }, parent);
  b.add("aws:s3/bucketObject:BucketObject", "websocket-artifact", {}, parent);
}

export function awsPlatform(b: StackBuilder): void {
  const parent = b.platform("aws");
  b.add("aws:s3/bucket:Bucket", "aws-platform-artifacts", {}, parent);
}

/** Azure as components/azure declares it: platform (workspace, insights, two storage accounts), Flex app, Web PubSub. */
export function azurePlatform(b: StackBuilder, retention: number): void {
  const parent = b.platform("azure");
  b.add("azure-native:operationalinsights:Workspace", "azure-platform-logs", { retentionInDays: retention, sku: { name: "PerGB2018" } }, parent);
  b.add("azure-native:applicationinsights:Component", "azure-platform-insights", { retentionInDays: retention, kind: "web" }, parent);
  b.add("azure-native:storage:StorageAccount", "azure-platform-host-storage", { sku: { name: "Standard_LRS" }, kind: "StorageV2" }, parent);
  b.add("azure-native:storage:StorageAccount", "azure-platform-deployment-storage", { sku: { name: "Standard_LRS" }, kind: "StorageV2" }, parent);
}

export function azureFunction(b: StackBuilder, kind: "rest-api" | "websocket", scale: Record<string, unknown>, pubsub?: Record<string, unknown>): void {
  const parent = b.component(kind);
  b.add("azure-native:web:AppServicePlan", `${kind}-plan`, { sku: { name: "FC1", tier: "FlexConsumption" }, kind: "functionapp" }, parent);
  b.add("azure-native:web:WebApp", `${kind}-app`, { functionAppConfig: { runtime: { name: "node", version: "22" }, scaleAndConcurrency: scale } }, parent);
  if (pubsub) b.add("azure-native:webpubsub:WebPubSub", `${kind}-pubsub`, { sku: pubsub, kind: "WebPubSub" }, parent);
}

/** |estimate - hand| within 1 % of the hand calculation. */
export function expectWithinOnePercent(estimate: number, hand: number): void {
  expect(hand).toBeGreaterThan(0);
  expect(Math.abs(estimate - hand) / hand).toBeLessThan(0.01);
}

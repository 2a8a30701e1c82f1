import { CloudProvider } from "./cloud-provider";
import { EnvironmentName } from "./environment";

/**
 * Environment-aware defaults: what a component gets for every field its stack config omits.
 * docs/configuration.md renders this table, and a test keeps the two in step.
 */
export interface EnvironmentDefaults {
  /** Function memory per provider (Flex Consumption offers 512/2048/4096 only). */
  readonly memoryMb: Readonly<Record<CloudProvider, number>>;
  /** Function timeout, kept under the API Gateway integration timeout on AWS. */
  readonly timeoutSeconds: number;
  /** CloudWatch Logs / Log Analytics retention. Azure's minimum is 30 days. */
  readonly logRetentionDays: Readonly<Record<CloudProvider, number>>;
  /** API Gateway default-route throttling (steady requests per second and burst). */
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  /** REST API CORS origins: open in dev, none (same-origin only) until configured elsewhere. */
  readonly corsAllowOrigins: readonly string[];
  /** Seconds an idle WebSocket connection is kept (API Gateway closes idle ones at 600). */
  readonly idleTimeoutSeconds: number;
  /** Flex Consumption maximum instance count. */
  readonly maxInstances: number;
  /** Azure Web PubSub SKU. */
  readonly webPubSubSku: WebPubSubSku;
  /** CloudWatch alarms on errors, throttles and 5xx. */
  readonly alarms: boolean;
  /** DynamoDB point-in-time recovery for the connections table. */
  readonly pointInTimeRecovery: boolean;
}

export const WEB_PUBSUB_SKUS = ["Free_F1", "Standard_S1", "Premium_P1"] as const;
export type WebPubSubSku = (typeof WEB_PUBSUB_SKUS)[number];

export const DEFAULTS: Readonly<Record<EnvironmentName, EnvironmentDefaults>> = {
  dev: {
    memoryMb: { aws: 512, azure: 2048 },
    timeoutSeconds: 10,
    logRetentionDays: { aws: 7, azure: 30 },
    throttling: { rateLimit: 50, burstLimit: 100 },
    corsAllowOrigins: ["*"],
    idleTimeoutSeconds: 600,
    maxInstances: 40,
    webPubSubSku: "Free_F1",
    alarms: false,
    pointInTimeRecovery: false,
  },
  staging: {
    memoryMb: { aws: 1024, azure: 2048 },
    timeoutSeconds: 29,
    logRetentionDays: { aws: 30, azure: 30 },
    throttling: { rateLimit: 500, burstLimit: 1000 },
    corsAllowOrigins: [],
    idleTimeoutSeconds: 600,
    maxInstances: 100,
    webPubSubSku: "Standard_S1",
    alarms: true,
    pointInTimeRecovery: false,
  },
  production: {
    memoryMb: { aws: 1024, azure: 2048 },
    timeoutSeconds: 29,
    logRetentionDays: { aws: 365, azure: 365 },
    throttling: { rateLimit: 2000, burstLimit: 5000 },
    corsAllowOrigins: [],
    idleTimeoutSeconds: 600,
    maxInstances: 100,
    webPubSubSku: "Standard_S1",
    alarms: true,
    pointInTimeRecovery: true,
  },
};

/** Default events sink when `semantest:events` is absent. */
export const DEFAULT_EVENTS_FILE = ".semantest/events.jsonl";

import { CloudProvider } from "./cloud-provider";
import { EnvironmentName } from "./environment";
import type { TrafficProfile } from "./traffic-profile";

/**
 * Environment-aware defaults: what a component gets for every field its stack config omits.
 * docs/configuration.md renders this table, and a test keeps the two in step.
 */
export interface EnvironmentDefaults {
  /** Function memory per provider (Flex Consumption: 2048 or 4096, function-settings.ts). */
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
  /**
   * Azure Web PubSub access keys (local auth). Off in staging and production: every call is a
   * Microsoft Entra identity's (web-pubsub-auth.ts); on in dev, where the portal's connection string
   * is handy and nothing in the stack needs it.
   */
  readonly webPubSubLocalAuth: boolean;
  /** CloudWatch alarms on errors, throttles and 5xx. */
  readonly alarms: boolean;
  /** DynamoDB point-in-time recovery for the connections table. */
  readonly pointInTimeRecovery: boolean;
  /** The load a cost estimate assumes when `semantest:traffic` omits a figure (see traffic.ts). */
  readonly traffic: TrafficProfile;
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
    webPubSubLocalAuth: true,
    alarms: false,
    pointInTimeRecovery: false,
    traffic: {
      restApi: { requestsPerMonth: 100_000, meanDurationMs: 100, requestBytes: 1024, responseBytes: 2048 },
      websocket: { connectionsPerMonth: 1_000, connectionMinutesPerMonth: 30_000, messagesPerMonth: 100_000, messageBytes: 1024, meanDurationMs: 50 },
      logBytesPerInvocation: 1024,
      storageGb: 1,
      natDataGbPerMonth: 1,
    },
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
    webPubSubLocalAuth: false,
    alarms: true,
    pointInTimeRecovery: false,
    traffic: {
      restApi: { requestsPerMonth: 1_000_000, meanDurationMs: 100, requestBytes: 1024, responseBytes: 2048 },
      websocket: { connectionsPerMonth: 10_000, connectionMinutesPerMonth: 300_000, messagesPerMonth: 1_000_000, messageBytes: 1024, meanDurationMs: 50 },
      logBytesPerInvocation: 1024,
      storageGb: 1,
      natDataGbPerMonth: 5,
    },
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
    webPubSubLocalAuth: false,
    alarms: true,
    pointInTimeRecovery: true,
    traffic: {
      restApi: { requestsPerMonth: 10_000_000, meanDurationMs: 120, requestBytes: 1024, responseBytes: 4096 },
      websocket: { connectionsPerMonth: 100_000, connectionMinutesPerMonth: 6_000_000, messagesPerMonth: 20_000_000, messageBytes: 1024, meanDurationMs: 50 },
      logBytesPerInvocation: 2048,
      storageGb: 5,
      natDataGbPerMonth: 50,
    },
  },
};

/** Default events sink when `semantest:events` is absent. */
export const DEFAULT_EVENTS_FILE = ".semantest/events.jsonl";

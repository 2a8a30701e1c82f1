/**
 * What the AWS WebSocket component (components/aws/websocket.ts) and the handler agree on: the
 * connections table's keys and TTL attribute, and the variables the Lambda gets. No SDK imports
 * here, so the Pulumi program can read it without loading the AWS SDK.
 */
export const PARTITION_KEY = "pk";
export const SORT_KEY = "sk";
export const TTL_ATTRIBUTE = "expiresAt";
/** API Gateway closes every WebSocket connection after 2 hours (WebSocket API quotas). */
export const MAX_CONNECTION_SECONDS = 7200;
/** Registry entries outlive the longest connection by five minutes, then DynamoDB TTL removes them. */
export const CONNECTION_TTL_SECONDS = MAX_CONNECTION_SECONDS + 300;

export const WEBSOCKET_ENV = {
  table: "CONNECTIONS_TABLE",
  ttlSeconds: "CONNECTION_TTL_SECONDS",
  /** Replaces the management endpoint derived from the event (local gateway, tests). */
  endpoint: "SEMANTEST_MANAGEMENT_ENDPOINT",
} as const;

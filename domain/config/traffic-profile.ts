/**
 * `semantest:traffic`: the load a cost estimate assumes, per component. Every field is optional;
 * an omitted one takes the environment's default (defaults.ts, `traffic`). Pure numbers, no
 * prices: application/cost turns a profile and the declared resources into money.
 *
 * @example
 * semantest:traffic:
 *   rest-api: { requestsPerMonth: 5000000, meanDurationMs: 120 }
 *   websocket: { messagesPerMonth: 20000000, connectionMinutesPerMonth: 3000000 }
 */
export interface RestApiTraffic {
  /** HTTP requests per month (each one Lambda / Functions invocation). */
  readonly requestsPerMonth: number;
  /** Mean handler duration, milliseconds. */
  readonly meanDurationMs: number;
  /** Mean request body, bytes (API Gateway HTTP APIs meter requests in 512 KB units). */
  readonly requestBytes: number;
  /** Mean response body, bytes. */
  readonly responseBytes: number;
}

export interface WebSocketTraffic {
  /** WebSocket connections opened per month (each one a connect and a disconnect invocation). */
  readonly connectionsPerMonth: number;
  /** Connection-minutes per month (API Gateway bills them; Web PubSub sizes units by peak connections). */
  readonly connectionMinutesPerMonth: number;
  /** Messages per month, both directions. */
  readonly messagesPerMonth: number;
  /** Mean message size, bytes (API Gateway meters 32 KB units, Web PubSub 2 KB units). */
  readonly messageBytes: number;
  /** Mean handler duration per message or connection event, milliseconds. */
  readonly meanDurationMs: number;
}

export interface TrafficProfile {
  readonly restApi: RestApiTraffic;
  readonly websocket: WebSocketTraffic;
  /** Log bytes written per function invocation (CloudWatch Logs / Log Analytics ingestion). */
  readonly logBytesPerInvocation: number;
  /** Data stored by the deployment's buckets/storage accounts, GB (artifacts, host storage). */
  readonly storageGb: number;
  /** Data the functions send out through a NAT gateway per month, GB (only with `vpc: true`). */
  readonly natDataGbPerMonth: number;
}

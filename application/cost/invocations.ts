import type { TrafficProfile } from "../../domain";
import type { TrafficKind } from "./model";

/**
 * Function invocations a component causes per month. REST: one per request. WebSocket: one per
 * message (an upper bound: messages the server pushes invoke nothing) plus one per connection event:
 * `$connect` and `$disconnect` on API Gateway, `connect`, `connected` and `disconnected` on Web PubSub
 * (the system events the hub forwards to the function, components/azure websocket hub settings).
 */
export function invocationsOf(kind: TrafficKind, traffic: TrafficProfile, cloud: "aws" | "azure"): number {
  if (kind === "rest-api") return traffic.restApi.requestsPerMonth;
  if (kind === "websocket") return traffic.websocket.messagesPerMonth + CONNECTION_EVENTS[cloud] * traffic.websocket.connectionsPerMonth;
  return 0;
}

export const CONNECTION_EVENTS = { aws: 2, azure: 3 } as const;

/** Mean handler duration, seconds, for a component's functions. */
export function durationSecondsOf(kind: TrafficKind, traffic: TrafficProfile): number {
  if (kind === "rest-api") return traffic.restApi.meanDurationMs / 1000;
  if (kind === "websocket") return traffic.websocket.meanDurationMs / 1000;
  return 0;
}

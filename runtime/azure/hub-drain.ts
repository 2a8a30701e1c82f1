/**
 * What a canary route does when a rollback retires its hub (components/azure/canary-route.ts): close every connection of one
 * Web PubSub hub with a reason, through the service's REST API ("Close the connections in the hub",
 * `POST /api/hubs/{hub}/:closeConnections?reason=`, `WebPubSubServiceClient.closeAllConnections`
 * in @azure/web-pubsub). Clients see the reason in their `disconnected` message
 * (`json.webpubsub.azure.v1`) and Microsoft's @azure/web-pubsub-client reconnects on its own
 * through `negotiate`, which no longer assigns the retired hub.
 */
import type { WebPubSubServiceClient } from "@azure/web-pubsub";
import { reconnectReason } from "./canary";

export interface HubDrainInputs {
  /** `https://<service>.webpubsub.azure.com` */
  readonly endpoint: string;
  readonly hub: string;
  /** True while this hub's version is retired (a rolled-back canary): its connections are closed. */
  readonly retired: boolean;
  /** The release the hub's version belongs to (part of the reason clients see). */
  readonly releaseId: string;
}

/** Whether an update from `olds` to `news` closes the hub's connections: only on becoming retired. */
export function drainsOn(olds: Partial<HubDrainInputs> | undefined, news: HubDrainInputs): boolean {
  return news.retired && (!olds?.retired || olds.releaseId !== news.releaseId || olds.hub !== news.hub);
}

/** The reason clients see: `reconnect: release <id> rolled back`. */
export function drainReason(inputs: Pick<HubDrainInputs, "releaseId">): string {
  return reconnectReason(`release ${inputs.releaseId || "(unnamed)"} rolled back`);
}

/**
 * Closes the hub's connections through a `WebPubSubServiceClient` for that hub: tests pass the real
 * SDK pointed at the local Web PubSub emulator; in Azure the dynamic provider builds it from the
 * endpoint and the deploying identity (which the component grants "Web PubSub Service Owner").
 * Only a type is imported here: the provider process loads the SDK where it calls this
 * (components/azure/provider-operations.ts).
 */
export async function drainHub(inputs: HubDrainInputs, service: Pick<WebPubSubServiceClient, "closeAllConnections">): Promise<{ closed: true; reason: string }> {
  const reason = drainReason(inputs);
  await service.closeAllConnections({ reason });
  return { closed: true, reason };
}

/**
 * A Web PubSub service client for a REST function, always with an Entra credential, never a key:
 * its managed identity (REST on Azure) or a user-assigned identity it federates into (REST on AWS,
 * runtime/aws/push-federation.ts), either holding "Web PubSub Service Owner" on the service; wrapped in the `Connections` adapter the WebSocket function uses (./connections.ts).
 *
 * `hubs` is the push setting `SEMANTEST_PUSH_HUB`: one hub, or during a WebSocket release on Azure
 * the stable hub then the canary's, comma-separated (components/azure/websocket.ts): a push then
 * reaches the connections of both versions (runtime/azure/canary.ts).
 */
import type { TokenCredential } from "@azure/core-auth";
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { WebPubSubConnections } from "./connections";
import { parseHubList } from "./canary";

/** `"a,b"` -> `["a", "b"]`, refusing a bad or missing hub name with the setting's name. */
export function pushHubs(hubs: string): [string, ...string[]] {
  const parsed = parseHubList(hubs);
  if (!parsed.ok) throw new Error(parsed.message.replace("WEBPUBSUB_SIBLING_HUBS", "SEMANTEST_PUSH_HUB"));
  const [first, ...rest] = parsed.hubs;
  if (first === undefined) throw new Error(`SEMANTEST_PUSH_HUB ${JSON.stringify(hubs)} names no hub`);
  return [first, ...rest];
}

export function webPubSubConnectionsWithIdentity(endpoint: string, credential: TokenCredential, hubs: string): WebPubSubConnections {
  const [hub, ...siblings] = pushHubs(hubs).map((name) => new WebPubSubServiceClient(endpoint, credential, name));
  return new WebPubSubConnections(hub!, siblings);
}

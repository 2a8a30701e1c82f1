/**
 * A Web PubSub service client for a REST function, by connection string (REST on AWS, read from
 * Secrets Manager) or by managed identity (REST on Azure, role "Web PubSub Service Owner" on the
 * service), wrapped in the `Connections` adapter the WebSocket function uses (./connections.ts).
 */
import type { TokenCredential } from "@azure/core-auth";
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { WebPubSubConnections } from "./connections";
import { parseConnectionString } from "./cloud-events";

export function webPubSubConnections(connectionString: string, hub: string): WebPubSubConnections {
  const { endpoint } = parseConnectionString(connectionString);
  const insecure = endpoint.protocol === "http:"; // a local service emulator only
  return new WebPubSubConnections(new WebPubSubServiceClient(connectionString, hub, insecure ? { allowInsecureConnection: true } : {}));
}

export function webPubSubConnectionsWithIdentity(endpoint: string, credential: TokenCredential, hub: string): WebPubSubConnections {
  return new WebPubSubConnections(new WebPubSubServiceClient(endpoint, credential, hub));
}

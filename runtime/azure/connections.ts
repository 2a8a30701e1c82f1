/**
 * The `Connections` port (app/websocket/port.ts) on Azure Web PubSub, through the service SDK
 * (@azure/web-pubsub `WebPubSubServiceClient`, i.e. the service's REST API).
 *
 * Topics are Web PubSub groups named `topic:<name>`. Every connection also joins the group
 * `connections` when it connects (the connect response's `groups`), because the service has no
 * hub-wide "list connections": listing that group is how `broadcast` knows how many it reached.
 * Web PubSub sends are fire-and-forget (202), so `delivered` counts the connections the service
 * holds at send time, which is what API Gateway's and the local host's counts mean too.
 */
import type { WebPubSubServiceClient } from "@azure/web-pubsub";
import type { BroadcastOptions, BroadcastResult, Connections } from "../../app/websocket/port";

/** The group every connection joins on connect. */
export const ALL_CONNECTIONS_GROUP = "connections";

/** Web PubSub group of a topic (kept apart from the `connections` group by the prefix). */
export function topicGroup(topic: string): string {
  return `topic:${topic}`;
}

/** The SDK's RestError carries the HTTP status; 404 means the connection no longer exists. */
function isGone(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { statusCode?: unknown }).statusCode === 404;
}

export class WebPubSubConnections implements Connections {
  constructor(private readonly client: WebPubSubServiceClient) {}

  async send(connectionId: string, data: string): Promise<void> {
    try {
      await this.client.sendToConnection(connectionId, data, { contentType: "text/plain" });
    } catch (error) {
      if (!isGone(error)) throw error; // a connection that is gone is not an error (port contract)
    }
  }

  async broadcast(data: string, options: BroadcastOptions = {}): Promise<BroadcastResult> {
    const group = this.client.group(options.topic === undefined ? ALL_CONNECTIONS_GROUP : topicGroup(options.topic));
    const except = new Set(options.except ?? []);
    let delivered = 0;
    for await (const member of await group.listConnections()) {
      if (!except.has(member.connectionId)) delivered++;
    }
    if (delivered === 0) return { delivered: 0, gone: 0 };
    await group.sendToAll(data, { contentType: "text/plain", ...(except.size > 0 ? { excludedConnections: [...except] } : {}) });
    return { delivered, gone: 0 };
  }

  async close(connectionId: string, reason?: string): Promise<void> {
    try {
      await this.client.closeConnection(connectionId, reason === undefined ? {} : { reason });
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }

  async subscribe(connectionId: string, topic: string): Promise<void> {
    await this.client.group(topicGroup(topic)).addConnection(connectionId);
  }

  async unsubscribe(connectionId: string, topic: string): Promise<void> {
    await this.client.group(topicGroup(topic)).removeConnection(connectionId);
  }
}

/**
 * A WebSocket app that says which version served each message: `APP_VERSION` (a variable the test
 * gives the stable and the canary app) and the connection id. `broadcast:<text>` broadcasts to every
 * connection of the service (both hubs during a release).
 */
import type { WebSocketApp } from "../../../app/websocket/port";

export function createApp(): WebSocketApp {
  const version = process.env.APP_VERSION ?? "unset";
  return {
    async onConnect() {
      return { accept: true };
    },
    async onMessage(context, data) {
      if (data.startsWith("broadcast:")) {
        const result = await context.connections.broadcast(JSON.stringify({ type: "broadcast", text: data.slice("broadcast:".length), from: version }));
        return context.connections.send(context.connectionId, JSON.stringify({ type: "broadcasted", delivered: result.delivered, version }));
      }
      await context.connections.send(context.connectionId, JSON.stringify({ type: "served", data, version, connectionId: context.connectionId }));
    },
    async onDisconnect() {},
  };
}

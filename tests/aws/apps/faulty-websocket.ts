/** A user's own WebSocket app that misbehaves on purpose: throws on "boom", refuses `?deny`. */
import type { WebSocketApp } from "../../../app/websocket/port";

export function createApp(): WebSocketApp {
  return {
    async onConnect(context) {
      return context.query.deny ? { accept: false, status: 403, reason: "denied by the app" } : { accept: true };
    },
    async onMessage(context, data) {
      if (data === "boom") throw new Error("the app failed");
      await context.connections.send(context.connectionId, `echo:${data}`);
    },
    async onDisconnect() {
      throw new Error("onDisconnect failed too");
    },
  };
}

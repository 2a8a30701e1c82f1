/**
 * A WebSocket app that says which Lambda version ran it: every reply carries
 * `AWS_LAMBDA_FUNCTION_VERSION`, so a test sees which version handled each message.
 */
import type { WebSocketApp } from "../../../app/websocket/port";

const version = () => process.env.AWS_LAMBDA_FUNCTION_VERSION ?? "unknown";

export function createApp(): WebSocketApp {
  return {
    async onConnect() {
      return { accept: true };
    },
    async onMessage(context, data) {
      if (data === "broadcast") {
        await context.connections.broadcast(JSON.stringify({ type: "broadcast", from: context.connectionId, version: version() }));
        return;
      }
      await context.connections.send(context.connectionId, JSON.stringify({ type: "echo", data, version: version() }));
    },
    async onDisconnect() {
      // nothing to clean: the host removes the registry entries
    },
  };
}

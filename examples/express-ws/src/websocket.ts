/**
 * The adaptation for semantest-iac: the `ws` server's `connection` / `message` / `close` listeners
 * become `onConnect` / `onMessage` / `onDisconnect` (app/websocket/port.ts); `ws.send(text)`
 * becomes `connections.send(connectionId, text)`. Nothing listens: API Gateway, Web PubSub or the
 * local gateway holds the sockets.
 */
import type { WebSocketApp } from "../../../app/websocket/port";
import { handleMessage } from "./messages";

export function createApp(): WebSocketApp {
  return {
    onConnect: async () => ({ accept: true }),
    onConnected: async ({ connectionId, connections }) => connections.send(connectionId, JSON.stringify({ type: "hello" })),
    onMessage: async ({ connectionId, connections }, data) => handleMessage({ send: (text) => connections.send(connectionId, text) }, data),
    onDisconnect: async () => undefined,
  };
}

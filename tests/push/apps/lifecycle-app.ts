/**
 * A WebSocket app exercising the lifecycle: it names the connection in `onConnect` (state),
 * greets it in `onConnected`, counts its messages in the state, and tells the `lobby` topic who
 * left, why, and after how many messages.
 */
import { StateNotWritableError, type WebSocketApp } from "../../../app/websocket/port";

export function createApp(): WebSocketApp {
  return {
    async onConnect(context) {
      await context.state?.set({ name: context.query.name ?? "anonymous", messages: 0 });
      return { accept: true };
    },
    async onConnected(context) {
      const state = (await context.state?.get()) ?? {};
      await context.connections.send(context.connectionId, JSON.stringify({ type: "welcome", name: state.name ?? null }));
    },
    async onMessage(context, data) {
      if (data === "join-lobby") return context.connections.subscribe(context.connectionId, "lobby");
      const state = (await context.state?.get()) ?? {};
      const messages = Number(state.messages ?? 0) + 1;
      await context.state?.set({ messages });
      await context.connections.send(context.connectionId, JSON.stringify({ type: "echo", data, messages, name: state.name ?? null }));
    },
    async onDisconnect(context) {
      const state = (await context.state?.get()) ?? {};
      let writable = true;
      try {
        await context.state?.set({ gone: true });
      } catch (error) {
        writable = !(error instanceof StateNotWritableError);
      }
      const left = { type: "left", name: state.name ?? null, messages: state.messages ?? null, reason: context.reason ?? null, code: context.code ?? null, writable };
      await context.connections.broadcast(JSON.stringify(left), { topic: "lobby", except: [context.connectionId] });
    },
  };
}

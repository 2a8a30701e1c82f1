/** The plain `ws` host of a WebSocket app, with the relay: the scenario every host must pass. */
import * as http from "http";
import type { AddressInfo } from "net";
import type { WebSocketApp } from "../../app/websocket/port";
import { createRelayApp } from "../../app/websocket/relay";
import { LocalWebSocketHost } from "../../runtime/local/ws-host";
import { Client, eventually } from "./support";

async function host(app: WebSocketApp, onError?: (where: string) => void) {
  const ws = new LocalWebSocketHost(app, { path: "/ws", onError: (where) => onError?.(where) });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  ws.attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
  return {
    ws,
    url,
    close: async () => {
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("LocalWebSocketHost", () => {
  it("runs the relay: three clients subscribe, one publishes, the others receive; a leaver is forgotten", async () => {
    const h = await host(createRelayApp());
    try {
      const clients = [await Client.connect(h.url), await Client.connect(h.url), await Client.connect(h.url)];
      for (const c of clients) c.send({ action: "subscribe", topic: "t" });
      for (const c of clients) await c.next((f) => f.type === "subscribed");
      expect(h.ws.connections.subscribers("t")).toHaveLength(3);
      clients[0]!.send({ action: "publish", topic: "t", payload: 1 });
      for (const c of clients.slice(1)) expect(await c.next((f) => f.type === "message")).toEqual({ type: "message", topic: "t", payload: 1 });
      clients[2]!.close();
      await eventually(async () => h.ws.connections.size, (n) => n === 2);
      expect(h.ws.connections.subscribers("t")).toHaveLength(2);
      clients[1]!.send("{bad");
      expect(await clients[1]!.next((f) => f.type === "error")).toMatchObject({ code: "MALFORMED_JSON" });
    } finally {
      await h.close();
    }
  });

  it("refuses the handshake when onConnect says no, or throws", async () => {
    const errors: string[] = [];
    const app: WebSocketApp = {
      onConnect: async (ctx) => {
        if (ctx.query.boom) throw new Error("boom");
        return { accept: false, status: 401, reason: "no token" };
      },
      onMessage: async () => undefined,
      onDisconnect: async () => undefined,
    };
    const h = await host(app, (where) => errors.push(where));
    try {
      await expect(Client.connect(h.url)).rejects.toThrow("refused with 401");
      await expect(Client.connect(`${h.url}?boom=1`)).rejects.toThrow("refused with 500");
      await expect(Client.connect(h.url.replace("/ws", "/other"))).rejects.toThrow("refused with 404");
      expect(errors).toEqual(["onConnect"]);
    } finally {
      await h.close();
    }
  });

  it("keeps the connection when onMessage or onDisconnect throws, and reports it", async () => {
    const errors: string[] = [];
    const app: WebSocketApp = {
      onConnect: async () => ({ accept: true }),
      onMessage: async () => Promise.reject(new Error("bug")),
      onDisconnect: async () => Promise.reject(new Error("bug")),
    };
    const h = await host(app, (where) => errors.push(where));
    try {
      const client = await Client.connect(h.url);
      client.send("x");
      await eventually(async () => errors, (e) => e.includes("onMessage"));
      expect(h.ws.connections.size).toBe(1);
      client.close();
      await eventually(async () => errors, (e) => e.includes("onDisconnect"));
    } finally {
      await h.close();
    }
  });
  it("greets from onConnected before the first message's answer, keeps per-connection state, and passes the close code and reason", async () => {
    const disconnects: { code?: number; reason?: string; state: unknown }[] = [];
    const refusedWrites: string[] = [];
    const app: WebSocketApp = {
      onConnect: async (c) => {
        await c.state!.set({ user: c.query?.user ?? "anonymous", count: 0 });
        return { accept: true };
      },
      onConnected: async (c) => {
        const state = await c.state!.get();
        await c.state!.set({ count: -1 }).catch((error: { code?: string }) => refusedWrites.push(String(error.code)));
        await c.connections.send(c.connectionId, JSON.stringify({ type: "hello", user: state.user }));
      },
      onMessage: async (c) => {
        const count = Number((await c.state!.get()).count) + 1;
        await c.state!.set({ count });
        await c.connections.send(c.connectionId, JSON.stringify({ type: "count", count }));
      },
      onDisconnect: async (c) => {
        disconnects.push({ code: c.code, reason: c.reason, state: await c.state!.get() });
      },
    };
    const h = await host(app);
    try {
      const a = await Client.connect(`${h.url}?user=ada`);
      const b = await Client.connect(h.url);
      a.send("x");
      a.send("x");
      b.send("x");
      await a.next((f) => f.type === "count" && f.count === 2);
      await b.next((f) => f.type === "count");
      expect(a.frames).toEqual([{ type: "hello", user: "ada" }, { type: "count", count: 1 }, { type: "count", count: 2 }]);
      expect(b.frames).toEqual([{ type: "hello", user: "anonymous" }, { type: "count", count: 1 }]);
      expect(refusedWrites).toEqual(["STATE_NOT_WRITABLE", "STATE_NOT_WRITABLE"]);
      a.socket.close(4000, "done here");
      await eventually(async () => disconnects.length, (n) => n === 1);
      expect(disconnects[0]).toEqual({ code: 4000, reason: "done here", state: { user: "ada", count: 2 } });
      b.close();
    } finally {
      await h.close();
    }
  });
});

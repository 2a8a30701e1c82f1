/**
 * The Web PubSub service emulation on its own: a recording HTTP server is the hub's event handler,
 * and the real @azure/web-pubsub WebPubSubServiceClient calls its REST API.
 */
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { WebPubSubClient as WebPubSubReliableClient } from "@azure/web-pubsub-client";
import { WebPubSubEventHandler } from "@azure/web-pubsub-express";
import express from "express";
import WebSocket from "ws";
import * as http from "http";
import type { AddressInfo } from "net";
import { cloudEventSignature, signJwt, verifyJwt, WebPubSubEmulator } from "../../runtime/local/azure/web-pubsub";
import { Client, eventually } from "./support";

const KEY = "local-test-access-key";

interface Upstream {
  readonly method: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

type Reply = (event: Upstream) => { status: number; body?: string; headers?: Record<string, string> };

interface Setup {
  readonly service: WebPubSubEmulator;
  readonly calls: Upstream[];
  readonly sdk: WebPubSubServiceClient;
  readonly base: string;
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function setup(reply: Reply = () => ({ status: 204 }), allowOrigin?: string): Promise<Setup> {
  const calls: Upstream[] = [];
  let host = "";
  const upstream = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const call = { method: req.method ?? "", headers: req.headers, body };
      calls.push(call);
      if (req.method === "OPTIONS") {
        res.writeHead(200, { "WebHook-Allowed-Origin": allowOrigin ?? host }).end();
        return;
      }
      const answer = reply(call);
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.body);
    });
  });
  const upstreamUrl = await listen(upstream);
  const service = new WebPubSubEmulator({ accessKey: KEY, eventHandlers: { chat: { url: `${upstreamUrl}/events` } } });
  const server = http.createServer((req, res) => {
    if (!service.handleRest(req, res)) res.writeHead(404).end();
  });
  service.attach(server);
  const base = await listen(server);
  host = new URL(base).host;
  service.setEndpoint(base);
  const sdk = new WebPubSubServiceClient(service.connectionString, "chat", { allowInsecureConnection: true });
  return {
    service,
    calls,
    sdk,
    base,
    close: async () => {
      await service.close();
      for (const s of [server, upstream]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}

const connectClient = async (s: Setup, options: { userId?: string; groups?: string[] } = {}) => Client.connect((await s.sdk.getClientAccessToken(options)).url);
const posts = (s: Setup, type: string) => s.calls.filter((c) => c.method === "POST" && c.headers["ce-type"] === type);

describe("WebPubSubEmulator", () => {
  let s: Setup;
  afterEach(() => s?.close());

  it("validates the event handler (abuse protection), then sends a signed connect CloudEvent, then connected", async () => {
    s = await setup((call) => (call.headers["ce-type"] === "azure.webpubsub.sys.connect" ? { status: 200, body: "{}", headers: { "content-type": "application/json" } } : { status: 204 }));
    await connectClient(s, { userId: "ada" });
    const connected = await eventually(async () => posts(s, "azure.webpubsub.sys.connected"), (c) => c.length === 1);
    expect(s.calls[0]!.method).toBe("OPTIONS");
    expect(s.calls[0]!.headers["webhook-request-origin"]).toBe(new URL(s.base).host);
    const [connect] = posts(s, "azure.webpubsub.sys.connect");
    const id = connect!.headers["ce-connectionid"] as string;
    expect(connect!.headers).toMatchObject({ "ce-specversion": "1.0", "ce-awpsversion": "1.0", "ce-hub": "chat", "ce-userid": "ada", "ce-eventname": "connect", "content-type": "application/json" });
    expect(connect!.headers["ce-signature"]).toBe(cloudEventSignature(id, KEY));
    expect(JSON.parse(connect!.body)).toMatchObject({ claims: { sub: ["ada"] }, query: {}, subprotocols: [] });
    expect(connected[0]!.headers["ce-connectionid"]).toBe(id);
    expect(s.service.snapshot().connections).toEqual([id]);
  });

  it("joins the groups the connect answer names and refuses when the handler says 401", async () => {
    s = await setup((call) => {
      if (call.headers["ce-type"] !== "azure.webpubsub.sys.connect") return { status: 204 };
      return JSON.parse(call.body).query.deny ? { status: 401 } : { status: 200, body: JSON.stringify({ groups: ["lobby"], userId: "from-handler" }) };
    });
    await connectClient(s);
    const { connections, groups } = s.service.snapshot("chat");
    expect(groups.lobby).toEqual(connections);
    const token = await s.sdk.getClientAccessToken();
    await expect(Client.connect(`${token.url}&deny=1`)).rejects.toThrow("refused with 401");
  });

  it("refuses a connection without a valid token", async () => {
    s = await setup();
    await expect(Client.connect(`${s.base.replace("http", "ws")}/client/hubs/chat`)).rejects.toThrow("refused with 401");
    await expect(Client.connect(`${s.base.replace("http", "ws")}/client/hubs/chat?access_token=${signJwt({ aud: `${s.base}/client/hubs/chat` }, "wrong-key")}`)).rejects.toThrow("refused with 401");
    await expect(Client.connect(`${s.base.replace("http", "ws")}/client/hubs/chat?access_token=${signJwt({ aud: `${s.base}/client/hubs/other` }, KEY)}`)).rejects.toThrow("refused with 401");
  });

  it("refuses connections when the event handler fails the abuse-protection handshake", async () => {
    s = await setup(() => ({ status: 204 }), "someone-else.example");
    await expect(connectClient(s)).rejects.toThrow("refused with 500");
  });

  it("forwards a text frame as a user message event and sends a 200 body back to the client", async () => {
    s = await setup((call) => (call.headers["ce-type"] === "azure.webpubsub.user.message" ? { status: 200, body: '{"echo":true}', headers: { "content-type": "application/json" } } : { status: 204 }));
    const client = await connectClient(s);
    client.send("hello there");
    expect(await client.next((f) => f.echo === true)).toEqual({ echo: true });
    const [message] = posts(s, "azure.webpubsub.user.message");
    expect(message!.body).toBe("hello there");
    expect(message!.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(message!.headers["ce-eventname"]).toBe("message");
  });

  it("sends disconnected with the reason after a client leaves, and forgets its groups", async () => {
    s = await setup();
    const client = await connectClient(s, { groups: ["g"] });
    expect(Object.keys(s.service.snapshot().groups)).toEqual(["g"]);
    client.socket.close(4001, "done");
    const [disconnected] = await eventually(async () => posts(s, "azure.webpubsub.sys.disconnected"), (d) => d.length === 1);
    expect(JSON.parse(disconnected!.body)).toEqual({ reason: "done" });
    expect(s.service.snapshot()).toEqual({ connections: [], groups: {} });
  });

  describe("REST API, through the real WebPubSubServiceClient", () => {
    it("sends to one connection, to all but the excluded, to a user and to a group", async () => {
      s = await setup();
      const a = await connectClient(s, { userId: "ada" });
      const b = await connectClient(s);
      const aId = posts(s, "azure.webpubsub.sys.connect")[0]!.headers["ce-connectionid"] as string;
      const bId = s.service.snapshot().connections.find((id) => id !== aId)!;

      await s.sdk.sendToConnection(aId, '{"to":"a"}', { contentType: "text/plain" });
      expect(await a.next((f) => f.to === "a")).toEqual({ to: "a" });

      await s.sdk.sendToAll('{"to":"all"}', { contentType: "text/plain", excludedConnections: [aId] });
      await b.next((f) => f.to === "all");

      await s.sdk.sendToUser("ada", '{"to":"ada"}', { contentType: "text/plain" });
      await a.next((f) => f.to === "ada");

      const group = s.sdk.group("topic:news");
      await group.addConnection(bId);
      const members: string[] = [];
      for await (const member of await group.listConnections()) members.push(member.connectionId);
      expect(members).toEqual([bId]);
      await group.sendToAll('{"to":"news"}', { contentType: "text/plain" });
      await b.next((f) => f.to === "news");
      await group.removeConnection(bId);
      expect(s.service.snapshot().groups).toEqual({});
      expect(a.frames.some((f) => (f as { to?: string }).to === "all" || (f as { to?: string }).to === "news")).toBe(false);
    });

    it("tells whether a connection exists, and closes it", async () => {
      s = await setup();
      const client = await connectClient(s);
      const [id] = s.service.snapshot().connections;
      expect(await s.sdk.connectionExists(id!)).toBe(true);
      expect(await s.sdk.connectionExists("missing")).toBe(false);
      await s.sdk.closeConnection(id!, { reason: "admin" });
      expect(await client.waitClosed()).toEqual({ code: 1000, reason: "admin" });
    });

    it("answers 404 for a send to a connection that is gone, and for adding it to a group", async () => {
      s = await setup();
      await expect(s.sdk.sendToConnection("gone", "x", { contentType: "text/plain" })).rejects.toMatchObject({ statusCode: 404 });
      await expect(s.sdk.group("g").addConnection("gone")).rejects.toMatchObject({ statusCode: 404 });
    });

    it("refuses calls without a bearer token signed with the access key", async () => {
      s = await setup();
      expect((await fetch(`${s.base}/api/hubs/chat/:send?api-version=2024-12-01`, { method: "POST", body: "x" })).status).toBe(401);
      const forged = signJwt({ aud: `${s.base}/api/hubs/chat/:send` }, "not-the-key");
      expect((await fetch(`${s.base}/api/hubs/chat/:send`, { method: "POST", headers: { authorization: `Bearer ${forged}` }, body: "x" })).status).toBe(401);
    });

    it("generates client tokens on :generateToken", async () => {
      s = await setup();
      const auth = signJwt({ aud: `${s.base}/api/hubs/chat/:generateToken`, exp: Math.floor(Date.now() / 1000) + 60 }, KEY);
      const res = await fetch(`${s.base}/api/hubs/chat/:generateToken?userId=bob&minutesToExpire=5&group=g1`, { method: "POST", headers: { authorization: `Bearer ${auth}` } });
      const { token } = (await res.json()) as { token: string };
      const verified = verifyJwt(token, KEY);
      expect(verified).toMatchObject({ ok: true, claims: { sub: "bob", aud: `${s.base}/client/hubs/chat`, "webpubsub.group": ["g1"] } });
      const client = await Client.connect(`${s.base.replace("http", "ws")}/client/hubs/chat?access_token=${token}`);
      expect(s.service.snapshot().groups.g1).toHaveLength(1);
      client.close();
    });

    it("answers 404 for an operation it does not emulate", async () => {
      s = await setup();
      const url = `${s.base}/api/hubs/chat/:addToGroups`; // OData filters are not emulated
      const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${signJwt({ aud: url }, KEY)}` } });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { message: string }).message).toContain("not an operation of the emulated Web PubSub REST API");
    });
  });
});

describe("verifyJwt", () => {
  it("accepts its own tokens and refuses expired, unsigned and malformed ones", () => {
    expect(verifyJwt(signJwt({ sub: "a" }, KEY), KEY)).toEqual({ ok: true, claims: { sub: "a" } });
    expect(verifyJwt(signJwt({ exp: 1 }, KEY), KEY)).toEqual({ ok: false, reason: "the token has expired" });
    expect(verifyJwt("a.b", KEY)).toEqual({ ok: false, reason: "the token is not a JWT" });
    expect(verifyJwt("e30.!!!.x", KEY)).toMatchObject({ ok: false });
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from("{}").toString("base64url")}.`;
    expect(verifyJwt(none, KEY)).toEqual({ ok: false, reason: 'alg "none" is not HS256' });
  });
});

describe("WebPubSubEmulator: subprotocols and CloudEvents details (issue 19)", () => {
  let s: Setup;
  afterEach(() => s?.close());
  const received: Record<string, unknown>[] = [];
  const open = (url: string, protocols: string[]) =>
    new Promise<WebSocket>((resolve, reject) => {
      received.length = 0;
      const socket = new WebSocket(url, protocols);
      socket.on("message", (data) => received.push(JSON.parse(data.toString()) as Record<string, unknown>));
      socket.once("open", () => resolve(socket));
      socket.once("unexpected-response", (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
      socket.once("error", reject);
    });

  it("passes the connect handler's 4xx (429) to the client as is", async () => {
    s = await setup((call) => (call.headers["ce-type"] === "azure.webpubsub.sys.connect" ? { status: 429, body: "slow down" } : { status: 204 }));
    await expect(connectClient(s)).rejects.toThrow("refused with 429");
  });

  it("sends the offered subprotocols, then ce-subprotocol and the ce-connectionState the connect answer set on later events", async () => {
    s = await setup((call) =>
      call.headers["ce-type"] === "azure.webpubsub.sys.connect"
        ? { status: 200, body: "{}", headers: { "content-type": "application/json", "ce-connectionState": "eyJuIjoxfQ==" } as Record<string, string> }
        : call.headers["ce-type"] === "azure.webpubsub.user.greet"
          ? { status: 200, body: "hi back", headers: { "content-type": "text/plain" } }
          : { status: 204 },
    );
    const socket = await open((await s.sdk.getClientAccessToken({ userId: "ada" })).url, ["json.webpubsub.azure.v1", "custom.v1"]);
    expect(socket.protocol).toBe("json.webpubsub.azure.v1");
    socket.send(JSON.stringify({ type: "event", event: "greet", dataType: "json", data: { hello: 1 }, ackId: 7 }));
    await eventually(async () => received, (r) => r.some((f) => f.type === "message"));
    expect(received[0]).toMatchObject({ type: "system", event: "connected", userId: "ada" });
    expect(received).toContainEqual({ type: "ack", ackId: 7, success: true });
    expect(received).toContainEqual({ type: "message", from: "server", dataType: "text", data: "hi back" });
    expect(JSON.parse(posts(s, "azure.webpubsub.sys.connect")[0]!.body).subprotocols).toEqual(["json.webpubsub.azure.v1", "custom.v1"]);
    const [event] = posts(s, "azure.webpubsub.user.greet");
    expect(event!.headers).toMatchObject({ "ce-subprotocol": "json.webpubsub.azure.v1", "ce-connectionstate": "eyJuIjoxfQ==", "ce-eventname": "greet", "content-type": "application/json" });
    expect(JSON.parse(event!.body)).toEqual({ hello: 1 }); // the event data, not the envelope
    socket.send(JSON.stringify({ type: "event", event: "greet", dataType: "json", data: {}, ackId: 7 }));
    await eventually(async () => received, (r) => r.some((f) => f.type === "ack" && (f.error as { name?: string } | undefined)?.name === "Duplicate"));
    socket.close();
  });

  it("uses a custom subprotocol only when the connect handler picks it (no pick: the client's handshake fails)", async () => {
    s = await setup((call) => {
      if (call.headers["ce-type"] !== "azure.webpubsub.sys.connect") return { status: 204 };
      return JSON.parse(call.body).query.pick ? { status: 200, body: JSON.stringify({ subprotocol: "custom.v1" }) } : { status: 204 };
    });
    const url = (await s.sdk.getClientAccessToken()).url;
    const picked = await open(`${url}&pick=1`, ["custom.v1"]);
    expect(picked.protocol).toBe("custom.v1");
    picked.close();
    await expect(open(url, ["custom.v1"])).rejects.toThrow(/subprotocol/i);
  });

  it("drops the connection when a user event handler answers 500, and tells the handler why", async () => {
    s = await setup((call) => (call.headers["ce-type"] === "azure.webpubsub.user.message" ? { status: 500 } : { status: 204 }));
    const client = await connectClient(s);
    client.send("boom");
    expect((await client.waitClosed()).code).toBe(1011);
    const [disconnected] = await eventually(async () => posts(s, "azure.webpubsub.sys.disconnected"), (d) => d.length === 1);
    expect(JSON.parse(disconnected!.body).reason).toContain("500");
  });

  it("recovers a dropped json.reliable connection (same id, messages sent meanwhile delivered), and refuses an unknown one with 1008", async () => {
    s = await setup();
    const client = new WebPubSubReliableClient((await s.sdk.getClientAccessToken()).url);
    const received: unknown[] = [];
    client.on("server-message", (e) => received.push(e.message.data));
    await client.start();
    const [id] = s.service.snapshot("chat").connections;
    expect(s.service.dropSocket(id!)).toBe(true);
    await s.sdk.sendToConnection(id!, "while away", { contentType: "text/plain" });
    await eventually(async () => received, (r) => r.includes("while away"));
    expect(s.service.snapshot("chat").connections).toEqual([id]);
    expect(posts(s, "azure.webpubsub.sys.disconnected")).toEqual([]);
    client.stop();
    const socket = new WebSocket(`${s.base.replace("http", "ws")}/client/hubs/chat?awps_connection_id=nope&awps_reconnection_token=x`, ["json.reliable.webpubsub.azure.v1"]);
    const code = await new Promise<number>((resolve) => socket.once("close", (c) => resolve(c)));
    expect(code).toBe(1008);
  });
});

describe("WebPubSubEmulator upstream, handled by Microsoft's @azure/web-pubsub-express", () => {
  it("round-trips connection state and roles through WebPubSubEventHandler", async () => {
    const seen: { states?: Record<string, unknown>; subprotocol?: string; data?: unknown }[] = [];
    const handler = new WebPubSubEventHandler("chat", {
      path: "/events",
      handleConnect: (req, res) => {
        res.setState("visits", 1);
        expect(req.subprotocols).toEqual(["json.reliable.webpubsub.azure.v1"]);
        res.success({ userId: "grace", roles: ["webpubsub.joinLeaveGroup.room", "webpubsub.sendToGroup.room"] });
      },
      handleUserEvent: (req, res) => {
        seen.push({ states: req.context.states, subprotocol: req.context.subprotocol, data: req.data });
        res.success("noted", "text");
      },
    });
    const upstream = express().use(handler.getMiddleware());
    const upstreamServer = http.createServer(upstream);
    const upstreamUrl = await listen(upstreamServer);
    const service = new WebPubSubEmulator({ accessKey: KEY, eventHandlers: { chat: { url: `${upstreamUrl}/events` } } });
    const server = http.createServer((req, res) => void (service.handleRest(req, res) || res.writeHead(404).end()));
    service.attach(server);
    service.setEndpoint(await listen(server));
    const sdk = new WebPubSubServiceClient(service.connectionString, "chat", { allowInsecureConnection: true });
    const client = new WebPubSubReliableClient((await sdk.getClientAccessToken()).url);
    const messages: unknown[] = [];
    client.on("server-message", (e) => messages.push(e.message.data));
    try {
      const connected = new Promise<string | undefined>((resolve) => client.on("connected", (e) => resolve(e.userId)));
      await client.start();
      expect(await connected).toBe("grace");
      await client.joinGroup("room"); // granted by the connect answer's roles
      await expect(client.joinGroup("elsewhere")).rejects.toMatchObject({ errorDetail: { name: "Forbidden" } });
      await client.sendEvent("note", { x: 1 }, "json");
      await eventually(async () => messages, (m) => m.includes("noted"));
      // (the library does not fill context.subprotocol from ce-subprotocol; the raw-handler test above checks that header)
      expect(seen).toEqual([{ states: { visits: 1 }, subprotocol: undefined, data: { x: 1 } }]);
    } finally {
      client.stop();
      await service.close();
      for (const s of [server, upstreamServer]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    }
  });
});

/**
 * The API Gateway WebSocket API emulation on its own: a recording integration stands in for the
 * Lambda, and the real AWS SDK ApiGatewayManagementApiClient talks to its @connections endpoint.
 */
import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, PostToConnectionCommand } from "@aws-sdk/client-apigatewaymanagementapi";
import * as http from "http";
import type { AddressInfo } from "net";
import WebSocket from "ws";
import { ApiGatewayWebSocketEmulator, selectRoute, type WebSocketApiEvent, type WebSocketApiLimits } from "../../runtime/local/aws/websocket-api";
import type { InvokeOutcome } from "../../runtime/local/worker";
import { Client, eventually } from "./support";

interface Setup {
  readonly events: WebSocketApiEvent[];
  readonly emulator: ApiGatewayWebSocketEmulator;
  readonly url: string;
  readonly endpoint: string;
  readonly client: ApiGatewayManagementApiClient;
  close(): Promise<void>;
}

type Answer = (event: WebSocketApiEvent) => InvokeOutcome | Promise<InvokeOutcome>;
const ok = (statusCode = 200): InvokeOutcome => ({ ok: true, result: { statusCode } });

async function setup(answer: Answer = () => ok(), limits: Partial<WebSocketApiLimits> = {}, routes: string[] = []): Promise<Setup> {
  const events: WebSocketApiEvent[] = [];
  const emulator = new ApiGatewayWebSocketEmulator({
    stage: "test",
    limits,
    routes,
    invoke: async (event) => {
      events.push(event);
      return answer(event);
    },
  });
  const server = http.createServer((req, res) => {
    if (!emulator.handleManagement(req, res)) res.writeHead(404).end();
  });
  emulator.attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}/test`;
  const client = new ApiGatewayManagementApiClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  return {
    events,
    emulator,
    url: `ws://127.0.0.1:${port}/test`,
    endpoint,
    client,
    close: async () => {
      await emulator.close();
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const connectionOf = (s: Setup) => s.events.find((e) => e.requestContext.eventType === "CONNECT")!.requestContext.connectionId;

describe("ApiGatewayWebSocketEmulator", () => {
  let s: Setup;
  afterEach(() => s?.close());

  it("sends a $connect event shaped like API Gateway's, with headers and query", async () => {
    s = await setup();
    const client = await Client.connect(`${s.url}?token=abc&token=def`);
    const event = s.events[0]!;
    expect(event.requestContext).toMatchObject({ routeKey: "$connect", eventType: "CONNECT", stage: "test", messageDirection: "IN", apiId: "local" });
    expect(event.requestContext.connectionId).toMatch(/^[A-Za-z0-9]{15}=$/);
    expect(event.requestContext.identity).toMatchObject({ sourceIp: "127.0.0.1" });
    expect(event.requestContext.requestTime).toMatch(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.queryStringParameters).toEqual({ token: "def" });
    expect(event.multiValueQueryStringParameters).toEqual({ token: ["abc", "def"] });
    expect(event.headers?.Host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(event.isBase64Encoded).toBe(false);
    expect(s.emulator.connectionIds()).toEqual([event.requestContext.connectionId]);
    client.close();
  });

  it("refuses the handshake with the status $connect returns, and with 500 when the integration fails", async () => {
    s = await setup((event) => (event.queryStringParameters?.who === "crash" ? { ok: false, kind: "error", error: { errorType: "Error", errorMessage: "boom" } } : ok(401)));
    await expect(Client.connect(`${s.url}?who=nobody`)).rejects.toThrow("refused with 401");
    await expect(Client.connect(`${s.url}?who=crash`)).rejects.toThrow("refused with 500");
    expect(s.emulator.connectionIds()).toEqual([]);
  });

  it("answers a WebSocket upgrade on another path with 404", async () => {
    s = await setup();
    await expect(Client.connect(s.url.replace("/test", "/other"))).rejects.toThrow("refused with 404");
  });

  it("routes every frame to $default when no other route matches, with the body as sent", async () => {
    s = await setup();
    const client = await Client.connect(s.url);
    client.send({ action: "publish", topic: "t" });
    client.send("not json");
    const messages = await eventually(async () => s.events.filter((e) => e.requestContext.eventType === "MESSAGE"), (m) => m.length === 2);
    expect(messages.map((m) => m.requestContext.routeKey)).toEqual(["$default", "$default"]);
    expect(messages.map((m) => m.body)).toEqual(['{"action":"publish","topic":"t"}', "not json"]);
    expect(messages[0]!.requestContext).toHaveProperty("messageId");
    client.close();
  });

  it("selects a declared route by $request.body.action", async () => {
    s = await setup(() => ok(), {}, ["ping"]);
    const client = await Client.connect(s.url);
    client.send({ action: "ping" });
    const [message] = await eventually(async () => s.events.filter((e) => e.requestContext.eventType === "MESSAGE"), (m) => m.length === 1);
    expect(message!.requestContext.routeKey).toBe("ping");
    client.close();
  });

  it("sends API Gateway's error frame when the integration fails on a message", async () => {
    s = await setup((event) => (event.requestContext.eventType === "MESSAGE" ? { ok: false, kind: "timeout", error: { errorType: "Sandbox.Timedout", errorMessage: "late" } } : ok()));
    const client = await Client.connect(s.url);
    client.send("hi");
    const frame = await client.next((f) => f.message === "Internal server error");
    expect(frame).toEqual({ message: "Internal server error", connectionId: connectionOf(s), requestId: expect.any(String) });
  });

  it("sends $disconnect with the close code after the client leaves", async () => {
    s = await setup();
    const client = await Client.connect(s.url);
    client.socket.close(4000, "bye");
    const [event] = await eventually(async () => s.events.filter((e) => e.requestContext.eventType === "DISCONNECT"), (d) => d.length === 1);
    expect(event!.requestContext).toMatchObject({ routeKey: "$disconnect", disconnectStatusCode: 4000, disconnectReason: "bye", connectionId: connectionOf(s) });
    expect(s.emulator.connectionIds()).toEqual([]);
  });

  describe("limits", () => {
    it("closes a connection that sends a frame above 32 KB with 1009", async () => {
      s = await setup();
      expect(s.emulator.enforcesFrameLimit).toBe(true);
      const client = await Client.connect(s.url);
      client.send("x".repeat(33 * 1024));
      expect((await client.waitClosed()).code).toBe(1009);
      expect(s.events.some((e) => e.requestContext.eventType === "MESSAGE")).toBe(false);
    });

    it("takes a 60 KB message sent as 32 KB frames, and refuses a 130 KB one with 1009", async () => {
      s = await setup();
      const client = await Client.connect(s.url);
      const message = "y".repeat(60 * 1024);
      client.socket.send(message.slice(0, 30 * 1024), { fin: false });
      client.socket.send(message.slice(30 * 1024), { fin: true });
      const [received] = await eventually(async () => s.events.filter((e) => e.requestContext.eventType === "MESSAGE"), (m) => m.length === 1);
      expect(received!.body).toBe(message);
      for (let i = 0; i < 5; i++) client.socket.send("z".repeat(26 * 1024), { fin: i === 4 });
      expect((await client.waitClosed()).code).toBe(1009);
    });

    it("closes a connection that sends a binary frame with 1003", async () => {
      s = await setup();
      const client = await Client.connect(s.url);
      client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
      expect((await client.waitClosed()).code).toBe(1003);
    });

    it("closes an idle connection with 1001 after the idle timeout", async () => {
      s = await setup(() => ok(), { idleSeconds: 0.2 });
      const client = await Client.connect(s.url);
      expect(await client.waitClosed()).toEqual({ code: 1001, reason: "Going away" });
      await eventually(async () => s.events.filter((e) => e.requestContext.eventType === "DISCONNECT"), (d) => d.length === 1);
    });
  });

  describe("@connections, through the real ApiGatewayManagementApiClient", () => {
    it("posts a frame to a connection", async () => {
      s = await setup();
      const client = await Client.connect(s.url);
      await s.client.send(new PostToConnectionCommand({ ConnectionId: connectionOf(s), Data: Buffer.from('{"hello":"world"}') }));
      expect(await client.next((f) => f.hello === "world")).toEqual({ hello: "world" });
    });

    it("delivers a 100 KB post intact (split into 32 KB frames)", async () => {
      s = await setup();
      const client = await Client.connect(s.url);
      const big = JSON.stringify({ blob: "b".repeat(100 * 1024) });
      await s.client.send(new PostToConnectionCommand({ ConnectionId: connectionOf(s), Data: Buffer.from(big) }));
      await client.next((f) => typeof f.blob === "string");
      expect(client.raw[0]).toBe(big);
    });

    it("answers GoneException for a connection that is not there", async () => {
      s = await setup();
      await expect(s.client.send(new PostToConnectionCommand({ ConnectionId: "nope=", Data: Buffer.from("x") }))).rejects.toMatchObject({ name: "GoneException", $metadata: { httpStatusCode: 410 } });
      await expect(s.client.send(new GetConnectionCommand({ ConnectionId: "nope=" }))).rejects.toMatchObject({ name: "GoneException" });
    });

    it("answers PayloadTooLargeException above 128 KB", async () => {
      s = await setup();
      await Client.connect(s.url);
      await expect(s.client.send(new PostToConnectionCommand({ ConnectionId: connectionOf(s), Data: Buffer.alloc(129 * 1024, 97) }))).rejects.toMatchObject({
        name: "PayloadTooLargeException",
        $metadata: { httpStatusCode: 413 },
      });
    });

    it("describes a connection", async () => {
      s = await setup();
      await Client.connect(s.url);
      const described = await s.client.send(new GetConnectionCommand({ ConnectionId: connectionOf(s) }));
      expect(described.ConnectedAt).toBeInstanceOf(Date);
      expect(described.LastActiveAt).toBeInstanceOf(Date);
      expect(described.Identity?.SourceIp).toBe("127.0.0.1");
    });

    it("deletes a connection: the client is closed and $disconnect runs", async () => {
      s = await setup();
      const client = await Client.connect(s.url);
      await s.client.send(new DeleteConnectionCommand({ ConnectionId: connectionOf(s) }));
      expect((await client.waitClosed()).code).toBe(1000);
      await eventually(async () => s.events.filter((e) => e.requestContext.eventType === "DISCONNECT"), (d) => d.length === 1);
    });

    it("refuses an unsigned call with 403", async () => {
      s = await setup();
      const res = await fetch(`${s.endpoint}/@connections/abc`, { method: "POST", body: "x" });
      expect(res.status).toBe(403);
      expect(res.headers.get("x-amzn-errortype")).toBe("ForbiddenException");
    });
  });
});

describe("selectRoute", () => {
  const routes = new Set(["subscribe", "nested"]);
  it.each([
    ['{"action":"subscribe"}', "$request.body.action", "subscribe"],
    ['{"action":"unknown"}', "$request.body.action", "$default"],
    ['{"action":7}', "$request.body.action", "$default"],
    ["not json", "$request.body.action", "$default"],
    ["[]", "$request.body.action", "$default"],
    ['{"a":{"b":"nested"}}', "$request.body.a.b", "nested"],
    ['{"a":null}', "$request.body.a.b", "$default"],
    ['{"action":"subscribe"}', "$request.header.x", "$default"],
  ])("%s with %s -> %s", (body, expression, route) => {
    expect(selectRoute(expression, body, routes)).toBe(route);
  });
});

describe("ApiGatewayWebSocketEmulator subprotocols (issue 19)", () => {
  let s: Setup;
  afterEach(() => s?.close());
  const open = (url: string, protocols: string[]) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url, protocols);
      socket.once("open", () => resolve(socket));
      socket.once("error", reject);
    });

  it("answers with the subprotocol $connect put in Sec-WebSocket-Protocol", async () => {
    s = await setup((event) => (event.requestContext.eventType === "CONNECT" ? { ok: true, result: { statusCode: 200, headers: { "Sec-WebSocket-Protocol": "chat.v2" } } } : ok()));
    const socket = await open(s.url, ["chat.v1", "chat.v2"]);
    expect(socket.protocol).toBe("chat.v2");
    expect(s.events[0]!.headers?.["Sec-WebSocket-Protocol"]).toBe("chat.v1,chat.v2"); // the offer reaches $connect as the client sent it
    socket.close();
  });

  it("answers with no subprotocol when $connect returned none, so a client requiring one fails as on AWS", async () => {
    s = await setup();
    await expect(open(s.url, ["chat.v1"])).rejects.toThrow("Server sent no subprotocol");
    // The integration accepted it, so it also gets the $disconnect that cleans its registry.
    await eventually(async () => s.events.map((e) => e.requestContext.eventType), (types) => types.includes("DISCONNECT"));
  });
});

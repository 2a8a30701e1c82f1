/** The runtime's pieces from their TypeScript sources (the bundle tests cover them end to end). */
import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { AppModuleError, loadRestApp, loadWebSocketApp } from "../../runtime/shared/app-module";
import { ApiGatewayConnections, isGone, MAX_MESSAGE_BYTES, MessageTooLargeError } from "../../runtime/aws/connections";
import { forEachLimited } from "../../runtime/aws/pool";
import { ConnectionRegistry } from "../../runtime/aws/registry";
import { createRestHandler } from "../../runtime/aws/rest-handler";
import { createWebSocketHandler, optionsFromEnv } from "../../runtime/aws/websocket-handler";
import { createRelayApp } from "../../app/websocket/relay";
import { connectEvent, disconnectEvent, httpEvent, messageEvent } from "./fixtures";
import { createConnectionsTable, startConnectionsServer, startDynalite, type ConnectionsServer, type LocalDynamo } from "./local-aws";

const credentials = { accessKeyId: "fake", secretAccessKey: "fake" };
let dynamo: LocalDynamo;
let server: ConnectionsServer;
let registry: ConnectionRegistry;
let client: ApiGatewayManagementApiClient;

beforeAll(async () => {
  jest.spyOn(console, "error").mockImplementation(() => undefined);
  jest.spyOn(console, "warn").mockImplementation(() => undefined);
  dynamo = await startDynalite();
  server = await startConnectionsServer();
  await createConnectionsTable(dynamo, "runtime-test");
  registry = new ConnectionRegistry({ tableName: "runtime-test", client: DynamoDBDocumentClient.from(dynamo.client) });
  client = new ApiGatewayManagementApiClient({ endpoint: server.url, region: "us-east-1", credentials });
});

afterAll(async () => {
  client.destroy();
  await server.close();
  await dynamo.close();
});

beforeEach(() => {
  server.frames.length = 0;
  server.gone.clear();
});

describe("ConnectionRegistry", () => {
  it("hides entries whose TTL has passed even before DynamoDB deletes them", async () => {
    let now = Date.now();
    const clocked = new ConnectionRegistry({ tableName: "runtime-test", client: DynamoDBDocumentClient.from(dynamo.client), ttlSeconds: 60, now: () => now });
    await clocked.add("ttl-1");
    await clocked.subscribe("ttl-1", "t-ttl");
    expect(await clocked.members("t-ttl")).toEqual(["ttl-1"]);
    now += 61_000;
    expect(await clocked.members("t-ttl")).toEqual([]);
    expect(await clocked.members()).not.toContain("ttl-1");
  });

  it("removes more memberships than one BatchWriteItem holds (25), in several batches", async () => {
    await registry.add("many");
    await Promise.all(Array.from({ length: 30 }, (_, i) => registry.subscribe("many", `topic-${i}`)));
    expect((await registry.topicsOf("many")).length).toBe(30);
    await registry.remove("many");
    expect(await registry.topicsOf("many")).toEqual([]);
    expect(await registry.members("topic-7")).toEqual([]);
  });
});

describe("ApiGatewayConnections", () => {
  it("broadcasts to everyone but the excepted, with bounded concurrency, counting the gone", async () => {
    const connections = new ApiGatewayConnections({ client, registry, concurrency: 3 });
    for (const id of ["b-1", "b-2", "b-3", "b-4"]) {
      await registry.add(id);
      await connections.subscribe(id, "room");
    }
    server.gone.add("b-4");
    expect(await connections.broadcast("hi", { topic: "room", except: ["b-1"] })).toEqual({ delivered: 2, gone: 1 });
    expect(server.frames.map((f) => f.connectionId).sort()).toEqual(["b-2", "b-3"]);
    expect(await registry.members("room")).not.toContain("b-4");
    await connections.unsubscribe("b-2", "room");
    expect((await registry.members("room")).sort()).toEqual(["b-1", "b-3"]);
  });

  it("closes a connection through DELETE and forgets it, also when it is already gone", async () => {
    const connections = new ApiGatewayConnections({ client, registry });
    await registry.add("c-1");
    await registry.add("c-2");
    server.gone.add("c-2");
    await connections.close("c-1");
    await connections.close("c-2");
    expect(server.deleted).toContain("c-1");
    expect(await registry.members()).not.toEqual(expect.arrayContaining(["c-1"]));
    expect(await registry.members()).not.toEqual(expect.arrayContaining(["c-2"]));
  });

  it("refuses a frame above API Gateway's 128 KB limit before calling AWS", async () => {
    const connections = new ApiGatewayConnections({ client, registry });
    await expect(connections.send("x", "y".repeat(MAX_MESSAGE_BYTES + 1))).rejects.toThrow(MessageTooLargeError);
    expect(server.frames).toEqual([]);
  });

  it("keeps broadcasting when one connection fails with something other than Gone", async () => {
    const failing = new ApiGatewayManagementApiClient({ endpoint: "http://127.0.0.1:1", region: "us-east-1", credentials, maxAttempts: 1 });
    await registry.add("f-1");
    await registry.subscribe("f-1", "fail-room");
    const result = await new ApiGatewayConnections({ client: failing, registry }).broadcast("x", { topic: "fail-room" });
    expect(result).toEqual({ delivered: 0, gone: 0 });
    failing.destroy();
  });

  it("recognises Gone by name or status", () => {
    expect(isGone({ name: "GoneException" })).toBe(true);
    expect(isGone({ $metadata: { httpStatusCode: 410 } })).toBe(true);
    expect(isGone(new Error("other"))).toBe(false);
    expect(isGone(undefined)).toBe(false);
  });
});

describe("forEachLimited", () => {
  it("never runs more than the limit at once and visits every item", async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([...Array(25).keys()], 4, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      seen.push(i);
      running--;
    });
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(25).keys()]);
    await forEachLimited([], 4, async () => { throw new Error("never"); });
  });
});

describe("app modules", () => {
  it("finds the REST app by createApp, app or default, and says what it found otherwise", async () => {
    const listener = () => undefined;
    expect(await loadRestApp({ createApp: async () => listener })).toBe(listener);
    expect(await loadRestApp({ default: listener })).toBe(listener);
    const express = { handle: () => undefined };
    expect(await loadRestApp({ app: express })).toBe(express);
    await expect(loadRestApp({ somethingElse: 1 })).rejects.toThrow(AppModuleError);
    await expect(loadRestApp({ somethingElse: 1 })).rejects.toThrow(/got exports somethingElse/);
  });

  it("finds the WebSocket app by createRelayApp, createApp, app or default", async () => {
    const app = { onConnect: async () => ({ accept: true as const }), onMessage: async () => undefined, onDisconnect: async () => undefined };
    expect(await loadWebSocketApp({ createRelayApp: () => app })).toBe(app);
    expect(await loadWebSocketApp({ default: app })).toBe(app);
    await expect(loadWebSocketApp({ app: { onConnect: () => undefined } })).rejects.toThrow(/onConnect, onMessage, onDisconnect/);
    await expect(loadWebSocketApp({})).rejects.toThrow(/got exports \(none\)/);
  });
});

describe("handlers whose app fails to load", () => {
  it("REST: answers 500 with a JSON error, and retries loading on the next request", async () => {
    let attempts = 0;
    const handler = createRestHandler(async () => {
      attempts++;
      throw new Error("cannot start");
    });
    const context = { awsRequestId: "r" } as never;
    const result = await handler(httpEvent("GET", "/health") as never, context);
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body as string)).toEqual({ error: { code: "app_unavailable", message: "the application failed to start" } });
    await handler(httpEvent("GET", "/health") as never, context);
    expect(attempts).toBe(2);
  });

  it("WebSocket: refuses the connection with 500 instead of crashing", async () => {
    const handler = createWebSocketHandler(async () => { throw new Error("cannot start"); }, { registry, endpointOverride: server.url, clientFor: () => client });
    expect(await handler(connectEvent("w-1"))).toMatchObject({ statusCode: 500 });
    expect(await handler(messageEvent("w-1", "{}"))).toMatchObject({ statusCode: 500 });
  });

  it("reads its table from the environment and says which variable is missing", () => {
    expect(() => optionsFromEnv({})).toThrow(/CONNECTIONS_TABLE is not set/);
    expect(optionsFromEnv({ CONNECTIONS_TABLE: "t", SEMANTEST_MANAGEMENT_ENDPOINT: "http://x" }).endpointOverride).toBe("http://x");
  });
});

describe("createWebSocketHandler (from sources, with the reference relay)", () => {
  const handler = () => createWebSocketHandler(async () => createRelayApp(), { registry, endpointOverride: server.url, clientFor: () => client });
  const frames = (id: string) => server.frames.filter((f) => f.connectionId === id).map((f) => JSON.parse(f.data) as { type: string; code?: string });

  it("registers, relays, answers bad input with error frames, and cleans up", async () => {
    const ws = handler();
    expect(await ws(connectEvent("s-1", { token: "t" }))).toEqual({ statusCode: 200 });
    expect(await registry.members()).toContain("s-1");
    await ws(messageEvent("s-1", JSON.stringify({ action: "subscribe", topic: "src" })));
    await ws({ ...messageEvent("s-1", Buffer.from(JSON.stringify({ action: "ping" })).toString("base64")), isBase64Encoded: true });
    await ws(messageEvent("s-1", "not json"));
    expect((await ws(messageEvent("s-1", "z".repeat(129 * 1024)))).statusCode).toBe(413);
    expect(frames("s-1").map((f) => f.code ?? f.type)).toEqual(["subscribed", "pong", "MALFORMED_JSON", "MESSAGE_TOO_LARGE"]);
    expect(await ws(disconnectEvent("s-1"))).toEqual({ statusCode: 200 });
    expect(await registry.members()).not.toContain("s-1");
    expect(await registry.topicsOf("s-1")).toEqual([]);
  });

  it("derives the management endpoint from the event when no override is given", async () => {
    const endpoints: string[] = [];
    const ws = createWebSocketHandler(async () => createRelayApp(), { registry, clientFor: (endpoint) => (endpoints.push(endpoint), client) });
    await ws(messageEvent("s-2", JSON.stringify({ action: "ping" })));
    await ws(messageEvent("s-2", JSON.stringify({ action: "ping" })));
    expect(endpoints).toEqual(["https://abcdef1234.execute-api.us-east-1.amazonaws.com/dev"]);
  });

  it("refuses with 500 when the app's onConnect throws, and does not register", async () => {
    const app = { ...createRelayApp(), onConnect: async () => { throw new Error("db down"); } };
    const ws = createWebSocketHandler(async () => app, { registry, endpointOverride: server.url, clientFor: () => client });
    expect(await ws(connectEvent("s-3"))).toMatchObject({ statusCode: 500 });
    expect(await registry.members()).not.toContain("s-3");
  });
});

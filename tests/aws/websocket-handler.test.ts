import * as fs from "fs";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { loadBundledHandler, withEnv } from "./bundled";
import { connectEvent, disconnectEvent, messageEvent } from "./fixtures";
import { createConnectionsTable, localAwsEnv, startConnectionsServer, startDynalite, type ConnectionsServer, type LocalDynamo } from "./local-aws";

type Handler = (event: unknown) => Promise<{ statusCode: number; body?: string }>;

const TABLE = "connections-test";
let dynamo: LocalDynamo;
let connections: ConnectionsServer;
let restoreEnv: () => void;
let handler: Handler;
let bundleSize = 0;

beforeAll(async () => {
  // The handler logs app failures as JSON lines; keep the test output quiet.
  jest.spyOn(console, "error").mockImplementation(() => undefined);
  jest.spyOn(console, "warn").mockImplementation(() => undefined);
  dynamo = await startDynalite();
  connections = await startConnectionsServer();
  await createConnectionsTable(dynamo, TABLE);
  restoreEnv = withEnv(localAwsEnv(dynamo, connections, TABLE));
  const bundled = await loadBundledHandler<Handler>("websocket");
  handler = bundled.handler;
  bundleSize = fs.statSync(bundled.artifact.path).size;
});

afterAll(async () => {
  restoreEnv();
  await connections.close();
  await dynamo.close();
});

beforeEach(() => {
  connections.frames.length = 0;
  connections.gone.clear();
});

/** Registry items as `pk sk`, sorted. */
async function registry(): Promise<string[]> {
  const items = (await dynamo.client.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
  return items.map((i) => `${i.pk.S} ${i.sk.S}`).sort();
}
const framesTo = (id: string) => connections.frames.filter((f) => f.connectionId === id).map((f) => JSON.parse(f.data) as Record<string, unknown>);

describe("the bundled WebSocket handler (reference relay) against dynalite and a local @connections endpoint", () => {
  it("is the code inside the zip, with the AWS SDK left to the runtime", () => {
    expect(bundleSize).toBeGreaterThan(0);
    expect(bundleSize).toBeLessThan(100 * 1024);
  });

  it("registers a connection on $connect with a TTL", async () => {
    expect(await handler(connectEvent("conn-a="))).toEqual({ statusCode: 200 });
    const items = (await dynamo.client.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
    const item = items.find((i) => i.sk.S === "conn-a=")!;
    expect(item.pk.S).toBe("connections");
    expect(Number(item.expiresAt.N)).toBeGreaterThan(Date.now() / 1000 + 7000);
  });

  it("answers ping with pong through the management API", async () => {
    expect((await handler(messageEvent("conn-a=", JSON.stringify({ action: "ping" })))).statusCode).toBe(200);
    expect(framesTo("conn-a=")).toEqual([{ type: "pong" }]);
  });

  it("relays a publish to the topic's subscribers and tells the sender how many got it", async () => {
    await handler(connectEvent("conn-b"));
    await handler(messageEvent("conn-a=", JSON.stringify({ action: "subscribe", topic: "builds" })));
    await handler(messageEvent("conn-b", JSON.stringify({ action: "publish", topic: "builds", payload: { n: 1 } })));
    expect(framesTo("conn-a=")).toEqual([{ type: "subscribed", topic: "builds" }, { type: "message", topic: "builds", payload: { n: 1 } }]);
    expect(framesTo("conn-b")).toEqual([{ type: "published", topic: "builds", delivered: 1 }]);
  });

  it("sends an error frame for malformed JSON and unknown actions, and keeps the connection", async () => {
    expect((await handler(messageEvent("conn-b", "{not json"))).statusCode).toBe(200);
    expect((await handler(messageEvent("conn-b", JSON.stringify({ action: "dance" })))).statusCode).toBe(200);
    expect(framesTo("conn-b").map((f) => [f.type, f.code])).toEqual([["error", "MALFORMED_JSON"], ["error", "UNKNOWN_ACTION"]]);
    expect(await registry()).toContain("connections conn-b");
  });

  it("answers a 200 KB frame with an error frame, not a crash", async () => {
    const result = await handler(messageEvent("conn-b", JSON.stringify({ action: "publish", topic: "builds", payload: "x".repeat(200 * 1024) })));
    expect(result.statusCode).toBe(413);
    expect(framesTo("conn-b")).toEqual([expect.objectContaining({ type: "error", code: "MESSAGE_TOO_LARGE" })]);
    expect(framesTo("conn-a=")).toEqual([]);
  });

  it("drops a vanished (410 Gone) subscriber from the registry while broadcasting", async () => {
    await handler(connectEvent("conn-c"));
    await handler(messageEvent("conn-c", JSON.stringify({ action: "subscribe", topic: "builds" })));
    connections.gone.add("conn-c");
    await handler(messageEvent("conn-b", JSON.stringify({ action: "publish", topic: "builds", payload: 2 })));
    expect(framesTo("conn-b")).toEqual([{ type: "published", topic: "builds", delivered: 1 }]);
    expect((await registry()).filter((k) => k.includes("conn-c"))).toEqual([]);
  });

  it("removes the connection and its subscriptions on $disconnect", async () => {
    expect(await handler(disconnectEvent("conn-a="))).toEqual({ statusCode: 200 });
    expect((await registry()).filter((k) => k.includes("conn-a="))).toEqual([]);
    await handler(messageEvent("conn-b", JSON.stringify({ action: "publish", topic: "builds", payload: 3 })));
    expect(framesTo("conn-b")).toEqual([{ type: "published", topic: "builds", delivered: 0 }]);
  });

  it("survives a message from a connection that is already gone", async () => {
    connections.gone.add("conn-z");
    expect((await handler(messageEvent("conn-z", JSON.stringify({ action: "ping" })))).statusCode).toBe(200);
    expect(await handler({ requestContext: { eventType: "UNKNOWN", connectionId: "x", domainName: "d", stage: "s", routeKey: "$x" } })).toMatchObject({ statusCode: 400 });
  });
});

describe("a user's own WebSocket app (settings.entry) in the bundle", () => {
  let faulty: Handler;
  beforeAll(async () => {
    faulty = (await loadBundledHandler<Handler>("websocket", "tests/aws/apps/faulty-websocket.ts")).handler;
  });

  it("hosts the module the entry names", async () => {
    await faulty(connectEvent("own-1"));
    await faulty(messageEvent("own-1", "hello"));
    expect(connections.frames).toEqual([{ connectionId: "own-1", data: "echo:hello" }]);
  });

  it("refuses a connection the app refuses, without registering it", async () => {
    expect(await faulty(connectEvent("own-2", { deny: "1" }))).toEqual({ statusCode: 403, body: "denied by the app" });
    expect(await registry()).not.toContain("connections own-2");
  });

  it("turns an app that throws into an INTERNAL error frame", async () => {
    expect((await faulty(messageEvent("own-1", "boom"))).statusCode).toBe(500);
    expect(framesTo("own-1")).toEqual([expect.objectContaining({ type: "error", code: "INTERNAL" })]);
  });

  it("cleans the registry on $disconnect even when onDisconnect throws", async () => {
    expect(await faulty(disconnectEvent("own-1"))).toEqual({ statusCode: 200 });
    expect(await registry()).not.toContain("connections own-1");
  });
});

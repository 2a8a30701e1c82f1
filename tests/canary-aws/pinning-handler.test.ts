/**
 * The WebSocket handler's per-connection version pinning, from the TypeScript sources against
 * dynalite and a local `@connections` server (the bundled path runs in local-split.test.ts).
 */
import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import type { WebSocketApp } from "../../app/websocket/port";
import { closeVersionCommand, FORWARDED_FROM } from "../../runtime/aws/pinning-contract";
import { ownVersion, PinCache, readReleaseCommand, type Forward } from "../../runtime/aws/pinning";
import { ConnectionRegistry } from "../../runtime/aws/registry";
import { createWebSocketHandler, type WebSocketEvent } from "../../runtime/aws/websocket-handler";
import { connectEvent, disconnectEvent, messageEvent } from "../aws/fixtures";
import { createConnectionsTable, startConnectionsServer, startDynalite, type ConnectionsServer, type LocalDynamo } from "../aws/local-aws";

const credentials = { accessKeyId: "fake", secretAccessKey: "fake" };
let dynamo: LocalDynamo;
let server: ConnectionsServer;
let registry: ConnectionRegistry;
let client: ApiGatewayManagementApiClient;
const warnings: string[] = [];

beforeAll(async () => {
  jest.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
  jest.spyOn(console, "info").mockImplementation(() => undefined);
  jest.spyOn(console, "error").mockImplementation(() => undefined);
  dynamo = await startDynalite();
  server = await startConnectionsServer();
  await createConnectionsTable(dynamo, "pinning-test");
  registry = new ConnectionRegistry({ tableName: "pinning-test", client: DynamoDBDocumentClient.from(dynamo.client) });
  client = new ApiGatewayManagementApiClient({ endpoint: server.url, region: "us-east-1", credentials });
});

afterAll(async () => {
  client.destroy();
  await server.close();
  await dynamo.close();
});

/** An app that records which handler ("version") ran each message. */
function recordingApp(ran: string[], name: string): () => Promise<WebSocketApp> {
  return async () => ({
    onConnect: async () => ({ accept: true }),
    onMessage: async (_context, data) => void ran.push(`${name}:${data}`),
    onDisconnect: async () => void ran.push(`${name}:disconnect`),
  });
}

/** Two versions of one function: each handler's forwarder invokes the other in-process. */
function twoVersions(ran: string[], forwarded: { version: string; event: unknown }[]) {
  const handlers: Record<string, ReturnType<typeof createWebSocketHandler>> = {};
  const forward: Forward = async (version, event) => {
    forwarded.push({ version, event });
    return handlers[version]!(event as WebSocketEvent, { functionVersion: version });
  };
  for (const version of ["1", "2"]) {
    handlers[version] = createWebSocketHandler(recordingApp(ran, `v${version}`), { registry, clientFor: () => client, endpointOverride: server.url, forward });
  }
  return (version: string, event: unknown) => handlers[version]!(event as WebSocketEvent, { functionVersion: version });
}

describe("per-connection pinning", () => {
  it("records the accepting version and forwards events that land on the other one, once", async () => {
    const ran: string[] = [];
    const forwarded: { version: string; event: unknown }[] = [];
    const invoke = twoVersions(ran, forwarded);
    expect(await invoke("1", connectEvent("pin-a"))).toEqual({ statusCode: 200 });
    expect(await registry.versionOf("pin-a")).toBe("1");
    await invoke("2", messageEvent("pin-a", "x")); // the alias sent it to the canary
    await invoke("1", messageEvent("pin-a", "y"));
    await invoke("2", disconnectEvent("pin-a"));
    expect(ran).toEqual(["v1:x", "v1:y", "v1:disconnect"]);
    expect(forwarded.map((f) => f.version)).toEqual(["1", "1"]);
    expect((forwarded[0]!.event as Record<string, unknown>)[FORWARDED_FROM]).toBe("2");
    expect(await registry.versionOf("pin-a")).toBeUndefined();
  });

  it("handles a forwarded event where it arrives, whatever the registry says (no loops)", async () => {
    const ran: string[] = [];
    const invoke = twoVersions(ran, []);
    await invoke("2", connectEvent("pin-b"));
    await invoke("1", { ...messageEvent("pin-b", "z"), [FORWARDED_FROM]: "2" });
    expect(ran).toEqual(["v1:z"]);
  });

  it("answers on the version it landed on when the pinned one cannot be invoked, and says so", async () => {
    const ran: string[] = [];
    const handler = createWebSocketHandler(recordingApp(ran, "v2"), {
      registry, clientFor: () => client, endpointOverride: server.url,
      forward: async () => { throw new Error("ResourceNotFoundException: Function not found: ws:1"); },
    });
    await registry.add("pin-c", {}, "1");
    expect(await handler(messageEvent("pin-c", "m") as WebSocketEvent, { functionVersion: "2" })).toEqual({ statusCode: 200 });
    expect(ran).toEqual(["v2:m"]);
    expect(warnings.some((w) => w.includes("could not forward") && w.includes("Function not found"))).toBe(true);
  });

  it("never forwards without a forwarder or a known version (a single-version stack)", async () => {
    const ran: string[] = [];
    const handler = createWebSocketHandler(recordingApp(ran, "v"), { registry, clientFor: () => client, endpointOverride: server.url });
    await registry.add("pin-d", {}, "5");
    await handler(messageEvent("pin-d", "n") as WebSocketEvent, { functionVersion: "$LATEST" });
    expect(ran).toEqual(["v:n"]);
  });
});

describe("the close-version command", () => {
  it("sends each connection of the version a reconnect frame, closes it, and leaves the others", async () => {
    const handler = createWebSocketHandler(recordingApp([], "v"), { registry, clientFor: () => client, endpointOverride: server.url });
    server.frames.length = 0;
    await registry.add("old-1", {}, "11");
    await registry.add("new-1", {}, "12");
    await registry.add("new-2", {}, "12");
    server.gone.add("new-2"); // already left: counted as closed, never an error
    const result = await handler(closeVersionCommand("12", "11", "https://x.execute-api.us-east-1.amazonaws.com/dev", "release rolled back; reconnect") as never);
    expect(JSON.parse(result.body!)).toEqual({ version: "12", closed: 2, failed: 0 });
    expect(server.frames).toEqual([{ connectionId: "new-1", data: JSON.stringify({ type: "reconnect", reason: "release rolled back; reconnect", version: "12" }) }]);
    expect(server.deleted).toContain("new-1");
    expect(await registry.membersOfVersion("12")).toEqual([]);
    expect(await registry.membersOfVersion("11")).toEqual(["old-1"]);
  });

  it("closes nothing when the version to close is the one kept", async () => {
    const handler = createWebSocketHandler(recordingApp([], "v"), { registry, clientFor: () => client, endpointOverride: server.url });
    await registry.add("same-1", {}, "3");
    const result = await handler(closeVersionCommand("3", "3", "https://x.execute-api.us-east-1.amazonaws.com/dev", "r") as never);
    expect(JSON.parse(result.body!)).toMatchObject({ closed: 0 });
    expect(await registry.membersOfVersion("3")).toEqual(["same-1"]);
  });

  it("fails, naming the field, on a malformed command (the rollback's update then says why)", async () => {
    const handler = createWebSocketHandler(recordingApp([], "v"), { registry, clientFor: () => client, endpointOverride: server.url });
    await expect(handler({ semantestRelease: { action: "close-version", version: "2", keep: "1", endpoint: "not a url", reason: "r" } } as never)).rejects.toThrow(
      /semantestRelease\.endpoint: "not a url" is not a management endpoint/,
    );
  });
});

describe("pure pieces", () => {
  it("readReleaseCommand never throws and recognises only well-formed commands (seeded)", () => {
    fc.assert(
      fc.property(fc.anything(), fc.dictionary(fc.string(), fc.anything()), (raw, inner) => {
        for (const event of [raw, { semantestRelease: raw }, { semantestRelease: inner }]) {
          const read = readReleaseCommand(event);
          if (read !== undefined && !(read instanceof Error)) expect(read.action).toBe("close-version");
        }
      }),
      { seed: 20, numRuns: 300 },
    );
    expect(readReleaseCommand(closeVersionCommand("2", "1", "https://a/b", "r"))).toEqual(closeVersionCommand("2", "1", "https://a/b", "r").semantestRelease);
    expect(readReleaseCommand({ semantestRelease: { action: "drop-table" } })).toEqual(new Error('semantestRelease.action: "drop-table" is not a known command; allowed: close-version'));
  });

  it("ownVersion prefers Lambda's context, then the environment", () => {
    expect(ownVersion({ functionVersion: "4" }, {})).toBe("4");
    expect(ownVersion(undefined, { AWS_LAMBDA_FUNCTION_VERSION: "$LATEST" })).toBe("$LATEST");
    expect(ownVersion(undefined, {})).toBeUndefined();
  });

  it("PinCache keeps at most its size, dropping the oldest", () => {
    const cache = new PinCache(2);
    cache.set("a", "1");
    cache.set("b", null);
    cache.set("c", "2");
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, null, "2"]);
  });
});

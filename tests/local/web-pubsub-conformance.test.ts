/**
 * Issue 19: the Web PubSub emulation of `semantest-iac dev --provider azure` driven only through
 * Microsoft's own clients: @azure/web-pubsub-client (both JSON subprotocols) and @azure/web-pubsub
 * against the emulator's service REST API, with the connection string the gateway prints.
 * Each behaviour cites its Microsoft Learn page in runtime/local/azure/web-pubsub.ts and client-protocol.ts.
 */
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { SendMessageError, WebPubSubClient, WebPubSubJsonProtocol, WebPubSubJsonReliableProtocol, type WebPubSubClientProtocol } from "@azure/web-pubsub-client";
import { eventually, startGatewayProcess, type GatewayProcess } from "./support";

jest.setTimeout(120_000);

interface Recorded {
  readonly client: WebPubSubClient;
  readonly connected: { connectionId: string; userId?: string }[];
  readonly disconnected: (string | undefined)[];
  readonly server: unknown[];
  readonly group: { group: string; data: unknown; fromUserId?: string }[];
}

let gateway: GatewayProcess;
let service: WebPubSubServiceClient;
const clients: WebPubSubClient[] = [];

function negotiateUrl(query = ""): string {
  return `${gateway.ready.restUrl}/_local/negotiate${query}`;
}

function record(query = "", protocol: WebPubSubClientProtocol = WebPubSubJsonProtocol()): Recorded {
  const client = new WebPubSubClient(
    { getClientAccessUrl: async () => ((await (await fetch(negotiateUrl(query))).json()) as { url: string }).url },
    { protocol, reconnectRetryOptions: { maxRetries: 5, retryDelayInMs: 100, mode: "Fixed" }, messageRetryOptions: { maxRetries: 0 } },
  );
  clients.push(client);
  const recorded: Recorded = { client, connected: [], disconnected: [], server: [], group: [] };
  client.on("connected", (e) => recorded.connected.push({ connectionId: e.connectionId, userId: e.userId }));
  client.on("disconnected", (e) => recorded.disconnected.push(e.message?.message));
  client.on("server-message", (e) => recorded.server.push(e.message.data));
  client.on("group-message", (e) => recorded.group.push({ group: e.message.group, data: e.message.data, fromUserId: e.message.fromUserId }));
  return recorded;
}

const parsed = (frames: unknown[]) => frames.map((f) => (typeof f === "string" ? (JSON.parse(f) as Record<string, unknown>) : (f as Record<string, unknown>)));
const until = <T>(probe: () => T, check: (value: T) => boolean) => eventually(async () => probe(), check, 15_000);

beforeAll(async () => {
  gateway = await startGatewayProcess("azure");
  service = new WebPubSubServiceClient(gateway.ready.urls["Web PubSub connection string"]!, "semantest", { allowInsecureConnection: true });
});
afterAll(async () => {
  for (const client of clients) client.stop();
  await gateway?.stop();
});

describe.each([
  ["json.webpubsub.azure.v1", () => WebPubSubJsonProtocol()],
  ["json.reliable.webpubsub.azure.v1", () => WebPubSubJsonReliableProtocol()],
] as const)("@azure/web-pubsub-client with %s against dev --provider azure", (_name, protocol) => {
  it("connects and gets system/connected (the SDK emits connected with the connection id)", async () => {
    const a = record("", protocol());
    await a.client.start();
    await until(() => a.connected, (c) => c.length === 1);
    expect(a.connected[0]!.connectionId).toMatch(/^[A-Za-z0-9_-]{10,}$/);
    expect(await service.connectionExists(a.connected[0]!.connectionId)).toBe(true);
  });

  it("joinGroup + sendToGroup between two clients, with the roles negotiate grants for ?topic=", async () => {
    const a = record("?topic=demo", protocol());
    const b = record("?topic=demo", protocol());
    await Promise.all([a.client.start(), b.client.start()]);
    await a.client.joinGroup("topic:demo");
    await b.client.joinGroup("topic:demo");
    await b.client.sendToGroup("topic:demo", { hello: "a" }, "json", { noEcho: true });
    await until(() => a.group, (g) => g.length === 1);
    expect(a.group[0]).toMatchObject({ group: "topic:demo", data: { hello: "a" } });
    expect(b.group).toEqual([]); // noEcho
  });

  it("refuses joinGroup and sendToGroup without the role (ack error Forbidden)", async () => {
    const a = record("?topic=mine", protocol());
    await a.client.start();
    await expect(a.client.joinGroup("topic:other")).rejects.toBeInstanceOf(SendMessageError);
    await expect(a.client.sendToGroup("connections", "hijack", "text")).rejects.toMatchObject({ errorDetail: { name: "Forbidden" } });
  });

  it("sendEvent reaches the app as the event data, and the app's replies arrive as server messages", async () => {
    const a = record("", protocol());
    await a.client.start();
    await a.client.sendEvent("message", { action: "subscribe", topic: "events" }, "json");
    await until(() => parsed(a.server), (m) => m.some((f) => f.type === "subscribed"));
    await a.client.sendEvent("message", { action: "publish", topic: "events", payload: { n: 1 } }, "json");
    await until(() => parsed(a.server), (m) => m.some((f) => f.type === "message" && f.topic === "events"));
    expect(parsed(a.server)).toContainEqual({ type: "message", topic: "events", payload: { n: 1 } });
  });

  it("server messages from @azure/web-pubsub arrive wrapped from: server (json and text)", async () => {
    const a = record("", protocol());
    await a.client.start();
    await until(() => a.connected, (c) => c.length === 1);
    const id = a.connected[0]!.connectionId;
    await service.sendToConnection(id, { json: true });
    await service.sendToConnection(id, "plain", { contentType: "text/plain" });
    await until(() => a.server, (m) => m.length >= 2);
    expect(a.server).toEqual(expect.arrayContaining([{ json: true }, "plain"]));
  });
});

describe("the service side, through @azure/web-pubsub", () => {
  it("closes a connection with a reason the client sees, and the client reconnects and rejoins its groups", async () => {
    const a = record("?topic=again");
    await a.client.start();
    await a.client.joinGroup("topic:again");
    await until(() => a.connected, (c) => c.length === 1);
    const first = a.connected[0]!.connectionId;
    await service.closeConnection(first, { reason: "maintenance" });
    await until(() => a.disconnected, (d) => d.includes("maintenance"));
    await until(() => a.connected, (c) => c.length === 2);
    expect(a.connected[1]!.connectionId).not.toBe(first);
    await eventually(async () => (await service.group("topic:again").listConnections()).next(), (r) => !r.done && r.value.connectionId === a.connected[1]!.connectionId, 15_000);
    await service.group("topic:again").sendToAll("after reconnect", { contentType: "text/plain" });
    await until(() => a.server, (m) => m.includes("after reconnect"));
  });

  it("answers userExists (HEAD /users/{id}) and groupExists", async () => {
    const res = await fetch(negotiateUrl("?userId=alice"));
    const { url } = (await res.json()) as { url: string };
    const a = new WebPubSubClient(url, { protocol: WebPubSubJsonProtocol() });
    clients.push(a);
    await a.start();
    await eventually(() => service.userExists("alice"), (e) => e === true, 15_000);
    expect(await service.userExists("nobody")).toBe(false);
    expect(await service.groupExists("no-such-group")).toBe(false);
  });
});

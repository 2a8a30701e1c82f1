/**
 * runtime/azure's pure parts and the Connections adapter against the stand-in Web PubSub (real
 * HTTP through WebPubSubServiceClient), plus hosts whose app or settings are broken.
 */
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { abuseProtection, flattenQuery, parseConnectionString, parseEvent, signature, verifySignature } from "../../runtime/azure/cloud-events";
import { ALL_CONNECTIONS_GROUP, topicGroup, WebPubSubConnections } from "../../runtime/azure/connections";
import { getResponse } from "../../runtime/azure/rest-handler";
import { optionsFromEnv } from "../../runtime/azure/websocket-handler";
import { startFunctionApp } from "./support/functions-host";
import { FakeWebPubSub } from "./support/web-pubsub-fake";

const headers = (map: Record<string, string>) => (name: string) => map[name.toLowerCase()] ?? null;
const SERVICE = { host: "svc.webpubsub.azure.com", hub: "semantest", accessKeys: ["k1"] };
const base = (connectionId: string, extra: Record<string, string> = {}) => ({
  "ce-awpsversion": "1.0",
  "ce-hub": "semantest",
  "ce-connectionid": connectionId,
  "ce-signature": signature(connectionId, "k1"),
  ...extra,
});

describe("CloudEvents protocol (pure)", () => {
  it("parses connection strings and names what is missing", () => {
    expect(parseConnectionString("Endpoint=https://a.webpubsub.azure.com;AccessKey=abc=;Version=1.0;")).toMatchObject({ accessKey: "abc=" });
    expect(parseConnectionString("Endpoint=http://localhost;Port=8080;AccessKey=k;Version=1.0;").endpoint.host).toBe("localhost:8080");
    expect(() => parseConnectionString("Endpoint=https://a;Version=1.0;")).toThrow(/expected Endpoint=.*AccessKey=/);
    expect(() => parseConnectionString("Endpoint=not a url;AccessKey=k;")).toThrow(/Endpoint=not a url, which is not a URL/);
  });

  it("accepts a signature made with any of the keys, and only those", () => {
    expect(verifySignature(`sha256=00,${signature("c", "k2")}`, "c", ["k1", "k2"])).toBe(true);
    expect(verifySignature(signature("other", "k1"), "c", ["k1"])).toBe(false);
    expect(verifySignature(null, "c", ["k1"])).toBe(false);
    expect(verifySignature(null, "c", [])).toBe(true);
  });

  it("answers the handshake for the service host among several origins", () => {
    expect(abuseProtection(headers({ "webhook-request-origin": "x.example, SVC.webpubsub.azure.com" }), SERVICE)).toEqual({ status: 200, headers: { "WebHook-Allowed-Origin": SERVICE.host } });
  });

  it("reads user events, disconnects without a body, and refuses oversized bodies", () => {
    expect(parseEvent(headers(base("c", { "ce-type": "azure.webpubsub.user.chat", "ce-eventname": "chat" })), Buffer.from("hé"), SERVICE)).toEqual({
      ok: true,
      event: { kind: "message", connectionId: "c", eventName: "chat", data: "hé", state: {} },
    });
    expect(parseEvent(headers(base("c", { "ce-type": "azure.webpubsub.sys.disconnected" })), Buffer.alloc(0), SERVICE)).toEqual({ ok: true, event: { kind: "disconnected", connectionId: "c", reason: undefined, state: {} } });
    expect(parseEvent(headers(base("c", { "ce-type": "azure.webpubsub.user.message" })), Buffer.alloc(1024 * 1024 + 1), SERVICE)).toMatchObject({ ok: false, status: 413 });
    expect(parseEvent(headers({ "ce-awpsversion": "1.0", "ce-type": "azure.webpubsub.sys.connected" }), Buffer.alloc(0), SERVICE)).toMatchObject({ ok: false, status: 400, message: /ce-connectionId/ });
  });

  it("flattens the connect event's query ({ name: [values] }) to first values", () => {
    expect(flattenQuery({ token: ["a", "b"], single: "s", empty: [], odd: 3 })).toEqual({ token: "a", single: "s", empty: undefined });
    expect(flattenQuery(null)).toEqual({});
  });

  it("keeps every Set-Cookie and decodes base64 bodies in the v4 response", async () => {
    const init = getResponse({ statusCode: 200, body: Buffer.from([1, 2]).toString("base64"), isBase64Encoded: true, headers: { "set-cookie": ["a=1", "b=2"], "x-n": 3 } });
    expect((init.headers as Headers).getSetCookie()).toEqual(["a=1", "b=2"]);
    expect((init.headers as Headers).get("x-n")).toBe("3");
    expect([...(init.body as Buffer)]).toEqual([1, 2]);
  });

  it("refuses to start without the Web PubSub settings, naming them", () => {
    expect(() => optionsFromEnv({ WEBPUBSUB_HUB: "h" })).toThrow(/WEBPUBSUB_CONNECTION_STRING is not set/);
    expect(() => optionsFromEnv({ WEBPUBSUB_CONNECTION_STRING: "Endpoint=https://a;AccessKey=k;" })).toThrow(/WEBPUBSUB_HUB is not set/);
  });
});

describe("WebPubSubConnections over real HTTP", () => {
  let service: FakeWebPubSub;
  let connections: WebPubSubConnections;
  beforeAll(async () => {
    service = new FakeWebPubSub("hub1");
    await service.start();
    connections = new WebPubSubConnections(new WebPubSubServiceClient(service.connectionString, "hub1", { allowInsecureConnection: true }));
  });
  afterAll(() => service.stop());

  it("treats a connection that is gone as not an error (send and close)", async () => {
    await expect(connections.send("nobody", "x")).resolves.toBeUndefined();
    expect(service.calls.at(-1)).toMatchObject({ method: "POST", path: "/api/hubs/hub1/connections/nobody/:send" });
    await expect(connections.close("nobody", "bye")).resolves.toBeUndefined();
    expect(service.calls.at(-1)).toMatchObject({ method: "DELETE", path: "/api/hubs/hub1/connections/nobody", query: { reason: ["bye"] } });
  });

  it("broadcasts to everyone but the excluded, counting who got it; sends nothing to an empty topic", async () => {
    for (const id of ["a", "b", "c"]) (service.groups.get(ALL_CONNECTIONS_GROUP) ?? service.groups.set(ALL_CONNECTIONS_GROUP, new Set()).get(ALL_CONNECTIONS_GROUP)!).add(id);
    expect(await connections.broadcast("hello", { except: ["b"] })).toEqual({ delivered: 2, gone: 0 });
    expect(service.frames.get("a")).toEqual(["hello"]);
    expect(service.frames.get("b")).toBeUndefined();
    const before = service.calls.length;
    expect(await connections.broadcast("x", { topic: "empty" })).toEqual({ delivered: 0, gone: 0 });
    expect(service.calls.slice(before).map((c) => `${c.method} ${c.path}`)).toEqual([`GET /api/hubs/hub1/groups/${topicGroup("empty")}/connections`]);
  });

  it("subscribes and unsubscribes through group membership", async () => {
    await connections.subscribe("a", "t1");
    expect(service.groups.get("topic:t1")?.has("a")).toBe(true);
    await connections.unsubscribe("a", "t1");
    expect(service.groups.get("topic:t1")?.has("a")).toBe(false);
  });
});

describe("Function Apps whose app or settings are broken answer 500, never crash", () => {
  beforeEach(() => jest.spyOn(console, "error").mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it("REST: a module without an app", async () => {
    const host = await startFunctionApp("rest-api", "tests/azure/apps/no-app.ts");
    try {
      const response = await fetch(`${host.url}/health`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: { code: "app_unavailable", message: "the application failed to start" } });
    } finally {
      await host.close();
    }
  });

  it("WebSocket: missing Web PubSub settings", async () => {
    const saved = process.env.WEBPUBSUB_CONNECTION_STRING;
    delete process.env.WEBPUBSUB_CONNECTION_STRING;
    const host = await startFunctionApp("websocket", undefined, { WEBPUBSUB_HUB: "semantest" });
    try {
      for (const [path, method] of [["/negotiate", "GET"], ["/webpubsub/events", "POST"]]) {
        const response = await fetch(`${host.url}${path}`, { method, body: method === "POST" ? "{}" : undefined });
        expect(response.status).toBe(500);
        expect(await response.json()).toMatchObject({ error: { code: "app_unavailable" } });
      }
    } finally {
      await host.close();
      if (saved !== undefined) process.env.WEBPUBSUB_CONNECTION_STRING = saved;
    }
  });
});

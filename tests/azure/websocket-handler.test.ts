/**
 * The WebSocket Function App, bundled and run as the Functions host runs it. A stand-in Web PubSub
 * service (support/web-pubsub-fake.ts) drives it with CloudEvents over real HTTP, exactly as
 * Microsoft documents them, and records the REST calls the app makes back through
 * WebPubSubServiceClient.
 */
import { ALL_CONNECTIONS_GROUP } from "../../runtime/azure/connections";
import { startFunctionApp, type FunctionApp } from "./support/functions-host";
import { EXPECTED_SCENARIO_RESULT, runRelayScenario } from "./support/relay-scenario";
import { ACCESS_KEY, FakeWebPubSub, verifyJwt } from "./support/web-pubsub-fake";

const HUB = "semantest";

async function start(entry?: string): Promise<{ host: FunctionApp; service: FakeWebPubSub }> {
  const service = new FakeWebPubSub(HUB);
  await service.start();
  const host = await startFunctionApp("websocket", entry, { WEBPUBSUB_CONNECTION_STRING: service.connectionString, WEBPUBSUB_HUB: HUB });
  service.setEventHandler(`${host.url}/webpubsub/events`);
  return { host, service };
}

describe("WebSocket on Azure: the bundled artifact with the reference relay", () => {
  let host: FunctionApp;
  let service: FakeWebPubSub;
  beforeAll(async () => ({ host, service } = await start()));
  afterAll(async () => {
    await host.close();
    await service.stop();
  });

  it("registers the events route (POST, OPTIONS) and negotiate (GET, POST), both anonymous", () => {
    expect(host.registrations.map((r) => [r.name, r.route, [...r.methods].sort().join(","), r.authLevel]).sort()).toEqual([
      ["negotiate", "negotiate", "GET,POST", "anonymous"],
      ["webpubsub-events", "webpubsub/events", "OPTIONS,POST", "anonymous"],
    ]);
  });

  it("answers the abuse-protection handshake for its own service only", async () => {
    const ours = await service.handshake();
    expect(ours.status).toBe(200);
    expect(ours.headers.get("webhook-allowed-origin")).toBe(service.host);
    expect((await service.handshake("evil.webpubsub.azure.com")).status).toBe(403);
    expect((await fetch(`${host.url}/webpubsub/events`, { method: "OPTIONS" })).status).toBe(400);
  });

  it("runs the three-client scenario: subscribe, publish, one disconnects, publish again", async () => {
    const result = await runRelayScenario({
      connect: async (name) => {
        const id = `conn-${name}`;
        const response = await service.connect(id);
        expect(response.status).toBe(200);
        return id;
      },
      send: async (id, frame) => void (await service.message(id, JSON.stringify(frame))),
      disconnect: async (id) => void (await service.disconnect(id)),
      frames: async (id) => service.framesFor(id),
    });
    expect(result).toEqual(EXPECTED_SCENARIO_RESULT);

    // The effects went through the service REST API, authenticated with the access key.
    const calls = service.calls.map((c) => `${c.method} ${c.path}`);
    expect(calls).toContain(`PUT /api/hubs/${HUB}/groups/topic:news/connections/conn-alice`);
    expect(calls).toContain(`GET /api/hubs/${HUB}/groups/topic:news/connections`);
    expect(calls).toContain(`POST /api/hubs/${HUB}/groups/topic:news/:send`);
    expect(calls).toContain(`POST /api/hubs/${HUB}/connections/conn-carol/:send`);
    expect(service.rejected).toEqual([]);
    expect(service.calls.every((c) => typeof c.query["api-version"]?.[0] === "string")).toBe(true);
    // Every connection joined the hub-wide group on connect (the connect response's `groups`).
    expect([...service.groups.get(ALL_CONNECTIONS_GROUP)!].filter((id) => id.startsWith("conn-")).sort()).toEqual(["conn-alice", "conn-carol"]);
  });

  it("answers bad frames with error frames, and the connection keeps working", async () => {
    await service.connect("conn-dave");
    expect((await service.message("conn-dave", "{not json")).status).toBe(204);
    await service.message("conn-dave", JSON.stringify({ action: "dance" }));
    await service.message("conn-dave", JSON.stringify({ action: "ping" }));
    const frames = service.framesFor("conn-dave") as { type: string; code?: string }[];
    expect(frames.map((f) => f.code ?? f.type)).toEqual(["MALFORMED_JSON", "UNKNOWN_ACTION", "pong"]);
  });

  it("refuses unsigned, wrongly signed, foreign-hub and malformed events with 4xx", async () => {
    const connect = "azure.webpubsub.sys.connect";
    const body = JSON.stringify({ query: {} });
    expect((await service.event(connect, "c1", body, "application/json", { "ce-signature": undefined })).status).toBe(401);
    expect((await service.event(connect, "c1", body, "application/json", { "ce-signature": "sha256=00" })).status).toBe(401);
    expect((await service.event(connect, "c1", body, "application/json", { "ce-hub": "other" })).status).toBe(400);
    expect((await service.event(connect, "c1", "{oops", "application/json")).status).toBe(400);
    expect((await service.event(connect, "c1", body, "application/json", { "ce-awpsversion": undefined })).status).toBe(400);
    expect((await service.event("azure.webpubsub.sys.unknown", "c1", body, "application/json")).status).toBe(400);
    expect((await fetch(`${host.url}/webpubsub/events`, { method: "POST", body: "x" })).status).toBe(400);
  });

  it("negotiate gives a client URL on the service's hub with a token signed by the access key", async () => {
    const response = await fetch(`${host.url}/negotiate?userId=user-1`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { url: string; baseUrl: string; token: string };
    expect(body.baseUrl).toBe(`ws://${service.host}/client/hubs/${HUB}`);
    expect(body.url).toBe(`${body.baseUrl}?access_token=${body.token}`);
    const claims = verifyJwt(body.token, ACCESS_KEY);
    expect(claims).toMatchObject({ aud: `${service.endpoint}/client/hubs/${HUB}`, sub: "user-1" });
    expect((await fetch(`${host.url}/negotiate?userId=${encodeURIComponent("bad user!")}`)).status).toBe(400);
  });
});

describe("WebSocket on Azure: a user's app that refuses and fails", () => {
  let host: FunctionApp;
  let service: FakeWebPubSub;
  beforeAll(async () => ({ host, service } = await start("tests/aws/apps/faulty-websocket.ts")));
  beforeEach(() => jest.spyOn(console, "error").mockImplementation(() => undefined)); // the handler logs the app's failures
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await host.close();
    await service.stop();
  });

  it("passes the app's refusal to the service as the connect status, with the query the client sent", async () => {
    const refused = await service.connect("c-deny", { deny: ["1"] });
    expect(refused).toMatchObject({ status: 403, body: "denied by the app" });
    expect(service.groups.get(ALL_CONNECTIONS_GROUP)?.has("c-deny") ?? false).toBe(false);
    expect((await service.connect("c-ok")).status).toBe(200);
  });

  it("turns a throwing onMessage into an error frame for the sender, and a throwing onDisconnect into a 204", async () => {
    expect((await service.connect("c-fails")).status).toBe(200);
    await service.message("c-fails", "hi");
    const failed = await service.message("c-fails", "boom");
    expect(failed.status).toBe(200);
    expect(JSON.parse(failed.body)).toMatchObject({ type: "error", code: "INTERNAL" });
    expect(service.frames.get("c-fails")?.[0]).toBe("echo:hi");
    expect((await service.disconnect("c-fails")).status).toBe(204);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining("onMessage failed"));
  });
});

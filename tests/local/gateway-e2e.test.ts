/**
 * End to end: `semantest-iac dev` as a subprocess, driven by real clients (fetch, ws), on both
 * providers. The bundled artifacts run in their own function processes behind the emulated
 * API Gateway / Functions + Web PubSub front doors.
 */
import { Client, clientUrl, eventually, registry, startGatewayProcess, VALID_EVENT, type GatewayProcess } from "./support";

jest.setTimeout(90_000);

describe.each(["aws", "azure"] as const)("semantest-iac dev --provider %s", (provider) => {
  let gateway: GatewayProcess;
  const clients: Client[] = [];
  const connect = async () => {
    const client = await Client.connect(await clientUrl(gateway.ready));
    clients.push(client);
    return client;
  };
  /** Each client's connection id, learnt from the registry: the ones that appeared since `before`. */
  const newIds = async (before: string[], count: number) =>
    (await eventually(() => registry(gateway.ready.restUrl), (r) => r.connections.filter((id) => !before.includes(id)).length >= count)).connections.filter((id) => !before.includes(id));

  beforeAll(async () => {
    gateway = await startGatewayProcess(provider);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) if (!client.closed) client.socket.terminate();
  });
  afterAll(async () => {
    if (gateway && gateway.child.exitCode === null) await gateway.stop("SIGKILL");
  });

  it("prints its URLs as one JSON ready line", () => {
    expect(gateway.ready.provider).toBe(provider);
    expect(gateway.ready.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    if (provider === "aws") expect(gateway.ready.page.webSocketUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/local$/);
    else expect(gateway.ready.page.negotiateUrl).toBe("/_local/negotiate");
  });

  it("serves GET /health and GET /version through the host adapter", async () => {
    const health = await fetch(`${gateway.ready.restUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
    const version = await fetch(`${gateway.ready.restUrl}/version`);
    expect(await version.json()).toEqual({ name: "semantest-reference-app", version: "0.0.0", commit: "unknown" });
  });

  it("accepts POST /events with 202 and rejects malformed JSON, a wrong type and an unknown route", async () => {
    const post = (body: string, type = "application/json") => fetch(`${gateway.ready.restUrl}/events`, { method: "POST", headers: { "content-type": type }, body });
    const accepted = await post(JSON.stringify(VALID_EVENT));
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ id: VALID_EVENT.id, status: "accepted" });
    const malformed = await post("{not json");
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe("MALFORMED_JSON");
    expect((await post("{}", "text/plain")).status).toBe(415);
    const missing = await fetch(`${gateway.ready.restUrl}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("relays a publish from one client to the two other subscribers, and tracks them in the registry", async () => {
    const before = (await registry(gateway.ready.restUrl)).connections;
    const [a, b, c] = [await connect(), await connect(), await connect()];
    const topic = `room.${provider}`;
    for (const client of [a, b, c]) client.send({ action: "subscribe", topic });
    for (const client of [a, b, c]) await client.next((f) => f.type === "subscribed" && f.topic === topic);
    const ids = await newIds(before, 3);
    expect(ids).toHaveLength(3);
    expect((await registry(gateway.ready.restUrl)).topics[topic]?.sort()).toEqual([...ids].sort());

    a.send({ action: "publish", topic, payload: { text: "hello", n: 1 } });
    for (const receiver of [b, c]) expect(await receiver.next((f) => f.type === "message")).toEqual({ type: "message", topic, payload: { text: "hello", n: 1 } });
    expect(await a.next((f) => f.type === "published")).toEqual({ type: "published", topic, delivered: 3 });
  });

  it("answers ping with pong", async () => {
    const client = await connect();
    client.send({ action: "ping" });
    expect(await client.next((f) => f.type === "pong")).toEqual({ type: "pong" });
  });

  it("removes a client that disconnects from the registry and its topics, and keeps the others", async () => {
    const before = (await registry(gateway.ready.restUrl)).connections;
    const [stays, leaves] = [await connect(), await connect()];
    for (const client of [stays, leaves]) client.send({ action: "subscribe", topic: "leaving" });
    for (const client of [stays, leaves]) await client.next((f) => f.type === "subscribed");
    const ids = await newIds(before, 2);
    leaves.close();
    const after = await eventually(() => registry(gateway.ready.restUrl), (r) => r.connections.filter((id) => ids.includes(id)).length === 1);
    const [remaining] = after.connections.filter((id) => ids.includes(id));
    expect(after.topics.leaving).toEqual([remaining]);
    stays.send({ action: "publish", topic: "leaving", payload: "still here" });
    expect(await stays.next((f) => f.type === "published")).toEqual({ type: "published", topic: "leaving", delivered: 1 });
  });

  it("answers malformed JSON and an unknown action with error frames and keeps the registry intact", async () => {
    const before = (await registry(gateway.ready.restUrl)).connections;
    const client = await connect();
    const [id] = await newIds(before, 1);
    client.send("{not json");
    expect(await client.next((f) => f.type === "error")).toMatchObject({ type: "error", code: "MALFORMED_JSON" });
    client.send({ action: "dance", topic: "t" });
    expect(await client.next((f) => f.code === "UNKNOWN_ACTION")).toMatchObject({ type: "error", code: "UNKNOWN_ACTION" });
    expect((await registry(gateway.ready.restUrl)).connections).toContain(id);
    client.send({ action: "ping" });
    expect(await client.next((f) => f.type === "pong")).toEqual({ type: "pong" });
  });

  it("handles a 200 KB frame as the cloud does, without losing anyone else from the registry", async () => {
    const before = (await registry(gateway.ready.restUrl)).connections;
    const [bystander, sender] = [await connect(), await connect()];
    const [first, second] = await newIds(before, 2);
    const big = JSON.stringify({ action: "publish", topic: "big", payload: "x".repeat(200 * 1024) });
    sender.send(big);
    if (provider === "aws") {
      // API Gateway closes a connection that sends a frame above 32 KB / a message above 128 KB with 1009.
      expect((await sender.waitClosed()).code).toBe(1009);
      const after = await eventually(() => registry(gateway.ready.restUrl), (r) => r.connections.filter((id) => id === first || id === second).length === 1);
      expect(after.connections.filter((id) => id === first || id === second)).toHaveLength(1);
    } else {
      // Web PubSub takes messages up to 1 MB; the relay answers with an error frame and keeps the connection.
      expect(await sender.next((f) => f.type === "error")).toMatchObject({ type: "error", code: "MESSAGE_TOO_LARGE" });
      expect((await registry(gateway.ready.restUrl)).connections).toEqual(expect.arrayContaining([first, second]));
      sender.send({ action: "ping" });
      await sender.next((f) => f.type === "pong");
    }
    bystander.send({ action: "ping" });
    expect(await bystander.next((f) => f.type === "pong")).toEqual({ type: "pong" });
  });

  it("logs each invocation on one line", () => {
    const lines = gateway.output().split("\n");
    expect(lines.some((l) => / rest +(GET \/health|GET \/health -> rest-api) 200 \d+ms$/.test(l))).toBe(true);
    expect(lines.some((l) => (provider === "aws" ? / ws +\$connect \S+ 200 \d+ms$/ : / upstream +connect \S+ 200 \d+ms$/).test(l))).toBe(true);
  });

  it("shuts down cleanly on SIGTERM: exit code 0, connections closed", async () => {
    const client = await connect();
    const code = await gateway.stop("SIGTERM");
    expect(code).toBe(0);
    expect((await client.waitClosed()).code).toBe(1001);
    expect(gateway.output()).toContain("SIGTERM: shutting down");
    expect(gateway.output()).toContain("stopped");
  });
});

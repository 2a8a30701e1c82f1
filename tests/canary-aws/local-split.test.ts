/**
 * The local gateway with a release in progress (issue 20, "done when"): two WebSocket versions side
 * by side behind a weighted alias. New connections split by the configured share (seeded, so the
 * split is exactly the draw's), every message of a connection is served by the version that
 * accepted it (the handler forwards through the local Lambda Invoke API with the real
 * LambdaClient), broadcasts reach both versions' connections, and a rollback's close-version
 * command closes the canary's connections with a reconnect frame.
 */
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { Environment, parseComponentSettings, type RestApiSettings, type WebSocketSettings } from "../../domain";
import { LOCAL_VERSIONS, seededRandom } from "../../runtime/local/aws/alias";
import { startGateway, type Gateway } from "../../runtime/local/gateway";
import { createLog } from "../../runtime/local/log";
import { closeVersionCommand } from "../../runtime/aws/pinning-contract";
import { Client, PROJECT_DIR } from "../local/support";

const WEIGHT = 0.3;
const SEED = 7;
const CONNECTIONS = 20;
const MESSAGES = 5;

function settings<T>(kind: "rest-api" | "websocket", raw: Record<string, unknown>): T {
  const parsed = parseComponentSettings(kind, { provider: "aws", ...raw }, Environment.of("dev"), `semantest:components.${kind}`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value as T;
}

describe("the local AWS gateway with traffic { weight: 0.3, seed: 7 }", () => {
  let gateway: Gateway;
  const lines: string[] = [];
  const clients: Client[] = [];
  let url: string;

  beforeAll(async () => {
    gateway = await startGateway({
      provider: "aws",
      port: 0,
      projectDir: PROJECT_DIR,
      components: {
        restApi: settings<RestApiSettings>("rest-api", {}),
        websocket: settings<WebSocketSettings>("websocket", { entry: "tests/canary-aws/apps/version-echo.ts" }),
      },
      traffic: { weight: WEIGHT, seed: SEED },
      log: createLog((line) => lines.push(line), { color: false }),
    });
    url = gateway.host.page.webSocketUrl!;
    // One at a time: the $connect draws are then the first CONNECTIONS draws of the seeded sequence.
    for (let i = 0; i < CONNECTIONS; i++) clients.push(await Client.connect(url));
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await gateway?.close();
  }, 60_000);

  it("splits new connections by the configured share: exactly the seeded draw", async () => {
    const random = seededRandom(SEED);
    const expected = Array.from({ length: CONNECTIONS }, () => (random() < WEIGHT ? LOCAL_VERSIONS.next : LOCAL_VERSIONS.previous));
    const versions: string[] = [];
    for (const [i, client] of clients.entries()) {
      client.send(`hello-${i}`);
      versions.push((await client.next((f) => f.type === "echo" && f.data === `hello-${i}`)).version as string);
    }
    expect(versions).toEqual(expected);
    // Both versions got connections, and the new one about its share (5 of 20 with this seed).
    const onNew = versions.filter((v) => v === LOCAL_VERSIONS.next).length;
    expect(onNew).toBeGreaterThan(0);
    expect(onNew).toBeLessThan(CONNECTIONS);
  }, 60_000);

  it("serves every message of one connection by one version, forwarding what the alias sends elsewhere", async () => {
    const forwardsBefore = lines.filter((l) => l.includes("Invoke websocket:")).length;
    for (const [i, client] of clients.entries()) {
      const first = client.frames.find((f) => (f as { data?: string }).data === `hello-${i}`) as { version: string };
      for (let m = 0; m < MESSAGES; m++) {
        client.send(`m${m}`);
        const reply = await client.next((f) => f.type === "echo" && f.data === `m${m}`);
        expect({ connection: i, message: m, version: reply.version }).toEqual({ connection: i, message: m, version: first.version });
      }
    }
    // 100 messages through a 30% alias: some landed on the other version and were forwarded.
    const forwards = lines.filter((l) => l.includes("Invoke websocket:")).length - forwardsBefore;
    expect(forwards).toBeGreaterThan(0);
  }, 120_000);

  it("delivers a broadcast to both versions' connections", async () => {
    clients[0]!.send("broadcast");
    for (const client of clients) await client.next((f) => f.type === "broadcast");
  }, 60_000);

  it("closes only the canary's connections on a rollback, each after a reconnect frame", async () => {
    const canary = clients.filter((c) => (c.frames.find((f) => (f as { type?: string }).type === "echo") as { version: string }).version === LOCAL_VERSIONS.next);
    const stable = clients.filter((c) => !canary.includes(c));
    const lambda = new LambdaClient({ endpoint: gateway.webSocketServerUrl, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    const command = closeVersionCommand(LOCAL_VERSIONS.next, LOCAL_VERSIONS.previous, "https://example.execute-api.us-east-1.amazonaws.com/local", "release rolled back; reconnect");
    const out = await lambda.send(new InvokeCommand({ FunctionName: "websocket", Qualifier: LOCAL_VERSIONS.next, Payload: Buffer.from(JSON.stringify(command)) }));
    expect(out.FunctionError).toBeUndefined();
    const result = JSON.parse(Buffer.from(out.Payload!).toString("utf8")) as { statusCode: number; body: string };
    expect(JSON.parse(result.body)).toEqual({ version: LOCAL_VERSIONS.next, closed: canary.length, failed: 0 });
    for (const client of canary) {
      expect(await client.next((f) => f.type === "reconnect")).toEqual({ type: "reconnect", reason: "release rolled back; reconnect", version: LOCAL_VERSIONS.next });
      expect((await client.waitClosed()).code).toBe(1000);
    }
    for (const client of stable) expect(client.closed).toBeUndefined();
    // A client that reconnects keeps being served (by either version, as the alias draws).
    const again = await Client.connect(url);
    again.send("after");
    expect((await again.next((f) => f.type === "echo" && f.data === "after")).version).toMatch(/^[12]$/);
    again.close();
  }, 60_000);
});

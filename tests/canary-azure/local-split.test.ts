/**
 * Issue 20's WebSocket rule on the local Azure host (Web PubSub emulator + Functions host), driven
 * only through Microsoft's own client (@azure/web-pubsub-client): a stable app (v1, hub `semantest`)
 * and a canary app (v2, hub `semantest_canary`) built from the same bundle with different variables,
 * `negotiate` assigning new connections to the canary by the weight (seeded by the salt, so the split
 * is deterministic), every message of a connection served by one version, broadcasts reaching both
 * hubs, and a rollback that stops assigning and closes the canary's connections with a reason the
 * client reconnects on.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { WebPubSubClient, WebPubSubJsonProtocol } from "@azure/web-pubsub-client";
import { Environment, parseComponentSettings, type ComponentSettings, type RestApiSettings, type WebSocketSettings } from "../../domain";
import { bucketOf } from "../../runtime/azure/canary";
import { HUB_HEADER } from "../../runtime/azure/websocket-handler";
import { startAzureHost, LOCAL_CANARY_HUB, LOCAL_HUB, type AzureCanaryControl } from "../../runtime/local/azure/host";
import type { ProviderHost } from "../../runtime/local/host";
import { createLog } from "../../runtime/local/log";
import { eventually } from "../local/support";

jest.setTimeout(180_000);

const PROJECT_DIR = path.resolve(__dirname, "../..");
const WEIGHT = 0.3;
const SALT = "01JCANARYTEST";
const USERS = Array.from({ length: 16 }, (_, i) => `user-${i}`);
/** What negotiate must decide for each user: the bucket is a pure function of (salt, user). */
const expectedHub = (user: string) => (bucketOf(SALT, user) < WEIGHT ? LOCAL_CANARY_HUB : LOCAL_HUB);

function parse(kind: "rest-api" | "websocket", raw: Record<string, unknown>): ComponentSettings {
  const parsed = parseComponentSettings(kind, { provider: "azure", ...raw }, Environment.of("dev"), `semantest:components.${kind}`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed));
  return parsed.value;
}
const settings = (version: string) => parse("websocket", { entry: "tests/canary-azure/apps/versioned-app.ts", variables: { APP_VERSION: version } });

interface Recorded {
  readonly user: string;
  readonly client: WebPubSubClient;
  readonly hubs: string[];
  readonly connections: string[];
  readonly disconnects: (string | undefined)[];
  readonly frames: Record<string, unknown>[];
}

let host: ProviderHost & { canary?: AzureCanaryControl };
const servers: http.Server[] = [];
const clients: Recorded[] = [];
let restUrl = "";

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function connect(user: string): Recorded {
  const recorded: Recorded = { user, hubs: [], connections: [], disconnects: [], frames: [], client: undefined as unknown as WebPubSubClient };
  const client = new WebPubSubClient(
    {
      getClientAccessUrl: async () => {
        const res = await fetch(`${restUrl}/_local/negotiate?userId=${user}`);
        recorded.hubs.push(res.headers.get(HUB_HEADER) ?? "");
        return ((await res.json()) as { url: string }).url;
      },
    },
    { protocol: WebPubSubJsonProtocol(), reconnectRetryOptions: { maxRetries: 5, retryDelayInMs: 100, mode: "Fixed" }, messageRetryOptions: { maxRetries: 0 } },
  );
  client.on("connected", (e) => recorded.connections.push(e.connectionId));
  client.on("disconnected", (e) => recorded.disconnects.push(e.message?.message));
  client.on("server-message", (e) => recorded.frames.push(JSON.parse(String(e.message.data)) as Record<string, unknown>));
  Object.assign(recorded, { client });
  clients.push(recorded);
  return recorded;
}

const served = (r: Recorded) => r.frames.filter((f) => f.type === "served");
const until = <T>(probe: () => T, check: (value: T) => boolean) => eventually(async () => probe(), check, 30_000);

beforeAll(async () => {
  const log = createLog(() => undefined, { color: false });
  // The servers exist before the host (it needs their URLs), as in runtime/local/gateway.ts.
  const rest = await listen((req, res) => void host?.handleRest(req, res));
  const ws = await listen((req, res) => {
    if (!host?.handleWebSocketHttp(req, res)) res.writeHead(404).end();
  });
  restUrl = rest.url;
  const started = await startAzureHost(
    {
      projectDir: PROJECT_DIR,
      workDir: path.join(PROJECT_DIR, ".semantest", "local"),
      log,
      restBaseUrl: rest.url,
      webSocketBaseUrl: ws.url,
      components: { restApi: parse("rest-api", {}) as RestApiSettings, websocket: settings("v1") as WebSocketSettings },
      only: "websocket",
    },
    { canary: { weight: WEIGHT, salt: SALT, websocket: settings("v2") } },
  );
  started.attachWebSocket(ws.server);
  host = started;
});

afterAll(async () => {
  for (const r of clients) r.client.stop();
  await host?.close();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe("a WebSocket release on the local Azure host (weight 0.3, 16 users)", () => {
  let all: Recorded[];
  beforeAll(async () => {
    all = USERS.map(connect);
    await Promise.all(all.map((r) => r.client.start()));
    await until(() => all.every((r) => r.connections.length === 1), Boolean);
    for (const r of all) for (const n of [1, 2, 3]) await r.client.sendEvent("message", `m${n}`, "text");
    await until(() => all.every((r) => served(r).length === 3), Boolean);
  });

  it("negotiate assigns each new connection by the seeded share: the same split every run, both hubs used", () => {
    expect(all.map((r) => r.hubs[0])).toEqual(USERS.map(expectedHub));
    const canary = all.filter((r) => r.hubs[0] === LOCAL_CANARY_HUB).length;
    expect(canary).toBeGreaterThan(0);
    expect(canary).toBeLessThan(USERS.length);
  });

  it("serves every message of one connection with one version: v2 on the canary hub, v1 on the stable hub", () => {
    for (const r of all) {
      const versions = new Set(served(r).map((f) => f.version));
      expect({ user: r.user, versions: [...versions] }).toEqual({ user: r.user, versions: [r.hubs[0] === LOCAL_CANARY_HUB ? "v2" : "v1"] });
      expect(served(r).map((f) => f.connectionId)).toEqual(Array(3).fill(r.connections[0]));
    }
  });

  it("a broadcast reaches the connections of both versions", async () => {
    const sender = all.find((r) => r.hubs[0] === LOCAL_HUB)!;
    await sender.client.sendEvent("message", "broadcast:hello", "text");
    await until(() => all.every((r) => r.frames.some((f) => f.type === "broadcast" && f.text === "hello")), Boolean);
    expect(sender.frames.find((f) => f.type === "broadcasted")).toMatchObject({ delivered: USERS.length, version: "v1" });
  });

  it("a rollback stops assigning, closes the canary's connections with a reconnect reason, and they come back on v1", async () => {
    const canary = all.filter((r) => r.hubs[0] === LOCAL_CANARY_HUB);
    const stable = all.filter((r) => r.hubs[0] === LOCAL_HUB);
    const { reason } = await host.canary!.rollback(SALT);
    expect(reason).toBe(`reconnect: release ${SALT} rolled back`);
    await until(() => canary.every((r) => r.disconnects.includes(reason) && r.connections.length === 2), Boolean);
    // Reconnected through negotiate, which now assigns the stable hub only.
    expect(canary.map((r) => r.hubs.at(-1))).toEqual(canary.map(() => LOCAL_HUB));
    for (const r of canary) await r.client.sendEvent("message", "after", "text");
    await until(() => canary.every((r) => served(r).some((f) => f.data === "after")), Boolean);
    expect(canary.map((r) => served(r).find((f) => f.data === "after")?.version)).toEqual(canary.map(() => "v1"));
    // The stable share was not touched.
    expect(stable.every((r) => r.connections.length === 1 && r.disconnects.length === 0)).toBe(true);
    const late = connect("user-late");
    await late.client.start();
    expect(late.hubs).toEqual([LOCAL_HUB]);
  });
});

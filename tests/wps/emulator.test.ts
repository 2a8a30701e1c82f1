/**
 * Web PubSub with local auth off, end to end on the local Azure host: the emulated service has no
 * connection string; the WebSocket Function App (the built zip, reference relay) reaches the REST
 * API as its managed identity over TLS (its WebPubSubServiceClient with a ManagedIdentityCredential:
 * negotiate's `getClientAccessToken` is the `:generateToken` REST call) and accepts only events
 * carrying the local issuer's token of the service identity; Microsoft's own clients
 * (@azure/web-pubsub with a TokenCredential, @azure/web-pubsub-client) work through it.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import * as tls from "tls";
import * as fs from "fs";
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import * as fc from "fast-check";
import { WebPubSubClient, WebPubSubJsonProtocol } from "@azure/web-pubsub-client";
import { Environment, parseComponentSettings, type RestApiSettings, type WebSocketSettings } from "../../domain";
import { startAzureHost, LOCAL_HUB } from "../../runtime/local/azure/host";
import { WebPubSubEmulator } from "../../runtime/local/azure/web-pubsub";
import { signJwt } from "../../runtime/local/azure/jwt";
import { startLocalIdentity } from "../../runtime/local/azure/identity";
import { startUpstreamIssuer } from "../../runtime/local/azure/upstream-issuer";
import type { ProviderHost } from "../../runtime/local/host";
import { createLog } from "../../runtime/local/log";
import { eventually } from "../local/support";

jest.setTimeout(180_000);

const PROJECT_DIR = path.resolve(__dirname, "../..");
const WORK_DIR = path.join(PROJECT_DIR, ".semantest", "local-wps");

/** Trust the local TLS certificate in this process, as NODE_EXTRA_CA_CERTS does for the Function Apps. */
function trustLocalCertificate(certFile: string): void {
  tls.setDefaultCACertificates([...tls.getCACertificates("default"), fs.readFileSync(certFile, "utf8")]);
}

const servers: http.Server[] = [];
async function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function settings(kind: "rest-api" | "websocket") {
  const parsed = parseComponentSettings(kind, { provider: "azure" }, Environment.of("dev"), `semantest:components.${kind}`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed));
  return parsed.value;
}

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe("the local Azure host with local auth off (built WebSocket app, reference relay)", () => {
  let host: ProviderHost;
  let wsUrl = "";
  const serviceCalls: string[] = [];
  const upstream: string[] = [];
  const clients: WebPubSubClient[] = [];

  beforeAll(async () => {
    const log = createLog(() => undefined, { color: false });
    const original = log.invocation.bind(log);
    log.invocation = (kind, what, status, ...rest) => {
      if (kind === "service") serviceCalls.push(`${what} ${status}`);
      if (kind === "upstream") upstream.push(`${what.split(" ")[0]} ${status}`);
      return original(kind, what, status, ...rest);
    };
    const rest = await listen((req, res) => void host?.handleRest(req, res));
    const ws = await listen((req, res) => {
      if (!host?.handleWebSocketHttp(req, res)) res.writeHead(404).end();
    });
    wsUrl = ws.url;
    const started = await startAzureHost(
      { projectDir: PROJECT_DIR, workDir: WORK_DIR, log, restBaseUrl: rest.url, webSocketBaseUrl: ws.url, components: { restApi: settings("rest-api") as RestApiSettings, websocket: settings("websocket") as WebSocketSettings }, only: "websocket" },
      { localAuth: false },
    );
    started.attachWebSocket(ws.server);
    host = started;
    trustLocalCertificate(path.join(WORK_DIR, "tls", "cert.pem"));
  });
  afterAll(async () => {
    for (const client of clients) client.stop();
    await host?.close();
  });

  it("lists no connection string, and names the TLS client endpoint and the certificate to trust", () => {
    expect(Object.keys(host.urls)).not.toContain("Web PubSub connection string");
    expect(host.urls["Web PubSub client endpoint (TLS, local auth off)"]).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/client\/hubs\/semantest$/);
  });

  it("negotiate gets the client URL from the service's :generateToken as the app's identity", async () => {
    const response = await fetch(`${wsUrl}/negotiate?userId=alice`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { url: string };
    expect(body.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/client\/hubs\/semantest\?access_token=/);
    expect(serviceCalls).toContain(`POST /api/hubs/${LOCAL_HUB}/:generateToken 200`);
  });

  it("runs the relay through @azure/web-pubsub-client: events reach the app with the service's token, the app answers through the REST API", async () => {
    const frames: Record<string, unknown>[] = [];
    const client = new WebPubSubClient(
      { getClientAccessUrl: async () => ((await (await fetch(`${wsUrl}/negotiate?userId=bob`)).json()) as { url: string }).url },
      { protocol: WebPubSubJsonProtocol(), reconnectRetryOptions: { maxRetries: 0 } },
    );
    clients.push(client);
    client.on("server-message", (e) => frames.push(JSON.parse(String(e.message.data)) as Record<string, unknown>));
    await client.start();
    await client.sendEvent("message", JSON.stringify({ action: "subscribe", topic: "news" }), "text");
    await client.sendEvent("message", JSON.stringify({ action: "publish", topic: "news", payload: { n: 1 } }), "text");
    await eventually(async () => frames.length, (n) => n >= 3, 30_000);
    expect(frames).toEqual(expect.arrayContaining([{ type: "subscribed", topic: "news" }, { type: "message", topic: "news", payload: { n: 1 } }, { type: "published", topic: "news", delivered: 1 }]));
    // Every upstream event was accepted (connect 200, the rest 2xx): the app verified each token.
    expect(upstream.filter((u) => u.startsWith("connect"))).toEqual(expect.arrayContaining(["connect 200"]));
    expect(upstream.every((u) => / 20\d$/.test(u))).toBe(true);
  });

  it("the app refuses an event without the service's token (401), and keeps serving", async () => {
    const event = await fetch(`${wsUrl}/webpubsub/events`, {
      method: "POST",
      headers: { "content-type": "application/json", "ce-awpsversion": "1.0", "ce-type": "azure.webpubsub.sys.connect", "ce-hub": LOCAL_HUB, "ce-connectionId": "forged", "ce-signature": "sha256=00" },
      body: "{}",
    });
    expect(event.status).toBe(401);
    expect((await fetch(`${wsUrl}/negotiate`)).status).toBe(200);
  });
});

describe("the emulator alone with local auth off: Microsoft's service SDK with a TokenCredential", () => {
  const ACCESS_KEY = Buffer.from("emulator-internal-key-for-wps-test").toString("base64");
  let service: WebPubSubEmulator;
  let identity: Awaited<ReturnType<typeof startLocalIdentity>>;
  let issuer: Awaited<ReturnType<typeof startUpstreamIssuer>>;
  let handlerRequests: { authorization?: string; signature?: string }[];
  const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

  beforeAll(async () => {
    handlerRequests = [];
    issuer = await startUpstreamIssuer("api://semantest-webpubsub-events");
    identity = await startLocalIdentity(WORK_DIR, (req, res) => service.handleRest(req, res));
    // An event handler that records what the service sends and accepts everything.
    const handler = await listen((req, res) => {
      handlerRequests.push({ authorization: req.headers.authorization, signature: req.headers["ce-signature"] as string | undefined });
      if (req.method === "OPTIONS") return void res.writeHead(200, { "WebHook-Allowed-Origin": "*" }).end();
      req.resume();
      req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    });
    service = new WebPubSubEmulator({ accessKey: ACCESS_KEY, identityKey: identity.key, localAuth: false, upstreamToken: () => issuer.token(), eventHandlers: { [LOCAL_HUB]: { url: `${handler.url}/events`, systemEvents: ["connect"] } } });
    service.setEndpoint(identity.serviceEndpoint);
    service.attach(identity.front as unknown as http.Server);
    trustLocalCertificate(identity.env.NODE_EXTRA_CA_CERTS!);
    // @azure/identity's App Service managed identity source reads these.
    process.env.IDENTITY_ENDPOINT = identity.env.IDENTITY_ENDPOINT;
    process.env.IDENTITY_HEADER = identity.env.IDENTITY_HEADER;
  });
  afterAll(async () => {
    await service?.close();
    await identity?.close();
    await issuer?.close();
    for (const [key, value] of [["IDENTITY_ENDPOINT", saved.endpoint], ["IDENTITY_HEADER", saved.header]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it("has no connection string", () => {
    expect(() => service.connectionString).toThrow(/local auth disabled/);
  });

  it("takes WebPubSubServiceClient with ManagedIdentityCredential: a client token, a connect with the service's upstream token, a broadcast delivered", async () => {
    const { ManagedIdentityCredential } = await import("@azure/identity");
    const sdk = new WebPubSubServiceClient(identity.serviceEndpoint, new ManagedIdentityCredential({ clientId: "00000000-0000-0000-0000-00000000100c" }), LOCAL_HUB);
    const client = new WebPubSubClient({ getClientAccessUrl: async () => (await sdk.getClientAccessToken({ userId: "carol" })).url }, { protocol: WebPubSubJsonProtocol(), reconnectRetryOptions: { maxRetries: 0 } });
    const received: unknown[] = [];
    client.on("server-message", (e) => received.push(e.message.data));
    await client.start();
    await sdk.sendToAll("hello", { contentType: "text/plain" });
    await eventually(async () => received.length, (n) => n >= 1, 10_000);
    client.stop();
    expect(received).toEqual(["hello"]);
    const connect = handlerRequests.find((r) => r.authorization !== undefined);
    expect(connect?.authorization).toMatch(/^Bearer ey/);
    expect(handlerRequests.every((r) => r.signature === undefined)).toBe(true);
  });

  it("answers any Authorization header on its REST API with 401 (never a crash), and keeps serving (fast-check)", async () => {
    const url = `${identity.serviceEndpoint}/api/hubs/${LOCAL_HUB}/:send?api-version=2024-01-01`;
    const text = fc.string({ unit: fc.constantFrom(..."abcXYZ019 .-_~+/=:\"{}".split("")), maxLength: 120 });
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, text.map((t) => `Bearer ${t}`), text.map((t) => `Bearer ${Buffer.from(t).toString("base64url")}.e30.x`)), async (authorization) => {
        const response = await fetch(url, { method: "POST", headers: { authorization, "content-type": "text/plain" }, body: "x" });
        expect(response.status).toBe(401);
        await response.arrayBuffer();
      }),
      { seed: 22, numRuns: 40 },
    );
    const { ManagedIdentityCredential } = await import("@azure/identity");
    await new WebPubSubServiceClient(identity.serviceEndpoint, new ManagedIdentityCredential({ clientId: "00000000-0000-0000-0000-00000000100c" }), LOCAL_HUB).sendToAll("still here", { contentType: "text/plain" });
  });

  it("refuses a REST call signed with the (internal) key, as a service without local auth does", async () => {
    const url = `${identity.serviceEndpoint}/api/hubs/${LOCAL_HUB}/:send?api-version=2024-01-01`;
    const token = signJwt({ aud: url, exp: Math.floor(Date.now() / 1000) + 600 }, ACCESS_KEY);
    const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" }, body: "x" });
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).toContain("local auth is disabled");
  });
});

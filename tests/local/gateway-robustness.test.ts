/**
 * Issue 14, local gateway: every example that used to kill `semantest-iac dev` (or answer 5xx, or
 * leave registry items behind), sent to the real CLI process of each provider, which must answer
 * 4xx, keep serving and end with a clean registry. Then a seeded fuzz run of malformed requests,
 * handshakes and frames (the full-size run is `npx tsx bench/fuzz/gateway.ts`).
 */
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { fuzzGateway, handshake, registryLeftovers, sendRaw, type GatewayTarget } from "../../bench/fuzz/support/gateway-cases";
import { signJwt } from "../../runtime/local/azure/web-pubsub";
import { Client, clientUrl, registry, startGatewayProcess, type GatewayProcess } from "./support";

jest.setTimeout(180_000);

const raw = (server: "rest" | "ws", text: string, truncated = false) => ({ server, raw: text, truncated });

describe.each(["aws", "azure"] as const)("semantest-iac dev --provider %s under malformed input", (provider) => {
  let gateway: GatewayProcess;
  let target: GatewayTarget;
  const alive = async () => {
    expect(gateway.child.exitCode).toBeNull();
    expect((await fetch(`${gateway.ready.restUrl}/health`)).status).toBe(200);
  };
  const base = (server: "rest" | "ws") => (server === "rest" ? gateway.ready.restUrl : gateway.ready.webSocketServerUrl);
  const send = (server: "rest" | "ws", text: string, truncated = false) => sendRaw(base(server), raw(server, text, truncated));

  beforeAll(async () => {
    gateway = await startGatewayProcess(provider);
    target = {
      provider,
      restUrl: gateway.ready.restUrl,
      webSocketServerUrl: gateway.ready.webSocketServerUrl,
      clientUrl: () => clientUrl(gateway.ready),
      registry: async () => (await registry(gateway.ready.restUrl)).connections,
    };
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it.each(["rest", "ws"] as const)("answers a request line that is not a URL (GET http://[ HTTP/1.1) on the %s server with 400", async (server) => {
    expect(await send(server, "GET http://[ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).toBe(400);
    await alive();
  });

  it("answers a bad percent-encoding in a REST path (/%ZZ) with 4xx", async () => {
    const status = await send("rest", "GET /%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    await alive();
  });

  it("answers a wrong method on a known path with a trailing slash (PUT /events/) with 405, not 500", async () => {
    expect(await send("rest", "PUT /events/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).toBe(405);
  });

  it("answers a bad Host header and keeps serving", async () => {
    for (const host of ["[bad", "http://x/", "%ZZ"]) {
      const status = await send("rest", `GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(status).toBeLessThan(500);
    }
    await alive();
  });

  it.each(["rest", "ws"] as const)("survives a client closing mid-upload on the %s server", async (server) => {
    const path = server === "rest" ? "/events" : provider === "aws" ? "/local/@connections/abc" : "/api/hubs/semantest/:send";
    const auth = provider === "aws" ? "AWS4-HMAC-SHA256 Credential=x" : `Bearer ${serviceToken(`${gateway.ready.webSocketServerUrl}${path}`)}`;
    for (let i = 0; i < 3; i++) await send(server, `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"par`, true);
    await new Promise((r) => setTimeout(r, 200));
    await alive();
  });

  it("answers a truncated percent-encoding in the management path (connection id / group name) with 400", async () => {
    const path = provider === "aws" ? "/local/@connections/%E0%A4%A" : "/api/hubs/semantest/groups/%E0%A4%A/:send";
    const auth = provider === "aws" ? "AWS4-HMAC-SHA256 Credential=x" : `Bearer ${serviceToken(`${gateway.ready.webSocketServerUrl}${path}`)}`;
    expect(await send("ws", `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi`)).toBe(400);
    await alive();
  });

  it("accepts a WebSocket handshake whose query and headers are named __proto__, constructor, toString", async () => {
    const names = ["__proto__", "constructor", "toString", "hasOwnProperty"];
    const { status, socket } = await handshake(await clientUrl(gateway.ready), { query: names.map((n) => `${n}=1`).join("&"), headers: names.map((n) => [n, "x"] as const), abort: false });
    expect(status).toBe(101);
    socket!.close(1000);
    await alive();
  });

  it("answers a deeply nested JSON frame with INVALID_FRAME, not INTERNAL", async () => {
    const client = await Client.connect(await clientUrl(gateway.ready));
    const deep = "[".repeat(5000) + "]".repeat(5000);
    client.send(`{"action":"publish","topic":"deep","payload":${deep}}`);
    const error = await client.next((f) => f.type === "error");
    expect(error).toMatchObject({ code: "INVALID_FRAME" });
    client.close();
  });

  it("leaves no registry item behind for sockets closed right after the upgrade", async () => {
    const url = await clientUrl(gateway.ready);
    await Promise.all(Array.from({ length: 20 }, () => handshake(url, { query: "", headers: [], abort: true })));
    expect(await registryLeftovers(target)).toEqual([]);
  });

  if (provider === "azure") {
    it("refuses a client token from negotiate on the service REST API (only service credentials)", async () => {
      const negotiated = (await (await fetch(`${gateway.ready.restUrl}/_local/negotiate`)).json()) as { token: string };
      for (const [method, path] of [["POST", "/api/hubs/semantest/:send"], ["POST", "/api/hubs/semantest/:closeConnections"]] as const) {
        const res = await fetch(`${gateway.ready.webSocketServerUrl}${path}`, { method, headers: { authorization: `Bearer ${negotiated.token}`, "content-type": "text/plain" }, body: "hijack" });
        expect(res.status).toBe(401);
      }
      // The key-signed service client still works.
      const sdk = new WebPubSubServiceClient(gateway.ready.urls["Web PubSub connection string"]!, "semantest", { allowInsecureConnection: true });
      await expect(sdk.sendToAll("hello", { contentType: "text/plain" })).resolves.toBeDefined();
    });
  }

  it("fuzz (seeded): 150 requests, 60 handshakes, 100 frames: no 5xx, no INTERNAL, still serving, registry clean", async () => {
    const figures = await fuzzGateway(target, { requests: 150, handshakes: 60, frames: 100 }, provider === "aws" ? 1401 : 1402);
    expect(figures.examples).toEqual([]);
    expect(figures).toMatchObject({ requests: 150, handshakes: 60, frames: 100, wrongStatuses: 0, wrongFrames: 0 });
    await alive();
    expect(await registryLeftovers(target)).toEqual([]);
  });

  function serviceToken(audience: string): string {
    const key = /AccessKey=([^;]+)/.exec(gateway.ready.urls["Web PubSub connection string"] ?? "")?.[1] ?? "no-key";
    return signJwt({ aud: audience, exp: Math.floor(Date.now() / 1000) + 600 }, key);
  }
});

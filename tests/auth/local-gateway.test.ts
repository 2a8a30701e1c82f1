/**
 * The local gateway enforces a stack's auth on both providers, with its local issuer: no token ->
 * 401 on a REST call and on the WebSocket handshake (AWS: the `$connect` authorizer Lambda from the
 * built zip; Azure: negotiate in the Function App), a valid token is accepted; a public route
 * stays public; a token without the route's scope -> 403. Driven with the clients the other local
 * tests use: fetch, `ws`, and Microsoft's @azure/web-pubsub-client.
 */
import { WebPubSubClient } from "@azure/web-pubsub-client";
import fc from "fast-check";
import { Environment, parseComponentSettings, type RestApiSettings, type WebSocketSettings } from "../../domain";
import { startGateway, type Gateway } from "../../runtime/local/gateway";
import { createLog } from "../../runtime/local/log";
import { Client, PROJECT_DIR, VALID_EVENT } from "../local/support";

jest.setTimeout(180_000);

const AUDIENCE = "api://semantest";
/** The stack's issuer: the gateway replaces it with its local one (it is never fetched). */
const STACK_ISSUER = "https://login.example.com/tenant/v2.0";

function components(provider: "aws" | "azure") {
  const parse = (kind: "rest-api" | "websocket", auth: unknown) => {
    const parsed = parseComponentSettings(kind, { provider, auth }, Environment.of("dev"), `semantest:components.${kind}`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    return parsed.value;
  };
  return {
    restApi: parse("rest-api", { issuer: STACK_ISSUER, audiences: [AUDIENCE], routes: { "GET /health": "public", "POST /events": { scopes: ["events:write"] } } }) as RestApiSettings,
    websocket: parse("websocket", { issuer: STACK_ISSUER, audiences: [AUDIENCE] }) as WebSocketSettings,
  };
}

function handshakeStatus(url: string): Promise<number> {
  return Client.connect(url).then(
    (client) => {
      client.close();
      return 101;
    },
    (error: Error) => Number(/refused with (\d+)/.exec(error.message)?.[1] ?? 0),
  );
}

describe.each(["aws", "azure"] as const)("dev --provider %s with auth (local issuer)", (provider) => {
  let gateway: Gateway;
  const lines: string[] = [];
  const post = (token?: string) =>
    fetch(`${gateway.restUrl}/events`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(VALID_EVENT) });

  beforeAll(async () => {
    gateway = await startGateway({ provider, port: 0, projectDir: PROJECT_DIR, components: components(provider), log: createLog((l) => lines.push(l), { color: false, quietFunctions: true }) });
  });
  afterAll(() => gateway?.close());

  it("prints its issuer, which serves discovery and keys, and none of the stack's issuer", async () => {
    expect(gateway.urls["Local token issuer (POST /token)"]).toBe(gateway.issuer?.issuer);
    const discovery = (await (await fetch(`${gateway.issuer!.issuer}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(discovery).toMatchObject({ issuer: gateway.issuer!.issuer, jwks_uri: `${gateway.issuer!.issuer}/.well-known/jwks.json` });
  });

  it("refuses a REST call without a token with 401 and keeps the public route open", async () => {
    const refused = await post();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ message: "Unauthorized" });
    expect(refused.headers.get("www-authenticate")).toBe('Bearer error="invalid_token" error_description="no token"');
    expect((await fetch(`${gateway.restUrl}/health`)).status).toBe(200);
  });

  it("refuses a token of another audience (401) and one without the route's scope (403), accepts one with it", async () => {
    expect((await post(await gateway.issuer!.issue({ audience: "api://other", scopes: ["events:write"] }))).status).toBe(401);
    const noScope = await post(await gateway.issuer!.issue({ scopes: ["read"] }));
    expect(noScope.status).toBe(403);
    expect(await noScope.json()).toEqual({ message: "Forbidden" });
    const accepted = await post(await gateway.issuer!.issue({ scopes: ["events:write"] }));
    expect(accepted.status).toBe(202);
  });

  it("keeps serving after malformed Authorization headers: each is a 401, never a 5xx (examples + seeded fast-check)", async () => {
    const status = async (header: string) => (await fetch(`${gateway.restUrl}/events`, { method: "POST", headers: { authorization: header, "content-type": "application/json" }, body: "{}" })).status;
    for (const header of ["Bearer", "Bearer a.b.c", "Basic dXNlcjpwYXNz", "Bearer " + "x".repeat(10_000)]) expect(await status(header)).toBe(401);
    const printable = fc.string({ maxLength: 120 }).map((h) => h.replace(/[^\x20-\x7e]/g, "").trim()).filter((h) => h.length > 0);
    const jwtLike = fc.tuple(fc.base64String({ maxLength: 60 }), fc.base64String({ maxLength: 80 }), fc.base64String({ maxLength: 40 })).map((parts) => `Bearer ${parts.join(".")}`);
    await fc.assert(fc.asyncProperty(fc.oneof(printable, jwtLike), async (header) => expect(await status(header)).toBe(401)), { seed: 2222, numRuns: 40 });
    expect((await fetch(`${gateway.restUrl}/health`)).status).toBe(200);
  });

  if (provider === "aws") {
    it("refuses a WebSocket connect without a token (or with a bad one) with 401 and opens one with a valid ?access_token=", async () => {
      const url = gateway.host.page.webSocketUrl!;
      expect(await handshakeStatus(url)).toBe(401);
      expect(await handshakeStatus(`${url}?access_token=not-a-jwt`)).toBe(401);
      const client = await Client.connect(`${url}?access_token=${await gateway.issuer!.issue({ subject: "alice" })}`);
      client.send({ action: "subscribe", topic: "auth" });
      await client.next((f) => (f as { type?: string }).type === "subscribed");
      client.close();
      expect(lines.some((l) => /ws\s+\$connect \S+ 401/.test(l))).toBe(true);
    });
  } else {
    it("refuses negotiate without a token with 401, and connects Microsoft's client with a token as that token's user", async () => {
      const negotiate = `${gateway.restUrl}${gateway.host.page.negotiateUrl}`;
      const refused = await fetch(negotiate);
      expect(refused.status).toBe(401);
      const token = await gateway.issuer!.issue({ subject: "alice", claims: { roles: ["webpubsub.joinLeaveGroup.topic:auth", "Admin"] } });
      // With auth the query cannot choose the user.
      expect((await fetch(`${negotiate}?userId=mallory`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
      const client = new WebPubSubClient({
        getClientAccessUrl: async () => {
          const res = await fetch(negotiate, { headers: { authorization: `Bearer ${token}` } });
          if (res.status !== 200) throw new Error(`negotiate ${res.status}`);
          return ((await res.json()) as { url: string }).url;
        },
      }, { autoReconnect: false });
      const connected = new Promise<{ userId?: string }>((resolve) => client.on("connected", (e) => resolve(e)));
      await client.start();
      expect((await connected).userId).toBe("alice");
      await client.joinGroup("topic:auth"); // the role from the token's roles claim
      client.stop();
    });
  }
});

/**
 * Upstream events without keys (issue 22): the WebSocket handler accepts an event only with a
 * bearer token of the Web PubSub service's identity (issuer, audience, signature by the issuer's
 * JWKS, expiry, `oid`), refuses anything else with 401, and keeps serving. The issuer is the local
 * gateway's OpenID Connect issuer (runtime/local/auth.ts), standing in for Entra's v1 endpoint.
 */
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import * as fc from "fast-check";
import type { WebSocketApp } from "../../app/websocket/port";
import { startLocalIssuer, type LocalIssuer } from "../../runtime/local/auth";
import { createUpstreamVerifier, entraV1Issuer, upstreamTokenFromEnv, UPSTREAM_ENV } from "../../runtime/azure/upstream-auth";
import { createWebSocketHandlers, optionsFromEnv } from "../../runtime/azure/websocket-handler";
import { serveRegistrations } from "../azure/support/functions-host";

const AUDIENCE = "api://semantest-webpubsub-events";
const PRINCIPAL = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const HOST = "svc.webpubsub.azure.com";
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("the upstream token check", () => {
  let issuer: LocalIssuer;
  let other: LocalIssuer;
  let server: { url: string; close(): Promise<void> };
  const accepted: string[] = [];
  const serviceToken = (overrides: { audience?: string; oid?: string; expiresInSeconds?: number } = {}, from: LocalIssuer = issuer) =>
    from.issue({ subject: overrides.oid ?? PRINCIPAL, audience: overrides.audience ?? AUDIENCE, expiresInSeconds: overrides.expiresInSeconds ?? 3600, claims: { oid: overrides.oid ?? PRINCIPAL, appid: "0a1b2c3d-0000-4000-8000-000000000001", idtyp: "app" } });

  beforeAll(async () => {
    [issuer, other] = await Promise.all([startLocalIssuer(), startLocalIssuer()]);
    const app: WebSocketApp = {
      async onConnect(context) {
        accepted.push(context.connectionId);
        return { accept: true };
      },
      async onMessage() {},
      async onDisconnect() {},
    };
    const handlers = createWebSocketHandlers(async () => app, () => ({
      // Never called by these events (connect answers with groups; no REST call).
      client: new WebPubSubServiceClient(`Endpoint=https://${HOST};AccessKey=unused;Version=1.0;`, "semantest"),
      service: { host: HOST, hub: "semantest", accessKeys: [], upstream: createUpstreamVerifier({ issuer: issuer.issuer, audience: AUDIENCE, principalId: PRINCIPAL }) },
    }));
    server = await serveRegistrations([{ name: "events", route: "webpubsub/events", methods: ["POST", "OPTIONS"], authLevel: "anonymous", handler: handlers.events }], "");
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([issuer.close(), other.close()]);
  });

  const connect = (authorization: string | undefined, connectionId = "c1", extra: Record<string, string> = {}) =>
    fetch(`${server.url}/webpubsub/events`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "ce-awpsversion": "1.0",
        "ce-type": "azure.webpubsub.sys.connect",
        "ce-hub": "semantest",
        "ce-connectionId": connectionId,
        ...(authorization === undefined ? {} : { authorization }),
        ...extra,
      },
      body: JSON.stringify({ claims: {}, query: {}, headers: {}, subprotocols: [] }),
    });

  it("accepts an event with the service identity's token", async () => {
    const response = await connect(`Bearer ${await serviceToken()}`, "good");
    expect(response.status).toBe(200);
    expect(accepted).toContain("good");
  });

  it.each([
    ["no Authorization header", async () => undefined, "no bearer token"],
    ["a token without the Bearer scheme", async () => serviceToken(), "no bearer token"],
    ["another audience", async () => `Bearer ${await serviceToken({ audience: "api://someone-else" })}`, "audience"],
    ["another issuer's token (other keys)", async () => `Bearer ${await serviceToken({}, other)}`, "no key of the issuer matches"],
    ["an expired token", async () => `Bearer ${await serviceToken({ expiresInSeconds: -60 })}`, "expired"],
    ["another identity of the tenant (oid)", async () => `Bearer ${await serviceToken({ oid: "00000000-1111-4222-8333-444444444444" })}`, "oid"],
    ["an unsigned token (alg none)", async () => `Bearer ${b64({ alg: "none", typ: "JWT", kid: "x" })}.${b64({ iss: issuer.issuer, aud: AUDIENCE, oid: PRINCIPAL, exp: Math.floor(Date.now() / 1000) + 600 })}.`, "not"],
    ["a token with a forged signature", async () => `Bearer ${(await serviceToken()).replace(/\.[^.]+$/, ".AAAA")}`, "signature"],
    ["garbage", async () => "Bearer not-a-jwt", "not a JWT"],
  ])("refuses %s with 401 and a reason, and the app never sees it", async (_what, header, reason) => {
    const id = `bad-${Math.random().toString(36).slice(2)}`;
    const response = await connect(await header(), id);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    expect(await response.text()).toContain(reason);
    expect(accepted).not.toContain(id);
  });

  it("refuses an event signed with an access key (what the service sends with local auth) but without a token", async () => {
    const { createHmac } = await import("crypto");
    const signature = `sha256=${createHmac("sha256", "a-key").update("signed").digest("hex")}`;
    expect((await connect(undefined, "signed", { "ce-signature": signature })).status).toBe(401);
    expect(accepted).not.toContain("signed");
  });

  it("answers the abuse-protection handshake as before, without a token", async () => {
    const response = await fetch(`${server.url}/webpubsub/events`, { method: "OPTIONS", headers: { "WebHook-Request-Origin": HOST } });
    expect(response.status).toBe(200);
    expect(response.headers.get("webhook-allowed-origin")).toBe(HOST);
  });

  it("never fails on any Authorization header (401 or a valid event), and keeps serving (fast-check)", async () => {
    const printable = fc.string({ unit: fc.constantFrom(..."abcXYZ019 .-_~+/=:\"{}!".split("")), maxLength: 200 });
    const header = fc.oneof(printable, printable.map((s) => `Bearer ${s}`), printable.map((s) => `bearer  ${s}`), fc.constant("Bearer "), fc.constant("Bearer a.b.c"));
    await fc.assert(
      fc.asyncProperty(header, async (value) => {
        const response = await connect(value, "fuzz");
        expect(response.status).toBe(401);
        await response.arrayBuffer();
      }),
      { seed: 2022, numRuns: 60 },
    );
    expect((await connect(`Bearer ${await serviceToken()}`, "after")).status).toBe(200);
  });
});

describe("the Function App's settings", () => {
  const TOKEN_ENV = { [UPSTREAM_ENV.issuer]: entraV1Issuer("72f988bf-86f1-41af-91ab-2d7cd011db47"), [UPSTREAM_ENV.audience]: AUDIENCE, [UPSTREAM_ENV.principalId]: PRINCIPAL };

  it("without keys: the endpoint, the app's identity and the three upstream settings; events are checked by token, not by key", () => {
    const options = optionsFromEnv({ WEBPUBSUB_HUB: "semantest", WEBPUBSUB_ENDPOINT: `https://${HOST}`, AZURE_CLIENT_ID: "0a1b2c3d-0000-4000-8000-000000000002", ...TOKEN_ENV });
    expect(options.service).toMatchObject({ host: HOST, hub: "semantest", accessKeys: [] });
    expect(options.service.upstream).toBeDefined();
  });

  it("the v1 issuer is the tenant's sts.windows.net URL with its trailing slash", () => {
    expect(entraV1Issuer("t")).toBe("https://sts.windows.net/t/");
  });

  it("refuses to start half-configured, naming what is missing (never an unchecked event handler)", () => {
    expect(() => upstreamTokenFromEnv({ [UPSTREAM_ENV.issuer]: "https://sts.windows.net/t/" })).toThrow(/WEBPUBSUB_UPSTREAM_AUDIENCE, WEBPUBSUB_UPSTREAM_PRINCIPAL_ID are not set/);
    expect(() => optionsFromEnv({ WEBPUBSUB_HUB: "semantest", WEBPUBSUB_ENDPOINT: `https://${HOST}` })).toThrow(/WEBPUBSUB_CONNECTION_STRING is not set/);
    // An endpoint and identity but neither keys nor upstream settings: nothing could check events.
    expect(() => optionsFromEnv({ WEBPUBSUB_HUB: "semantest", WEBPUBSUB_ENDPOINT: `https://${HOST}`, AZURE_CLIENT_ID: "x", [UPSTREAM_ENV.issuer]: "" })).toThrow(/WEBPUBSUB_CONNECTION_STRING is not set/);
    expect(() => optionsFromEnv({ WEBPUBSUB_HUB: "semantest", ...TOKEN_ENV })).toThrow(/nor are WEBPUBSUB_ENDPOINT and AZURE_CLIENT_ID/);
    expect(() => optionsFromEnv({ WEBPUBSUB_HUB: "semantest", WEBPUBSUB_ENDPOINT: "http://127.0.0.1:1", AZURE_CLIENT_ID: "x", ...TOKEN_ENV })).toThrow(/is not https/);
    expect(() => optionsFromEnv({ WEBPUBSUB_HUB: "semantest", WEBPUBSUB_ENDPOINT: "::", AZURE_CLIENT_ID: "x", ...TOKEN_ENV })).toThrow(/WEBPUBSUB_ENDPOINT "::" is not a URL/);
  });
});

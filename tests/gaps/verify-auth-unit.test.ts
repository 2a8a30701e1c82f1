/** The suite's auth handling as a pure use case: a scripted transport, no servers. */
import fc from "fast-check";
import { forgedToken, parseVerifyToken, redact, type VerifyAuth } from "../../application/verify/auth";
import { restNeedsToken, verifyAuthOf } from "../../application/verify/stack-auth";
import type { HttpRequest, Transport } from "../../application/verify/contract";
import { runContract } from "../../application/verify/run-contract";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl";
const endpoints = { restUrl: "http://rest.example", webSocket: { kind: "direct" as const, url: "ws://ws.example/prod" } };
const auth = (tokenSource: "query" | "header"): VerifyAuth => ({
  rest: { scopes: [], routes: [{ routeKey: "GET /health", method: "GET", path: "/health", public: true, scopes: [] }] },
  webSocket: { tokenSource },
});

/** Records what was sent; answers 200 to everything, and echoes the Authorization header in a 500 for `/echo`. */
function recorder() {
  const http: HttpRequest[] = [];
  const sockets: { url: string; headers?: Readonly<Record<string, string>> }[] = [];
  const transport: Transport = {
    http: async (request) => {
      http.push(request);
      if (request.url.endsWith("/echo")) return { status: 500, headers: {}, body: `you sent ${request.headers?.authorization ?? "nothing"}` };
      return { status: 200, headers: {}, body: JSON.stringify({ status: "ok" }) };
    },
    openSocket: async (url, _protocols, headers) => {
      sockets.push({ url, headers });
      return { ok: false, status: 500, reason: `could not open ${url}` };
    },
  };
  return { http, sockets, transport };
}

describe("verify with a token", () => {
  it("sends the token on protected routes only, and on the WebSocket where the stack's tokenSource says", async () => {
    for (const source of ["query", "header"] as const) {
      const r = recorder();
      await runContract(endpoints, r.transport, {
        auth: auth(source),
        token: TOKEN,
        checks: [
          { name: "public", description: "", run: async (c) => String((await c.call({ method: "GET", path: "/health" })).status) },
          { name: "protected", description: "", run: async (c) => String((await c.call({ method: "GET", path: "/me" })).status) },
          { name: "ws", description: "", run: async (c) => String((await c.tryConnect("?x=1")).ok) },
        ],
      });
      expect(r.http[0]!.headers?.authorization).toBeUndefined();
      expect(r.http[1]!.headers?.authorization).toBe(`Bearer ${TOKEN}`);
      if (source === "query") expect(r.sockets[0]).toEqual({ url: `ws://ws.example/prod?x=1&access_token=${TOKEN}`, headers: undefined });
      else expect(r.sockets[0]).toEqual({ url: "ws://ws.example/prod?x=1", headers: { authorization: `Bearer ${TOKEN}` } });
    }
  });

  it("never lets the token into a result, whatever a server echoes (seeded property)", async () => {
    const jwtPart = fc.stringMatching(/^[A-Za-z0-9_-]{4,40}$/);
    await fc.assert(
      fc.asyncProperty(fc.tuple(jwtPart, jwtPart, jwtPart), async (parts) => {
        const token = parts.join(".");
        const r = recorder();
        const results = await runContract(endpoints, r.transport, {
          token,
          checks: [
            { name: "echo", description: "", run: async (c) => (await c.call({ method: "GET", path: "/echo", token: "none" }).then(() => c.transport.http({ method: "GET", url: c.rest("/echo"), headers: { authorization: token } }))).body },
            { name: "throws", description: "", run: async () => Promise.reject(new Error(`boom ${token} ${encodeURIComponent(token)}`)) },
            { name: "ws", description: "", run: async (c) => { const opening = await c.tryConnect(); return opening.ok ? "" : opening.reason; } },
          ],
        });
        for (const result of results) expect(result.detail).not.toContain(token);
        expect(results[1]!.detail).toBe("unexpected error: boom [token] [token]");
      }),
      { seed: 2201, numRuns: 60 },
    );
  });

  it("without auth known: sends a given token everywhere; with auth known and no token: skips protected probes", async () => {
    const r = recorder();
    await runContract(endpoints, r.transport, { token: TOKEN, checks: [{ name: "h", description: "", run: async (c) => String((await c.call({ method: "GET", path: "/health" })).status) }] });
    expect(r.http[0]!.headers?.authorization).toBe(`Bearer ${TOKEN}`);
    const skipped = await runContract(endpoints, recorder().transport, { auth: auth("query"), checks: [{ name: "p", description: "", run: async (c) => String((await c.call({ method: "POST", path: "/events" })).status) }] });
    expect(skipped[0]).toMatchObject({ status: "skip", detail: expect.stringContaining("$default needs a token") });
  });
});

describe("token and auth parsing", () => {
  it("takes a compact JWS (a Bearer prefix dropped) and refuses anything else without quoting it", () => {
    expect(parseVerifyToken(`Bearer ${TOKEN}`, "--token")).toEqual({ ok: true, token: TOKEN });
    expect(parseVerifyToken(undefined, "--token")).toEqual({ ok: true, token: undefined });
    for (const bad of ["", "abc", "a.b", "a.b.c.d.e", "a b.c.d", "x".repeat(20_000)]) {
      const parsed = parseVerifyToken(bad, "SEMANTEST_VERIFY_TOKEN");
      expect(parsed.ok).toBe(false);
      if (!parsed.ok && bad.length > 3) expect(parsed.message).not.toContain(bad);
    }
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (raw) => {
      const parsed = parseVerifyToken(raw, "--token");
      if (!parsed.ok && raw.trim().length > 8) expect(parsed.message).not.toContain(raw.trim());
    }), { seed: 22, numRuns: 300 });
  });

  it("forges a token that differs only in its signature", () => {
    const forged = forgedToken(TOKEN);
    expect(forged).not.toBe(TOKEN);
    expect(forged.split(".").slice(0, 2)).toEqual(TOKEN.split(".").slice(0, 2));
    expect(forgedToken("a.b.AAA")).toBe("a.b.BAA");
  });

  it("reads the stack's auth from semantest:components, and names the field of a bad one", () => {
    const found = verifyAuthOf({ "rest-api": { auth: { issuer: "https://i.example/", audiences: ["a"], routes: { "GET /health": "public" } } }, websocket: { auth: { issuer: "https://i.example/", audiences: ["a"], tokenSource: "header" } } });
    expect(found.ok && found.auth.webSocket?.tokenSource).toBe("header");
    expect(found.ok && restNeedsToken(found.auth, "GET", "/health")).toEqual({ routeKey: "GET /health", needed: false });
    expect(found.ok && restNeedsToken(found.auth, "POST", "/events")).toEqual({ routeKey: "$default", needed: true });
    expect(verifyAuthOf({ "rest-api": { provider: "aws" } })).toEqual({ ok: true, auth: {} });
    expect(restNeedsToken(undefined, "GET", "/x")).toBeUndefined();
    const bad = verifyAuthOf({ "rest-api": { auth: { issuer: "http://i.example/", audiences: ["a"] } } });
    expect(bad).toMatchObject({ ok: false, problem: expect.stringContaining("semantest:components.rest-api.auth.issuer") });
    expect(redact(`x ${TOKEN} y`, TOKEN)).toBe("x [token] y");
  });
});

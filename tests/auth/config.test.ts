import fc from "fast-check";
import { AUTH_LIMITS, DeploymentConfiguration, parseRestApiAuth, parseRouteKey, parseWebSocketAuth, ROUTE_METHODS } from "../../domain";

const ISSUER = "https://login.example.com/tenant/v2.0";
const SEED = { seed: 2204, numRuns: 100 };

function messages(parsed: { ok: boolean; error?: readonly { path: string; message: string }[] }): string[] {
  return parsed.ok ? [] : (parsed.error ?? []).map((p) => `${p.path}: ${p.message}`);
}

describe("auth config (semantest:components.<c>.auth)", () => {
  it("parses a REST API's issuer, audiences, default scopes and explicit routes (public ones named)", () => {
    const parsed = parseRestApiAuth(
      { issuer: ISSUER, audiences: ["api://semantest", "api://semantest"], scopes: ["api"], routes: { "GET /health": "public", "POST /events/{proxy+}": { scopes: ["events:write"] }, "GET /me": "authenticated" } },
      "a",
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        issuer: ISSUER,
        audiences: ["api://semantest"],
        scopes: ["api"],
        routes: [
          { routeKey: "GET /health", method: "GET", path: "/health", public: true, scopes: [] },
          { routeKey: "POST /events/{proxy+}", method: "POST", path: "/events/{proxy+}", public: false, scopes: ["events:write"] },
          { routeKey: "GET /me", method: "GET", path: "/me", public: false, scopes: [] },
        ],
      },
    });
  });

  it("gives a WebSocket server its defaults: token in the query, user id from sub, roles from roles", () => {
    const parsed = parseWebSocketAuth({ issuer: ISSUER, audiences: ["x"] }, "w");
    expect(parsed).toEqual({ ok: true, value: { issuer: ISSUER, audiences: ["x"], scopes: [], tokenSource: "query", userIdClaim: "sub", rolesClaim: "roles" } });
  });

  it.each([
    [{ issuer: "http://login.example.com/", audiences: ["a"] }, 'a.issuer: "http://login.example.com/" is not an issuer API Gateway accepts: it uses http; allowed: an absolute https URL'],
    [{ issuer: "https://login.example.com/?tenant=1", audiences: ["a"] }, "it has a query string"],
    [{ issuer: "https://login.example.com/#x", audiences: ["a"] }, "it has a fragment"],
    [{ issuer: "https://u:p@login.example.com/", audiences: ["a"] }, "it carries credentials"],
    [{ issuer: "login.example.com", audiences: ["a"] }, 'a.issuer: "login.example.com" is not a URL'],
    [{ audiences: ["a"] }, "a.issuer: (missing) is required with auth"],
    [{ issuer: ISSUER }, "a.audiences: (missing) is required with auth"],
    [{ issuer: ISSUER, audiences: [] }, "a.audiences: [] has 0 audiences; allowed: 1 to 50"],
    [{ issuer: ISSUER, audiences: Array.from({ length: 51 }, (_, i) => `a${i}`) }, "has 51 audiences; allowed: 1 to 50 (API Gateway: audiences per authorizer)"],
    [{ issuer: ISSUER, audiences: ["has space"] }, 'a.audiences[0]: "has space" is not an audience'],
    [{ issuer: ISSUER, audiences: ["a"], scopes: Array.from({ length: 11 }, (_, i) => `s${i}`) }, "has 11 scopes; allowed: at most 10 (API Gateway: scopes per route)"],
    [{ issuer: ISSUER, audiences: ["a"], scopes: ["two words"] }, 'a.scopes[0]: "two words" is not a scope'],
    [{ issuer: ISSUER, audiences: ["a"], routes: { "GET health": "public" } }, 'a.routes.GET health: "GET health" is not a route key'],
    [{ issuer: ISSUER, audiences: ["a"], routes: { "FETCH /x": "public" } }, 'has method "FETCH"'],
    [{ issuer: ISSUER, audiences: ["a"], routes: { "GET /{proxy+}/x": "public" } }, "a greedy {proxy+} must be the last segment"],
    [{ issuer: ISSUER, audiences: ["a"], routes: { "GET /x": "open" } }, 'a.routes.GET /x: "open" is not a route rule; allowed: "public", "authenticated" or { scopes: [...] }'],
    [{ issuer: ISSUER, audiences: ["a"], routes: { "GET /x": { scope: ["a"] } } }, "a.routes.GET /x.scope: [\"a\"] is not a known setting; allowed: scopes"],
    [{ issuer: ISSUER, audiences: ["a"], tokenSource: "query" }, "a.tokenSource: \"query\" is not a known setting; allowed: issuer, audiences, scopes, routes"],
  ])("refuses %j naming the field, the value and what is allowed", (raw, expected) => {
    const found = messages(parseRestApiAuth(raw, "a"));
    expect(found.join("\n")).toContain(expected);
  });

  it("refuses a WebSocket token source or claim it cannot read", () => {
    expect(messages(parseWebSocketAuth({ issuer: ISSUER, audiences: ["a"], tokenSource: "cookie", userIdClaim: "a b" }, "w"))).toEqual([
      'w.tokenSource: "cookie" is not a supported token source; allowed: query, header',
      'w.userIdClaim: "a b" is not a claim name; allowed: 1 to 64 letters, digits, _ . : -',
    ]);
  });

  it("reports every problem of a stack's auth in one run, beside the others", () => {
    const parsed = DeploymentConfiguration.parse({
      stack: "production",
      values: {
        "aws:region": "us-east-1",
        "semantest:components": { "rest-api": { memoryMb: 20000, auth: { issuer: "http://x", audiences: [] } }, websocket: { auth: { issuer: ISSUER } } },
      },
    });
    if (parsed.ok) throw new Error("parsed");
    expect(parsed.error.map((p) => p.path)).toEqual([
      "semantest:components.rest-api.memoryMb",
      "semantest:components.rest-api.auth.issuer",
      "semantest:components.rest-api.auth.audiences",
      "semantest:components.websocket.auth.audiences",
    ]);
  });

  it("keeps auth on the parsed settings, and leaves it absent when not configured", () => {
    const parsed = DeploymentConfiguration.parse({
      stack: "dev",
      values: { "aws:region": "us-east-1", "semantest:components": { "rest-api": { auth: { issuer: ISSUER, audiences: ["a"] } }, websocket: {} } },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(parsed.value.restApi?.auth?.issuer).toBe(ISSUER);
    expect(parsed.value.websocket?.auth).toBeUndefined();
  });

  describe("properties (fast-check, seeded)", () => {
    const segment = fc.oneof(fc.stringMatching(/^[a-z0-9._-]{1,12}$/), fc.stringMatching(/^[a-z]{1,8}$/).map((n) => `{${n}}`));
    const route = fc.record({ method: fc.constantFrom(...ROUTE_METHODS), segments: fc.array(segment, { maxLength: 5 }), greedy: fc.boolean() });

    it("every well-formed route key parses back to itself", () => {
      fc.assert(
        fc.property(route, ({ method, segments, greedy }) => {
          const path = `/${[...segments, ...(greedy ? ["{proxy+}"] : [])].join("/")}`;
          const parsed = parseRouteKey(`${method} ${path}`, "k");
          expect(parsed).toEqual({ ok: true, value: { routeKey: `${method} ${path}`, method, path } });
        }),
        SEED,
      );
    });

    it("any value never throws: it parses, or every problem names a path under the field and quotes what is allowed", () => {
      fc.assert(
        fc.property(fc.anything({ maxDepth: 3 }), fc.anything({ maxDepth: 2 }), (rest, ws) => {
          for (const [parsed, at] of [[parseRestApiAuth(rest, "r"), "r"], [parseWebSocketAuth(ws, "w"), "w"]] as const) {
            if (parsed.ok) continue;
            expect(parsed.error.length).toBeGreaterThan(0);
            for (const p of parsed.error) {
              expect(p.path.startsWith(at)).toBe(true);
              expect(p.message).toMatch(/allowed|required|expected/);
            }
          }
        }),
        SEED,
      );
    });

    it("a parsed config keeps API Gateway's limits: https issuer, 1-50 audiences, at most 10 scopes per route", () => {
      const raw = fc.record({
        issuer: fc.oneof(fc.constant(ISSUER), fc.constantFrom("http://login.example.com", "https://a.example/?q=1", "https://a.example/#f", "https://a.example"), fc.string({ maxLength: 30 })),
        audiences: fc.array(fc.stringMatching(/^[a-z:/]{0,12}$/), { maxLength: 60 }),
        scopes: fc.array(fc.stringMatching(/^[a-z:. ]{0,8}$/), { maxLength: 12 }),
        routes: fc.dictionary(fc.oneof(fc.string(), route.map((r) => `${r.method} /${r.segments.join("/")}`)), fc.oneof(fc.constant("public"), fc.record({ scopes: fc.array(fc.string({ maxLength: 5 }), { maxLength: 12 }) })), { maxKeys: 5 }),
      });
      let accepted = 0;
      fc.assert(
        fc.property(raw, (input) => {
          const parsed = parseRestApiAuth(input, "r");
          if (!parsed.ok || !parsed.value) return;
          accepted++;
          const auth = parsed.value;
          expect(new URL(auth.issuer).protocol).toBe("https:");
          expect(auth.audiences.length).toBeGreaterThanOrEqual(1);
          expect(auth.audiences.length).toBeLessThanOrEqual(AUTH_LIMITS.audiences);
          for (const scopes of [auth.scopes, ...auth.routes.map((r) => r.scopes)]) expect(scopes.length).toBeLessThanOrEqual(AUTH_LIMITS.scopesPerRoute);
          for (const r of auth.routes) expect(r.public ? r.scopes : []).toEqual([]);
        }),
        SEED,
      );
      expect(accepted).toBeGreaterThan(0); // the generator reaches valid configs, so the property is exercised
    });
  });
});

import fc from "fast-check";
import { generateKeyPair, SignJWT } from "jose";
import { bearerToken, createJwtVerifier, discoveryUrl, tokenScopes, wwwAuthenticate } from "../../runtime/shared/auth";
import { authorizeRequest, routeRequirement } from "../../runtime/shared/auth-routes";
import { parseTokenRequest, startLocalIssuer, type LocalIssuer } from "../../runtime/local/auth";
import { parseRestApiAuth, type RestApiAuth } from "../../domain";

const AUDIENCE = "api://semantest";
let issuer: LocalIssuer;
let other: LocalIssuer;

beforeAll(async () => {
  [issuer, other] = await Promise.all([startLocalIssuer({ defaultAudience: AUDIENCE }), startLocalIssuer({ defaultAudience: AUDIENCE })]);
});
afterAll(async () => {
  await Promise.all([issuer.close(), other.close()]);
});

const verifier = () => createJwtVerifier({ issuer: issuer.issuer, audiences: [AUDIENCE] });

describe("JWT verification (runtime/shared/auth.ts, jose)", () => {
  it("accepts a token of the issuer for the audience, with or without Bearer, and returns its claims and scopes", async () => {
    const token = await issuer.issue({ subject: "alice", scopes: ["api", "events:write"] });
    for (const header of [`Bearer ${token}`, token]) {
      const result = await verifier().verify(header);
      expect(result).toMatchObject({ ok: true, claims: { sub: "alice", iss: issuer.issuer, aud: AUDIENCE }, scopes: ["api", "events:write"] });
    }
  });

  it.each([
    ["no token", async () => undefined, "no token"],
    ["not a JWT", async () => "Bearer abc", "the token is not a JWT"],
    ["another issuer", async () => other.issue(), "no key of the issuer matches the token's kid"],
    ["expired", async () => issuer.issue({ expiresInSeconds: -120 }), "the token has expired"],
    ["another audience", async () => issuer.issue({ audience: "api://other" }), "the token does not have a valid audience"],
  ])("refuses %s with 401 invalid_token", async (_name, token, description) => {
    const result = await verifier().verify(await token());
    expect(result).toEqual({ ok: false, status: 401, error: "invalid_token", description });
  });

  it("gives issuers started at the same moment different key ids", async () => {
    const now = jest.spyOn(Date, "now").mockReturnValue(Date.UTC(2026, 10, 30)); // one moment for all four
    const issuers = await Promise.all(Array.from({ length: 4 }, () => startLocalIssuer())).finally(() => now.mockRestore());
    try {
      const kids = await Promise.all(issuers.map(async (i) => ((await (await fetch(i.jwksUri)).json()) as { keys: { kid: string }[] }).keys[0].kid));
      expect(new Set(kids).size).toBe(4);
    } finally {
      await Promise.all(issuers.map((i) => i.close()));
    }
  });

  it("refuses a token whose iss is another issuer even when its key would match", async () => {
    // The other issuer's verifier trusts only the other issuer's keys; our token names our issuer.
    const result = await createJwtVerifier({ issuer: other.issuer, audiences: [AUDIENCE] }).verify(await issuer.issue());
    expect(result).toMatchObject({ ok: false, status: 401 });
  });

  it("refuses an HMAC-signed token and one without kid: API Gateway takes RSA keys named by kid only", async () => {
    const secret = new TextEncoder().encode("x".repeat(32));
    const hmac = await new SignJWT({ aud: AUDIENCE }).setProtectedHeader({ alg: "HS256", kid: "k" }).setIssuer(issuer.issuer).setExpirationTime("1h").sign(secret);
    expect(await verifier().verify(hmac)).toMatchObject({ ok: false, status: 401 });
    const { privateKey } = await generateKeyPair("RS256");
    const noKid = await new SignJWT({ aud: AUDIENCE }).setProtectedHeader({ alg: "RS256" }).setIssuer(issuer.issuer).setExpirationTime("1h").sign(privateKey);
    expect(await verifier().verify(noKid)).toEqual({ ok: false, status: 401, error: "invalid_token", description: "the token has no kid header" });
  });

  it("checks client_id when the token has no aud, as API Gateway does", async () => {
    const v = createJwtVerifier({ issuer: issuer.issuer, audiences: ["client-1"] });
    expect(await v.verify(await issuer.issue({ audience: null, claims: { client_id: "client-1" } }))).toMatchObject({ ok: true });
    expect(await v.verify(await issuer.issue({ audience: null, claims: { client_id: "client-2" } }))).toMatchObject({ ok: false, status: 401 });
    // With both, aud decides ("When both aud and client_id are present, API Gateway evaluates aud").
    expect(await v.verify(await issuer.issue({ audience: "someone", claims: { client_id: "client-1" } }))).toMatchObject({ ok: false, status: 401 });
  });

  it("needs one of the route's scopes (403 insufficient_scope otherwise), from scope or scp", async () => {
    const token = await issuer.issue({ scopes: ["read"] });
    expect(await verifier().verify(token, ["write", "read"])).toMatchObject({ ok: true });
    const refused = await verifier().verify(token, ["write"]);
    expect(refused).toEqual({ ok: false, status: 403, error: "insufficient_scope", description: "the token has none of the scopes write" });
    if (!refused.ok) expect(wwwAuthenticate(refused)).toBe('Bearer error="insufficient_scope" error_description="the token has none of the scopes write"');
    expect(tokenScopes({ scp: ["a", "b"] })).toEqual(["a", "b"]);
    expect(tokenScopes({ scp: "a b" })).toEqual(["a", "b"]);
    expect(tokenScopes({ scope: "a  b" })).toEqual(["a", "b"]);
  });

  it("answers 401 while the issuer is unreachable and recovers once it answers", async () => {
    let up = false;
    const fetcher: typeof fetch = (input, init) => (up ? fetch(input, init) : Promise.reject(new Error("ECONNREFUSED")));
    const v = createJwtVerifier({ issuer: issuer.issuer, audiences: [AUDIENCE], fetch: fetcher });
    const token = await issuer.issue();
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await v.verify(token)).toEqual({ ok: false, status: 401, error: "invalid_token", description: "the issuer's keys could not be fetched" });
    spy.mockRestore();
    up = true;
    expect(await v.verify(token)).toMatchObject({ ok: true });
  });

  it("fetches discovery over https only, except from the loopback interface", () => {
    expect(discoveryUrl("https://login.example.com/t/v2.0/").href).toBe("https://login.example.com/t/v2.0/.well-known/openid-configuration");
    expect(discoveryUrl("http://127.0.0.1:4000").href).toBe("http://127.0.0.1:4000/.well-known/openid-configuration");
    expect(() => discoveryUrl("http://login.example.com")).toThrow(/is not https; only an issuer on 127.0.0.1/);
  });

  it("never throws on any header value: a string that is not a valid token is a 401 (fast-check, seeded)", async () => {
    const v = verifier();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.stringMatching(/^[A-Za-z0-9_-]{0,20}\.[A-Za-z0-9_-]{0,40}\.[A-Za-z0-9_-]{0,20}$/), fc.constant(undefined)), async (header) => {
        const result = await v.verify(header);
        expect(result).toMatchObject({ ok: false, status: 401, error: "invalid_token" });
      }),
      { seed: 22, numRuns: 150 },
    );
    expect(bearerToken("Bearer  a.b.c ")).toBe("a.b.c");
    expect(bearerToken("x".repeat(17 * 1024))).toBeUndefined();
  });
});

describe("route rules (runtime/shared/auth-routes.ts): API Gateway's route selection", () => {
  const parsed = parseRestApiAuth(
    {
      issuer: "https://login.example.com/",
      audiences: [AUDIENCE],
      scopes: ["api"],
      routes: { "GET /health": "public", "ANY /items/{id}": { scopes: ["items"] }, "GET /items/new": "public", "POST /events/{proxy+}": { scopes: ["events:write"] }, "ANY /public/{proxy+}": "public" },
    },
    "a",
  );
  if (!parsed.ok || !parsed.value) throw new Error(JSON.stringify(parsed));
  const auth: RestApiAuth = parsed.value;

  it.each([
    ["GET", "/health", { routeKey: "GET /health", public: true }],
    ["POST", "/health", { routeKey: "$default", public: false, scopes: ["api"] }],
    ["GET", "/items/new", { routeKey: "GET /items/new", public: true }],
    ["DELETE", "/items/7", { routeKey: "ANY /items/{id}", public: false, scopes: ["items"] }],
    ["GET", "/items/7/parts", { routeKey: "$default", public: false, scopes: ["api"] }],
    ["POST", "/events/a/b", { routeKey: "POST /events/{proxy+}", public: false, scopes: ["events:write"] }],
    ["POST", "/events", { routeKey: "$default", public: false, scopes: ["api"] }],
    ["GET", "/public/x?y=1", { routeKey: "ANY /public/{proxy+}", public: true }],
  ])("%s %s -> %j", (method, path, expected) => {
    expect(routeRequirement(auth, method, path)).toEqual(expected);
  });

  it("lets a CORS preflight through without a token and refuses the same OPTIONS without Origin", async () => {
    const v = verifier();
    const headers: Record<string, string> = { origin: "https://semantest.com", "access-control-request-method": "POST" };
    expect(await authorizeRequest(auth, v, { method: "OPTIONS", path: "/items/1", header: (n) => headers[n] })).toMatchObject({ ok: true });
    expect(await authorizeRequest(auth, v, { method: "OPTIONS", path: "/items/1", header: () => undefined })).toMatchObject({ ok: false, status: 401 });
  });

  it("a public route is public whatever the request carries; every other route needs a token (fast-check, seeded)", async () => {
    const v = verifier();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"), fc.stringMatching(/^(\/[a-z0-9{}]{0,6}){0,4}$/), fc.option(fc.string({ maxLength: 40 })), async (method, rawPath, header) => {
        const path = rawPath || "/";
        const decision = await authorizeRequest(auth, v, { method, path, header: (n) => (n === "authorization" ? header : undefined) });
        const requirement = routeRequirement(auth, method, path);
        expect(decision.ok).toBe(requirement.public);
      }),
      { seed: 7, numRuns: 150 },
    );
  });
});

describe("the local issuer's POST /token", () => {
  it("mints a token the verifier accepts, with the scopes and claims asked for", async () => {
    const res = await fetch(`${issuer.issuer}/token`, { method: "POST", body: JSON.stringify({ subject: "bob", scopes: ["api"], claims: { roles: ["webpubsub.joinLeaveGroup"] } }) });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    expect(await verifier().verify(access_token, ["api"])).toMatchObject({ ok: true, claims: { sub: "bob", roles: ["webpubsub.joinLeaveGroup"] } });
  });

  it.each([
    ["[]", "the body is not a JSON object"],
    ['{"subject":""}', 'subject "" is not allowed; allowed: a string of 1 to 128 characters'],
    ['{"scopes":["a b"]}', "scopes [\"a b\"] is not allowed"],
    ['{"expiresInSeconds":1e9}', "expiresInSeconds 1000000000 is not allowed"],
    ['{"claims":{"iss":"x"}}', "claims.iss is set by the issuer"],
    ['{"sub":"x"}', '"sub" is not a field; allowed: subject, audience, scopes, expiresInSeconds, claims'],
    ["{", "the body is not JSON"],
  ])("answers 400 naming the problem for %s", async (body, message) => {
    const res = await fetch(`${issuer.issuer}/token`, { method: "POST", body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain(message);
  });

  it("keeps serving whatever body it gets: 200 or 400, never 5xx (fast-check, seeded)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 100 })), async (body) => {
        const res = await fetch(`${issuer.issuer}/token`, { method: "POST", body });
        expect([200, 400]).toContain(res.status);
        await res.arrayBuffer();
      }),
      { seed: 9, numRuns: 60 },
    );
    expect(parseTokenRequest({ audience: ["a", "b"] })).toMatchObject({ ok: true });
    const health = await fetch(`${issuer.issuer}/.well-known/jwks.json`);
    expect(((await health.json()) as { keys: unknown[] }).keys).toHaveLength(1);
  });
});

/**
 * The REST app sees the verified caller the same way on both clouds (issue 22 follow-up): on AWS
 * API Gateway's JWT authorizer hands `requestContext.authorizer.jwt` to the Lambda; on Azure the
 * Function App's adapter verifies the token and now hands the app the same shape. Held three ways:
 * the Azure adapter in process (withRestAuth + createRestHandler with an app that echoes what it
 * sees, including a client's attempt to forge the caller), the reference app's `GET /me` through the
 * local gateway on both providers (the built artifacts, the local issuer), and the app's reader.
 */
import { HttpRequest, InvocationContext } from "@azure/functions";
import fc from "fast-check";
import type { IncomingMessage, ServerResponse } from "http";
import { callerOf } from "../../app/rest/caller";
import { Environment, parseComponentSettings, parseRestApiAuth, type RestApiAuth, type RestApiSettings, type WebSocketSettings } from "../../domain";
import { withRestAuth } from "../../runtime/azure/auth";
import { AUTHORIZER_HEADER, createRestHandler } from "../../runtime/azure/rest-handler";
import { claimText, jwtAuthorizerContext } from "../../runtime/shared/auth-claims";
import { startGateway, type Gateway } from "../../runtime/local/gateway";
import { startLocalIssuer, type LocalIssuer } from "../../runtime/local/auth";
import { createLog } from "../../runtime/local/log";
import { PROJECT_DIR } from "../local/support";

jest.setTimeout(180_000);

const AUDIENCE = "api://semantest";
const STACK_ISSUER = "https://login.example.com/tenant/v2.0";
const routes = { "GET /health": "public", "GET /open": "public", "GET /me": "authenticated" };
const context = () => new InvocationContext({ invocationId: "i", functionName: "rest-api" });

/** An app that answers what it was handed: the caller, and whether the internal header reached it. */
const echo = (req: IncomingMessage, res: ServerResponse) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ requestContext: (req as IncomingMessage & { requestContext?: unknown }).requestContext ?? null, sawHeader: AUTHORIZER_HEADER in req.headers || req.rawHeaders.some((h) => h.toLowerCase() === AUTHORIZER_HEADER) }));
};

describe("the Azure REST adapter hands the app the verified caller (in process)", () => {
  let issuer: LocalIssuer;
  let auth: RestApiAuth;
  beforeAll(async () => {
    issuer = await startLocalIssuer({ defaultAudience: AUDIENCE });
    const parsed = parseRestApiAuth({ issuer: STACK_ISSUER, audiences: [AUDIENCE], routes }, "r");
    if (!parsed.ok || !parsed.value) throw new Error("fixture does not parse");
    auth = { ...parsed.value, issuer: issuer.issuer };
  });
  afterAll(() => issuer.close());
  const handler = () => withRestAuth(createRestHandler(async () => echo), { SEMANTEST_AUTH: JSON.stringify(auth) });
  const call = async (path: string, headers: Record<string, string> = {}) => {
    const answer = await handler()(new HttpRequest({ method: "GET", url: `https://app.example${path}`, headers }), context());
    return { status: answer.status, body: JSON.parse(String(answer.body)) as { requestContext: { authorizer: { jwt: { claims: Record<string, string>; scopes: string[] | null } } } | null; sawHeader: boolean } };
  };

  it("gives the app requestContext.authorizer.jwt with the token's claims (as strings) and scopes, as API Gateway does", async () => {
    const token = await issuer.issue({ subject: "alice", scopes: ["events:write", "read"], claims: { roles: ["admin", "user"], tid: 42 } });
    const { status, body } = await call("/me", { authorization: `Bearer ${token}` });
    expect(status).toBe(200);
    expect(body.sawHeader).toBe(false);
    expect(body.requestContext!.authorizer.jwt.scopes).toEqual(["events:write", "read"]);
    expect(body.requestContext!.authorizer.jwt.claims).toMatchObject({ sub: "alice", aud: AUDIENCE, iss: issuer.issuer, scope: "events:write read", roles: "[admin user]", tid: "42" });
    expect(typeof body.requestContext!.authorizer.jwt.claims.exp).toBe("string");
  });

  it("never lets a client forge the caller: the internal header is dropped, on protected and public routes", async () => {
    const forged = encodeURIComponent(JSON.stringify({ jwt: { claims: { sub: "mallory" }, scopes: ["admin"] } }));
    const token = await issuer.issue({ subject: "alice" });
    const protectedRoute = await call("/me", { authorization: `Bearer ${token}`, [AUTHORIZER_HEADER]: forged });
    expect(protectedRoute.body.requestContext!.authorizer.jwt.claims.sub).toBe("alice");
    const publicRoute = await call("/open", { [AUTHORIZER_HEADER]: forged });
    expect(publicRoute.status).toBe(200);
    expect(publicRoute.body).toEqual({ requestContext: null, sawHeader: false });
    // Without auth on the stack at all, the same.
    const open = await createRestHandler(async () => echo)(new HttpRequest({ method: "GET", url: "https://app.example/me", headers: { [AUTHORIZER_HEADER]: forged } }), context());
    expect(JSON.parse(String(open.body))).toEqual({ requestContext: null, sawHeader: false });
  });

  it("keeps concurrent callers apart (each request its own claims)", async () => {
    const subjects = Array.from({ length: 12 }, (_, i) => `user-${i}`);
    const tokens = await Promise.all(subjects.map((subject) => issuer.issue({ subject })));
    const seen = await Promise.all(tokens.map((token) => call("/me", { authorization: `Bearer ${token}` })));
    expect(seen.map((s) => s.body.requestContext!.authorizer.jwt.claims.sub)).toEqual(subjects);
  });
});

describe("the app's reader (app/rest/caller.ts)", () => {
  it("reads subject and scopes from the authorizer's list, else from scope / scp; no jwt -> no caller (seeded property)", () => {
    const req = (requestContext: unknown) => ({ requestContext, headers: {} }) as unknown as IncomingMessage;
    expect(callerOf(req(undefined))).toBeUndefined();
    expect(callerOf(req({ authorizer: { jwt: { claims: { sub: "a", scp: "x y" }, scopes: null } } }))).toEqual({ subject: "a", scopes: ["x", "y"], claims: { sub: "a", scp: "x y" } });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string(), fc.integer(), fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }))), fc.array(fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !/\s/.test(s)), { maxLength: 5 }), (claims, scopes) => {
        const context = jwtAuthorizerContext({ claims: claims as never, scopes });
        const caller = callerOf(req({ authorizer: JSON.parse(JSON.stringify(context)) }))!;
        expect(caller.scopes).toEqual(scopes.length > 0 ? scopes : (context.jwt.claims.scope ?? context.jwt.claims.scp ?? "").split(" ").filter(Boolean));
        for (const [key, value] of Object.entries(claims)) if (key !== "__proto__") expect(caller.claims[key]).toBe(claimText(value));
      }),
      { seed: 2202, numRuns: 200 },
    );
  });
});

describe.each(["aws", "azure"] as const)("GET /me through the local gateway on %s (built app, local issuer)", (provider) => {
  let gateway: Gateway;
  beforeAll(async () => {
    const parse = (kind: "rest-api" | "websocket", auth: unknown) => {
      const parsed = parseComponentSettings(kind, { provider, auth }, Environment.of("dev"), `semantest:components.${kind}`);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
      return parsed.value;
    };
    gateway = await startGateway({
      provider,
      port: 0,
      projectDir: PROJECT_DIR,
      components: { restApi: parse("rest-api", { issuer: STACK_ISSUER, audiences: [AUDIENCE], routes }) as RestApiSettings, websocket: parse("websocket", { issuer: STACK_ISSUER, audiences: [AUDIENCE] }) as WebSocketSettings },
      log: createLog(() => undefined, { color: false, quietFunctions: true }),
    });
  });
  afterAll(() => gateway?.close());

  it("the app gets sub, scopes and claims from a valid token; 401 without one", async () => {
    expect((await fetch(`${gateway.restUrl}/me`)).status).toBe(401);
    const token = await gateway.issuer!.issue({ subject: "alice", scopes: ["events:write", "read"], claims: { roles: ["admin", "user"] } });
    const res = await fetch(`${gateway.restUrl}/me`, { headers: { authorization: `Bearer ${token}`, [AUTHORIZER_HEADER]: "%7B%7D" } });
    expect(res.status).toBe(200);
    const { caller } = (await res.json()) as { caller: { subject: string; scopes: string[]; claims: Record<string, string> } };
    expect(caller).toMatchObject({ subject: "alice", scopes: ["events:write", "read"], claims: { sub: "alice", aud: AUDIENCE, iss: gateway.issuer!.issuer, roles: "[admin user]" } });
  });
});

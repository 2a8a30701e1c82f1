/**
 * The hosts' auth, in-process against the local issuer: the `$connect` Lambda authorizer's answers
 * (401 error, Deny, Allow with context), the user id reaching the app on AWS, the Azure REST
 * adapter (refusals as API Gateway writes them, fail closed on unreadable settings) and negotiate's
 * identity (the token's user and Web PubSub roles, never the query's).
 */
import { HttpRequest, InvocationContext, type HttpResponseInit } from "@azure/functions";
import type { ConnectionContext, WebSocketApp } from "../../app/websocket/port";
import { createWebSocketAuthorizer, UNAUTHORIZED } from "../../runtime/aws/authorizer";
import { createWebSocketHandler } from "../../runtime/aws/websocket-handler";
import type { ConnectionRegistry } from "../../runtime/aws/registry";
import { negotiateAuthorizer, negotiateIdentity, webPubSubRoles, withRestAuth } from "../../runtime/azure/auth";
import { startLocalIssuer, type LocalIssuer } from "../../runtime/local/auth";
import { parseRestApiAuth, parseWebSocketAuth, type RestApiAuth, type WebSocketAuth } from "../../domain";

const AUDIENCE = "api://semantest";
let issuer: LocalIssuer;
let wsAuth: WebSocketAuth;
let restAuth: RestApiAuth;

beforeAll(async () => {
  issuer = await startLocalIssuer({ defaultAudience: AUDIENCE });
  // Parsed with an https issuer (the domain's rule), then pointed at the local one as the gateway does.
  const ws = parseWebSocketAuth({ issuer: "https://login.example.com/", audiences: [AUDIENCE], scopes: ["realtime"] }, "w");
  const rest = parseRestApiAuth({ issuer: "https://login.example.com/", audiences: [AUDIENCE], routes: { "GET /health": "public" } }, "r");
  if (!ws.ok || !ws.value || !rest.ok || !rest.value) throw new Error("auth fixtures do not parse");
  wsAuth = { ...ws.value, issuer: issuer.issuer };
  restAuth = { ...rest.value, issuer: issuer.issuer };
});
afterAll(() => issuer.close());

const METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abc/production/$connect";

describe("the $connect authorizer (runtime/aws/authorizer.ts)", () => {
  it("throws Unauthorized (API Gateway's 401) without a token or with a bad one", async () => {
    const authorize = createWebSocketAuthorizer(wsAuth);
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    await expect(authorize({ methodArn: METHOD_ARN })).rejects.toThrow(UNAUTHORIZED);
    await expect(authorize({ methodArn: METHOD_ARN, queryStringParameters: { access_token: "x.y.z" } })).rejects.toThrow(UNAUTHORIZED);
    warn.mockRestore();
  });

  it("denies (API Gateway's 403) a valid token without one of the scopes", async () => {
    const result = await createWebSocketAuthorizer(wsAuth)({ methodArn: METHOD_ARN, queryStringParameters: { access_token: await issuer.issue({ scopes: ["other"] }) } });
    expect(result.policyDocument.Statement).toEqual([{ Action: "execute-api:Invoke", Effect: "Deny", Resource: METHOD_ARN }]);
    expect(result.context).toBeUndefined();
  });

  it("allows a valid token for the connect route only, with the user id, scopes and roles as context strings", async () => {
    const token = await issuer.issue({ subject: "alice", scopes: ["realtime", "x"], claims: { roles: ["a", "b"] } });
    const result = await createWebSocketAuthorizer(wsAuth)({ methodArn: METHOD_ARN, queryStringParameters: { access_token: token } });
    expect(result).toEqual({
      principalId: "alice",
      policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: METHOD_ARN }] },
      context: { userId: "alice", scopes: "realtime x", roles: "a b" },
    });
  });

  it("reads the Authorization header (any case) with tokenSource header, and ignores the query then", async () => {
    const token = await issuer.issue({ subject: "bob", scopes: ["realtime"] });
    const authorize = createWebSocketAuthorizer({ ...wsAuth, tokenSource: "header" });
    expect((await authorize({ methodArn: METHOD_ARN, headers: { AuthoriZation: `Bearer ${token}` } })).principalId).toBe("bob");
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    await expect(authorize({ methodArn: METHOD_ARN, queryStringParameters: { access_token: token } })).rejects.toThrow(UNAUTHORIZED);
    warn.mockRestore();
  });

  it("refuses a token without the user id claim", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const authorize = createWebSocketAuthorizer({ ...wsAuth, userIdClaim: "email" });
    await expect(authorize({ methodArn: METHOD_ARN, queryStringParameters: { access_token: await issuer.issue({ scopes: ["realtime"] }) } })).rejects.toThrow(UNAUTHORIZED);
    warn.mockRestore();
  });
});

describe("the AWS WebSocket handler gives the app the authorizer's user id", () => {
  it("sets context.userId from requestContext.authorizer on connect and on messages, and leaves it absent without", async () => {
    const seen: (string | undefined)[] = [];
    const app: WebSocketApp = {
      onConnect: async (c: ConnectionContext) => (seen.push(c.userId), { accept: true }),
      onMessage: async (c: ConnectionContext) => void seen.push(c.userId),
      onDisconnect: async () => undefined,
    };
    const registry = { add: async () => undefined, state: async () => ({}), putState: async () => undefined, markConnected: async () => false, remove: async () => undefined } as unknown as ConnectionRegistry;
    const handler = createWebSocketHandler(async () => app, { registry, clientFor: () => ({ send: async () => ({}) }) as never });
    const base = { connectionId: "c1", domainName: "x", stage: "production" };
    await handler({ requestContext: { ...base, routeKey: "$connect", eventType: "CONNECT", authorizer: { userId: "alice", principalId: "alice" } } });
    await handler({ requestContext: { ...base, routeKey: "$default", eventType: "MESSAGE", authorizer: { userId: "alice" } }, body: "{}" });
    await handler({ requestContext: { ...base, routeKey: "$connect", eventType: "CONNECT" } });
    expect(seen).toEqual(["alice", "alice", undefined]);
  });
});

const context = () => new InvocationContext({ invocationId: "i", functionName: "rest-api" });
const ok = async (): Promise<HttpResponseInit> => ({ status: 200, body: "app" });

describe("the Azure REST adapter (runtime/azure/auth.ts withRestAuth)", () => {
  const env = () => ({ SEMANTEST_AUTH: JSON.stringify(restAuth) });

  it("is the app's handler itself without auth", () => {
    expect(withRestAuth(ok, {})).toBe(ok);
  });

  it("answers 401 as API Gateway does without a token, lets public routes and preflights through, and passes a valid token", async () => {
    const handler = withRestAuth(ok, env());
    const refused = await handler(new HttpRequest({ method: "POST", url: "https://app.example/events" }), context());
    expect(refused.status).toBe(401);
    expect(refused.body).toBe('{"message":"Unauthorized"}');
    expect((refused.headers as Record<string, string>)["www-authenticate"]).toContain('error="invalid_token"');
    expect((await handler(new HttpRequest({ method: "GET", url: "https://app.example/health" }), context())).status).toBe(200);
    const preflight = new HttpRequest({ method: "OPTIONS", url: "https://app.example/events", headers: { origin: "https://semantest.com", "access-control-request-method": "POST" } });
    expect((await handler(preflight, context())).status).toBe(200);
    const token = await issuer.issue();
    expect((await handler(new HttpRequest({ method: "POST", url: "https://app.example/events", headers: { authorization: `Bearer ${token}` } }), context())).body).toBe("app");
  });

  it("fails closed with 500 when its settings cannot be read", async () => {
    const ctx = context();
    const logged = jest.spyOn(ctx, "error").mockImplementation(() => undefined);
    for (const value of ["{", JSON.stringify({ issuer: "http://login.example.com", audiences: ["a"] }), JSON.stringify({ audiences: ["a"] })]) {
      const answer = await withRestAuth(ok, { SEMANTEST_AUTH: value })(new HttpRequest({ method: "GET", url: "https://app.example/health" }), ctx);
      expect([answer.status, answer.body]).toEqual([500, JSON.stringify({ error: { code: "auth_misconfigured", message: "the API's auth settings cannot be read" } })]);
    }
    expect(logged).toHaveBeenCalled();
  });
});

describe("negotiate's identity (runtime/azure/auth.ts)", () => {
  const request = (token?: string) => new HttpRequest({ method: "GET", url: "https://app.example/negotiate", headers: token ? { authorization: `Bearer ${token}` } : {} });

  it("takes the user id and the Web PubSub roles from the token, and refuses without one (401) or without the scope (403)", async () => {
    const auth = negotiateAuthorizer(wsAuth);
    const token = await issuer.issue({ subject: "alice", scopes: ["realtime"], claims: { roles: ["webpubsub.sendToGroup.topic:a", "Admin", "webpubsub.joinLeaveGroup"] } });
    expect(await negotiateIdentity(auth, request(token), undefined, [])).toEqual({ ok: true, userId: "alice", roles: ["webpubsub.sendToGroup.topic:a", "webpubsub.joinLeaveGroup"] });
    expect(await negotiateIdentity(auth, request(token), "alice", [])).toMatchObject({ ok: true });
    expect(await negotiateIdentity(auth, request(), undefined, [])).toMatchObject({ ok: false, response: { status: 401 } });
    expect(await negotiateIdentity(auth, request(await issuer.issue({ scopes: ["x"] })), undefined, [])).toMatchObject({ ok: false, response: { status: 403 } });
  });

  it("refuses a userId query naming someone else (403) and topic queries (400): the token decides", async () => {
    const auth = negotiateAuthorizer(wsAuth);
    const token = await issuer.issue({ subject: "alice", scopes: ["realtime"] });
    expect(await negotiateIdentity(auth, request(token), "mallory", [])).toMatchObject({ ok: false, response: { status: 403 } });
    expect(await negotiateIdentity(auth, request(token), undefined, ["a"])).toMatchObject({ ok: false, response: { status: 400 } });
    expect(webPubSubRoles(["webpubsub.joinLeaveGroup", "webpubsub.joinLeaveGroup", "webpubsub.admin", "webpubsub.sendToGroup.g 1"])).toEqual(["webpubsub.joinLeaveGroup"]);
  });
});

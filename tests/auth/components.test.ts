/**
 * Auth as the stack declares it, under mocks: API Gateway's JWT authorizer and route authorization
 * on the REST API, the `$connect` Lambda authorizer on the WebSocket API, the settings the Azure
 * apps check tokens with; and the pure route table with fast-check.
 */
import fc from "fast-check";
import * as path from "path";
import { awsArtifactSpec } from "../../artifacts/aws";
import { restApiRoutes, routeRole, webSocketIdentitySource } from "../../components/aws/auth";
import { parseComponentSettings, parseRestApiAuth, Environment, ROUTE_METHODS, type RestApiAuth } from "../../domain";
import { runProgram, type Run } from "../support/pulumi-harness";
import type { RecordedResource } from "../../adapters/engine/offline/evaluate";

const ISSUER = "https://login.example.com/tenant/v2.0";
const REST_AUTH = { issuer: ISSUER, audiences: ["api://semantest"], scopes: ["api"], routes: { "GET /health": "public", "POST /events": { scopes: ["events:write"] } } };
const WS_AUTH = { issuer: ISSUER, audiences: ["api://semantest"], scopes: ["connect"] };

const withAuth = (provider: "aws" | "azure", extra: Record<string, unknown> = {}) => ({
  "aws:region": "us-east-1",
  "azure-native:location": "westeurope",
  "semantest:components": {
    "rest-api": { provider, auth: REST_AUTH, ...extra },
    websocket: { provider, auth: WS_AUTH, ...extra },
  },
});
const routesOf = (run: Run) => run.all("aws:apigatewayv2/route:Route");
const byKey = (routes: RecordedResource[], key: string) => {
  const found = routes.filter((r) => r.inputs.routeKey === key);
  if (found.length !== 1) throw new Error(`${found.length} routes ${key}: ${routes.map((r) => r.inputs.routeKey).join(", ")}`);
  return found[0]!;
};

describe("auth on AWS (dev stack with auth, under mocks)", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram("dev", withAuth("aws", { alarms: true }));
  }, 120_000);

  it("gives the HTTP API a JWT authorizer on the Authorization header with the issuer and audiences", () => {
    expect(run.get("aws:apigatewayv2/authorizer:Authorizer", "rest-api-authorizer").inputs).toMatchObject({
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: { issuer: ISSUER, audiences: ["api://semantest"] },
    });
  });

  it("puts $default and the scoped routes behind it, the public route and the preflight route outside it, scopes only on JWT routes", () => {
    const rest = routesOf(run).filter((r) => r.name.startsWith("rest-api-"));
    expect(rest.map((r) => r.inputs.routeKey).sort()).toEqual(["$default", "GET /health", "OPTIONS /{proxy+}", "POST /events"]);
    expect(byKey(rest, "$default").inputs).toMatchObject({ authorizationType: "JWT", authorizationScopes: ["api"] });
    expect(byKey(rest, "POST /events").inputs).toMatchObject({ authorizationType: "JWT", authorizationScopes: ["events:write"] });
    for (const key of ["GET /health", "OPTIONS /{proxy+}"]) {
      expect(byKey(rest, key).inputs.authorizationType).toBe("NONE");
      expect(byKey(rest, key).inputs.authorizationScopes).toBeUndefined();
      expect(byKey(rest, key).inputs.authorizerId).toBeUndefined();
    }
    // Every route reaches the one Lambda integration.
    expect(new Set(rest.map((r) => r.inputs.target)).size).toBe(1);
  });

  it("guards $connect with a REQUEST authorizer reading ?access_token=, and leaves the other routes to the connection", () => {
    const authorizer = run.get("aws:apigatewayv2/authorizer:Authorizer", "websocket-authorizer");
    expect(authorizer.inputs).toMatchObject({ authorizerType: "REQUEST", identitySources: ["route.request.querystring.access_token"] });
    expect(authorizer.inputs.authorizerResultTtlInSeconds).toBeUndefined();
    const ws = routesOf(run).filter((r) => r.name.startsWith("websocket-"));
    expect(byKey(ws, "$connect").inputs).toMatchObject({ authorizationType: "CUSTOM", authorizerId: expect.stringContaining(authorizer.name) });
    expect(byKey(ws, "$connect").inputs.authorizationScopes).toBeUndefined();
    for (const key of ["$default", "$disconnect"]) expect(byKey(ws, key).inputs.authorizationType).toBeUndefined();
  });

  it("runs the authorizer as its own Lambda from the WebSocket zip, allowed to write its logs only, invoked by this API's authorizers", () => {
    const fn = run.get("aws:lambda/function:Function", "websocket-authorizer-function");
    const handlerFn = run.get("aws:lambda/function:Function", "websocket-function");
    expect(fn.inputs).toMatchObject({ handler: "authorizer.handler", s3Key: handlerFn.inputs.s3Key, runtime: "nodejs22.x" });
    const env = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    expect(JSON.parse(env.SEMANTEST_AUTH!)).toEqual({ ...WS_AUTH, tokenSource: "query", userIdClaim: "sub", rolesClaim: "roles" });
    const policy = JSON.parse(run.get("aws:iam/rolePolicy:RolePolicy", "websocket-authorizer-role-policy").inputs.policy as string) as { Statement: { Action: string[] }[] };
    expect(policy.Statement.flatMap((s) => s.Action)).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
    const permission = run.get("aws:lambda/permission:Permission", "websocket-authorizer-invoke");
    expect(permission.inputs).toMatchObject({ principal: "apigateway.amazonaws.com" });
    expect(String(permission.inputs.sourceArn)).toMatch(/\/authorizers\//);
    const alarm = run.get("aws:cloudwatch/metricAlarm:MetricAlarm", "websocket-authorizer-errors");
    expect(alarm.inputs).toMatchObject({ namespace: "AWS/Lambda", metricName: "Errors" });
    expect(alarm.dependencies).toContain(fn.urn);
  });

  it("redeploys the WebSocket stage when the authorizer changes (the deployment trigger covers it)", async () => {
    const trigger = (r: Run) => (r.get("aws:apigatewayv2/deployment:Deployment", "websocket-deployment").inputs.triggers as Record<string, string>).redeployment;
    const changed = await runProgram("dev", { ...withAuth("aws", { alarms: true }), "semantest:components": { websocket: { provider: "aws", auth: { ...WS_AUTH, scopes: ["other"] } } } });
    expect(trigger(changed)).not.toBe(trigger(run));
  }, 120_000);
});

describe("without auth nothing changes on AWS", () => {
  it("keeps the one open $default route and no authorizer", async () => {
    const run = await runProgram("dev");
    expect(run.all("aws:apigatewayv2/authorizer:Authorizer")).toEqual([]);
    const rest = routesOf(run).filter((r) => r.name.startsWith("rest-api-"));
    expect(rest.map((r) => [r.name, r.inputs.routeKey, r.inputs.authorizationType])).toEqual([["rest-api-default-route", "$default", undefined]]);
    expect(byKey(routesOf(run).filter((r) => r.name.startsWith("websocket-")), "$connect").inputs.authorizationType).toBeUndefined();
  }, 120_000);
});

describe("auth on Azure (under mocks)", () => {
  it("hands the REST Function App its auth settings (SEMANTEST_AUTH), which the adapter checks", async () => {
    const run = await runProgram("dev", { ...withAuth("azure"), "semantest:components": { "rest-api": { provider: "azure", auth: REST_AUTH } } });
    const properties = run.get("azure-native:web:WebAppApplicationSettings", "rest-api-settings").inputs.properties as Record<string, string>;
    const auth = JSON.parse(properties.SEMANTEST_AUTH!) as RestApiAuth;
    expect(auth.issuer).toBe(ISSUER);
    expect(auth.routes.map((r) => [r.routeKey, r.public])).toEqual([["GET /health", true], ["POST /events", false]]);
    expect(run.all("aws:apigatewayv2/authorizer:Authorizer")).toEqual([]);
  }, 120_000);
});

describe("the route table (components/aws/auth.ts restApiRoutes)", () => {
  const routeKey = fc.tuple(fc.constantFrom(...ROUTE_METHODS), fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { maxLength: 3 }), fc.boolean()).map(([m, s, g]) => `${m} /${[...s, ...(g ? ["{proxy+}"] : [])].join("/")}`);
  const rule = fc.oneof(fc.constant("public"), fc.record({ scopes: fc.array(fc.stringMatching(/^[a-z:]{1,8}$/), { maxLength: 3 }) }));

  it("has one $default behind the authorizer, scopes only on JWT routes, each configured route once, always a public preflight route (fast-check, seeded)", () => {
    fc.assert(
      fc.property(fc.dictionary(routeKey, rule, { maxKeys: 6 }), fc.array(fc.stringMatching(/^[a-z]{1,5}$/), { maxLength: 3 }), (routes, scopes) => {
        const parsed = parseRestApiAuth({ issuer: ISSUER, audiences: ["a"], scopes, routes }, "a");
        if (!parsed.ok || !parsed.value) throw new Error(JSON.stringify(parsed));
        const table = restApiRoutes(parsed.value);
        expect(table.filter((r) => r.routeKey === "$default")).toEqual([{ role: "default-route", routeKey: "$default", authorizationType: "JWT", ...(parsed.value.scopes.length ? { authorizationScopes: parsed.value.scopes } : {}) }]);
        for (const spec of table) if (spec.authorizationType === "NONE") expect(spec.authorizationScopes).toBeUndefined();
        expect(new Set(table.map((r) => r.routeKey)).size).toBe(table.length);
        expect(new Set(table.map((r) => r.role)).size).toBe(table.length); // stable, distinct child names
        const preflight = table.find((r) => r.routeKey === "OPTIONS /{proxy+}");
        if (!Object.prototype.hasOwnProperty.call(routes, "OPTIONS /{proxy+}")) expect(preflight?.authorizationType).toBe("NONE");
        for (const r of parsed.value.routes) expect(table.find((t) => t.routeKey === r.routeKey)?.authorizationType).toBe(r.public ? "NONE" : "JWT");
      }),
      { seed: 2211, numRuns: 150 },
    );
  });

  it("names a route's resource from its key, not its position", () => {
    expect(routeRole("GET /items/{id}")).toMatch(/^route-get-items-id-[0-9a-f]{6}$/);
    expect(routeRole("GET /items/{id}")).not.toBe(routeRole("GET /items/id"));
    expect(webSocketIdentitySource({ tokenSource: "header" })).toBe("route.request.header.Authorization");
  });

  it("bundles the authorizer into the WebSocket zip only when the component has auth (a stack without keeps its digest)", () => {
    const settings = (auth?: unknown) => {
      const parsed = parseComponentSettings("websocket", { provider: "aws", ...(auth ? { auth } : {}) }, Environment.of("dev"), "w");
      if (!parsed.ok) throw new Error(JSON.stringify(parsed));
      return parsed.value;
    };
    expect(Object.keys(awsArtifactSpec(settings(), "/p").entryPoints)).toEqual(["index"]);
    expect(awsArtifactSpec(settings(WS_AUTH), "/p").entryPoints).toEqual({ index: path.join("/p", "runtime/aws/websocket-entry.ts"), authorizer: path.join("/p", "runtime/aws/authorizer-entry.ts") });
  });
});

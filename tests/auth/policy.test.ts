/**
 * production-route-authorization (policy/security/auth.ts): compliant, non-compliant, missing
 * property and config override on synthetic resources; then the real production stack in the
 * offline preview, with auth (passes, shows the authorizers) and without (trips).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import type { OfflinePreview } from "../../adapters/engine/offline/preview";
import { isCatchAll, productionRouteAuthorization } from "../../policy/security/auth";
import { check, fake, messages } from "../policy/support";
import { isolateModulesAsync } from "../support/isolate";
import { PROJECT_DIR, stackConfig } from "../support/pulumi-harness";

const policy = productionRouteAuthorization();
const API = "aws:apigatewayv2/api:Api";
const ROUTE = "aws:apigatewayv2/route:Route";

function httpApi(stack: string, routes: Record<string, string | undefined>, protocolType = "HTTP") {
  const api = fake(API, "rest-api-api", { protocolType }, { stack });
  const declared = Object.entries(routes).map(([key, type], i) => fake(ROUTE, `route-${i}`, { routeKey: key, ...(type ? { authorizationType: type } : {}) }, { stack, dependsOn: [api] }));
  return [api, ...declared];
}

describe("production-route-authorization on synthetic resources", () => {
  it("accepts a production HTTP API whose catch-all routes have an authorizer and whose public routes are listed", async () => {
    const resources = httpApi("production", { $default: "JWT", "GET /health": "NONE", "OPTIONS /{proxy+}": "NONE", "POST /events/{proxy+}": "JWT" });
    expect(await check(policy, resources, { environment: "production" })).toEqual([]);
  });

  it.each([
    ["$default", undefined],
    ["$default", "NONE"],
    ["ANY /{proxy+}", "NONE"],
    ["GET /files/{path+}", "NONE"],
  ])("refuses %s with authorizationType %s in production, quoting the route", async (key, type) => {
    const found = messages(await check(policy, httpApi("production", { [key]: type }), { environment: "production" }));
    expect(found).toEqual([expect.stringMatching(new RegExp(`route '${key.replace(/[$+{}/]/g, "\\$&")}' 'route-0' \\(urn:pulumi:production::.*\\) of API 'rest-api-api' .* has authorizationType '${type ?? "NONE"}' in production`))]);
  });

  it("refuses an open WebSocket $connect and accepts one behind a Lambda authorizer", async () => {
    expect(messages(await check(policy, httpApi("production", { $connect: undefined, $default: undefined }, "WEBSOCKET"), { environment: "production" }))).toEqual([
      expect.stringContaining("WebSocket $connect 'route-0'"),
    ]);
    expect(await check(policy, httpApi("production", { $connect: "CUSTOM", $default: undefined }, "WEBSOCKET"), { environment: "production" })).toEqual([]);
  });

  it("refuses a component's Function App settings without SEMANTEST_AUTH, and cannot judge settings it only sees as [secret]", async () => {
    const component = fake("semantest:components:WebSocket", "websocket", {}, { stack: "production" });
    const settings = (properties: unknown) => fake("azure-native:web:WebAppApplicationSettings", "websocket-settings", { properties }, { stack: "production", parent: component.urn });
    expect(messages(await check(policy, [component, settings({ WEBPUBSUB_HUB: "semantest" })], { environment: "production" }))).toEqual([
      expect.stringContaining("Function App settings 'websocket-settings'"),
    ]);
    expect(await check(policy, [component, settings({ SEMANTEST_AUTH: "{}" })], { environment: "production" })).toEqual([]);
    expect(await check(policy, [component, settings("[secret]")], { environment: "production" })).toEqual([]);
    // An app that is not a component's (a user's own) is not this policy's business.
    expect(await check(policy, [fake("azure-native:web:WebAppApplicationSettings", "mine", { properties: {} }, { stack: "production" })], { environment: "production" })).toEqual([]);
  });

  it("checks production only, unless config names more environments", async () => {
    const open = httpApi("dev", { $default: "NONE" });
    expect(await check(policy, open, { environment: "dev" })).toEqual([]);
    expect(await check(policy, open, { environment: "dev", config: { all: "mandatory", "production-route-authorization": { environments: ["dev", "production"] } } })).toHaveLength(1);
  });

  it("tells catch-all routes from listed ones", () => {
    expect(["$default", "ANY /{proxy+}", "GET /a/{b+}"].map(isCatchAll)).toEqual([true, true, true]);
    expect(["OPTIONS /{proxy+}", "GET /health", "GET /items/{id}", "$connect"].map(isCatchAll)).toEqual([false, false, false, false]);
  });
});

describe("the production stack in the offline preview", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-auth-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  async function preview(change?: (values: Record<string, unknown>) => void): Promise<OfflinePreview> {
    let configFile: string | undefined;
    if (change) {
      const values = structuredClone((await stackConfig("production")).values) as Record<string, unknown>;
      change(values);
      configFile = path.join(fs.mkdtempSync(path.join(tmp, "p-")), "Pulumi.production.yaml");
      fs.writeFileSync(configFile, stringify({ config: values }));
    }
    const result = await isolateModulesAsync(async () => {
      const { runOfflinePreview } = await import("../../adapters/engine/offline/preview");
      return runOfflinePreview({ projectDir: PROJECT_DIR, env: "production", configFile });
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }
  const components = (values: Record<string, unknown>) => values["semantest:components"] as Record<string, Record<string, unknown>>;

  it("shows the REST API's JWT authorizer and route authorization, hands negotiate its auth, and passes the pack", async () => {
    const { document } = await preview();
    const of = (type: string) => document.resources.filter((r) => r.type === type);
    expect(of("aws:apigatewayv2/authorizer:Authorizer").map((r) => [r.name, r.inputs.authorizerType])).toEqual([["rest-api-authorizer", "JWT"]]);
    const routes = of("aws:apigatewayv2/route:Route").map((r) => [r.inputs.routeKey, r.inputs.authorizationType]);
    expect(routes).toEqual(expect.arrayContaining([["$default", "JWT"], ["GET /health", "NONE"], ["GET /version", "NONE"], ["OPTIONS /{proxy+}", "NONE"]]));
    expect(document.policies.violations).toEqual([]);
  }, 180_000);

  it("with the WebSocket server on AWS too: the $connect authorizer, its alarm, and still no violation", async () => {
    const { document } = await preview((values) => {
      components(values).websocket = { provider: "aws", auth: components(values).websocket!.auth };
    });
    expect(document.resources.filter((r) => r.type === "aws:apigatewayv2/authorizer:Authorizer").map((r) => r.name).sort()).toEqual(["rest-api-authorizer", "websocket-authorizer"]);
    expect(document.resources.some((r) => r.name === "websocket-authorizer-errors")).toBe(true);
    expect(document.policies.violations).toEqual([]);
  }, 180_000);

  it("trips production-route-authorization when the REST API's auth is removed", async () => {
    const { document } = await preview((values) => {
      delete components(values)["rest-api"]!.auth;
    });
    const found = document.policies.violations.filter((v) => v.policy === "production-route-authorization");
    expect(found.map((v) => [v.level, v.message.split(" (urn:")[0]])).toEqual([["mandatory", "route '$default' 'rest-api-default-route'"]]);
  }, 180_000);
});

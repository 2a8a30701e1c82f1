import { productionCorsNoWildcard } from "../../policy/governance/cors";
import { supportedNodeRuntime } from "../../policy/governance/runtime";
import { productionNoFreeTier } from "../../policy/governance/sku";
import { requiredTags } from "../../policy/governance/tags";
import { isTaggable, sdkModuleOf, sdkSaysTaggable } from "../../policy/lib/taggable";
import { check, fake, messages } from "./support";

const TAGS = { environment: "dev", "managed-by": "semantest-iac", component: "rest-api" };

describe("required-tags", () => {
  const policy = requiredTags();
  it("reads taggability from the provider SDK", () => {
    expect(sdkModuleOf("azure-native:web:WebApp")).toEqual({ module: "@pulumi/azure-native/web/webApp", className: "WebApp" });
    expect(sdkSaysTaggable("aws:lambda/function:Function")).toBe(true);
    expect(sdkSaysTaggable("aws:lambda/permission:Permission")).toBe(false);
    expect(sdkSaysTaggable("azure-native:web:WebApp")).toBe(true);
    expect(sdkSaysTaggable("azure-native:authorization:RoleAssignment")).toBe(false);
    expect(sdkSaysTaggable("semantest:components:RestApi")).toBeUndefined();
    expect(isTaggable("aws:nosuch/thing:Thing", { tags: {} })).toBe(true);
  });
  it("accepts a tagged resource and ignores untaggable ones", async () => {
    expect(await check(policy, [fake("aws:lambda/function:Function", "fn", { tags: TAGS }), fake("aws:lambda/permission:Permission", "perm", { principal: "x" })])).toEqual([]);
  });
  it("names the missing tags of a resource with some or none", async () => {
    const found = messages(await check(policy, [fake("aws:lambda/function:Function", "fn", { tags: { environment: "dev" } }), fake("azure-native:web:WebApp", "websocket-app", {})]));
    expect(found).toEqual([
      expect.stringMatching(/'fn' \(urn:.*\) is missing the tags 'managed-by', 'component'/),
      expect.stringMatching(/'websocket-app'.*is missing the tags 'environment', 'managed-by', 'component'/),
    ]);
  });
  it("refuses an environment tag that does not match the stack", async () => {
    expect(messages(await check(policy, [fake("aws:dynamodb/table:Table", "t", { tags: { ...TAGS, environment: "dev" } }, { stack: "production" })]))).toEqual([
      expect.stringContaining("is tagged environment 'dev' in the production stack"),
    ]);
  });
  it("takes the required keys from config", async () => {
    const config = { "required-tags": { requiredTags: ["environment", "owner"] } };
    expect(messages(await check(policy, [fake("aws:lambda/function:Function", "fn", { tags: TAGS })], { config }))).toEqual([expect.stringContaining("missing the tag 'owner'")]);
  });
});

describe("supported-nodejs-runtime", () => {
  const policy = supportedNodeRuntime();
  const lambda = (runtime?: string) => fake("aws:lambda/function:Function", "rest-api-function", runtime ? { runtime } : {});
  const app = (props: Record<string, unknown>) => fake("azure-native:web:WebApp", "websocket-app", { kind: "functionapp,linux", ...props });
  it("accepts nodejs20.x/22.x and Node 20/22 however a Function App declares it", async () => {
    expect(await check(policy, [
      lambda("nodejs22.x"), lambda("nodejs20.x"),
      fake("aws:lambda/function:Function", "image", { packageType: "Image" }),
      app({ functionAppConfig: { runtime: { name: "node", version: "22" } } }),
      app({ siteConfig: { linuxFxVersion: "Node|20" } }),
      app({ siteConfig: { appSettings: [{ name: "WEBSITE_NODE_DEFAULT_VERSION", value: "~22" }] } }),
      fake("azure-native:web:WebApp", "site", { kind: "app" }),
    ])).toEqual([]);
  });
  it("refuses old Node, other languages and a missing runtime", async () => {
    const found = messages(await check(policy, [lambda("nodejs18.x"), lambda("python3.12"), lambda(), app({ functionAppConfig: { runtime: { name: "node", version: "18" } } }), app({ functionAppConfig: { runtime: { name: "python", version: "3.11" } } }), app({})]));
    expect(found).toEqual([
      expect.stringMatching(/'rest-api-function'.*'nodejs18\.x'; allowed: nodejs20\.x, nodejs22\.x/),
      expect.stringContaining("'python3.12'"),
      expect.stringContaining("'(missing)'"),
      expect.stringMatching(/Function App 'websocket-app'.*runs 'node 18'/),
      expect.stringContaining("runs 'python 3.11'"),
      expect.stringContaining("declares no runtime"),
    ]);
  });
  it("takes the allowed runtimes from config", async () => {
    expect(await check(policy, [lambda("nodejs20.x")], { config: { "supported-nodejs-runtime": { lambdaRuntimes: ["nodejs22.x"] } } })).toHaveLength(1);
  });
});

describe("production-cors-no-wildcard", () => {
  const policy = productionCorsNoWildcard();
  const api = (stack: string, allowOrigins?: string[]) => fake("aws:apigatewayv2/api:Api", "rest-api-api", { protocolType: "HTTP", ...(allowOrigins ? { corsConfiguration: { allowOrigins } } : {}) }, { stack });
  it("accepts listed origins (a scheme pattern like chrome-extension://* included) and '*' outside production", async () => {
    expect(await check(policy, [api("production", ["https://semantest.com", "chrome-extension://*"]), api("dev", ["*"]), api("production")])).toEqual([]);
  });
  it("refuses '*' and any-site origins in production, on API Gateway and Function Apps", async () => {
    const app = fake("azure-native:web:WebApp", "rest-api-app", { siteConfig: { cors: { allowedOrigins: ["https://*"] } } }, { stack: "production" });
    expect(messages(await check(policy, [api("production", ["https://semantest.com", "*"]), app]))).toEqual([
      expect.stringMatching(/'rest-api-api'.*allows CORS from '\*' in production/),
      expect.stringMatching(/'rest-api-app'.*'https:\/\/\*'/),
    ]);
  });
  it("extends to staging by config", async () => {
    expect(await check(policy, [api("staging", ["*"])], { config: { "production-cors-no-wildcard": { environments: ["staging", "production"] } } })).toHaveLength(1);
  });
});

describe("production-no-free-tier-sku", () => {
  const policy = productionNoFreeTier();
  const wps = (stack: string, sku?: Record<string, unknown>) => fake("azure-native:webpubsub:WebPubSub", "websocket-pubsub", sku ? { sku } : {}, { stack });
  it("accepts Standard in production and Free in dev", async () => {
    expect(await check(policy, [wps("production", { name: "Standard_S1", tier: "Standard", capacity: 1 }), wps("dev", { name: "Free_F1" }), wps("production")])).toEqual([]);
  });
  it("refuses Free_F1 and free/shared App Service plans in production", async () => {
    const plan = fake("azure-native:web:AppServicePlan", "plan", { sku: { name: "F1", tier: "Free" } }, { stack: "production" });
    expect(messages(await check(policy, [wps("production", { name: "Free_F1", tier: "Free" }), plan]))).toEqual([
      expect.stringMatching(/'websocket-pubsub'.*free-tier SKU 'Free_F1' in production/),
      expect.stringMatching(/'plan'.*'F1'/),
    ]);
  });
  it("is advisory by config", async () => {
    expect((await check(policy, [wps("production", { name: "Free_F1" })], { config: { all: "advisory" } }))[0]!.level).toBe("advisory");
  });
});

describe("required-tags agrees with the stack transformation that applies the tags", () => {
  it("calls taggable exactly the types components/events tags, for every service the program uses", async () => {
    const { isTaggable: eventsTags } = await import("../../components/events/taggable");
    const aws = (await import("../../components/events/taggable/aws.json")).types as string[];
    const azure = (await import("../../components/events/taggable/azure-native.json")).types as string[];
    const used = /^(aws:(lambda|iam|apigatewayv2|s3|dynamodb|cloudwatch|sns)\/|azure-native:(web|storage|webpubsub|operationalinsights|applicationinsights|resources|authorization):)/;
    const positives = [...aws, ...azure].filter((t) => used.test(t));
    expect(positives.length).toBeGreaterThan(30);
    const disagreements = positives.filter((t) => sdkSaysTaggable(t) !== true);
    expect(disagreements).toEqual([]);
    const negatives = ["aws:iam/rolePolicy:RolePolicy", "aws:lambda/permission:Permission", "aws:apigatewayv2/route:Route", "aws:apigatewayv2/integration:Integration", "azure-native:authorization:RoleAssignment", "azure-native:web:WebAppApplicationSettings", "azure-native:storage:Blob"];
    for (const type of negatives) expect({ type, policy: sdkSaysTaggable(type), events: eventsTags(type) }).toEqual({ type, policy: false, events: false });
  });
});

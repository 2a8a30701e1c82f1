/**
 * The pack against the real program: every stack file passes every mandatory policy in the
 * offline preview, and every policy trips, by name and quoting the resource, on a deliberately
 * broken stack config or (where the domain refuses such a config) a broken component input.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import type { OfflinePreview } from "../../adapters/engine/offline/preview";
import { loadPolicyConfig, RecordedResourceLike, runPolicies, Violation } from "../../policy/offline";
import { packPolicies } from "../../policy/pack";
import { SECURITY_CONTROL_POLICIES } from "../../policy/security/controls";
import { runCli } from "../support/cli";
import { offlinePreview, PROJECT_DIR, stackConfig } from "../support/pulumi-harness";

type Values = Record<string, unknown>;

async function preview(env: string, configFile?: string): Promise<OfflinePreview> {
  return offlinePreview(env, { configFile });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-policy-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Pulumi.<env>.yaml with one change applied to its `config:` values. */
async function brokenStackFile(env: string, change: (values: Values) => void): Promise<string> {
  const values = structuredClone((await stackConfig(env)).values) as Values;
  change(values);
  const dir = fs.mkdtempSync(path.join(tmp, `${env}-`));
  const file = path.join(dir, `Pulumi.${env}.yaml`);
  fs.writeFileSync(file, stringify({ config: values }));
  return file;
}

const component = (values: Values, kind: string) => (values["semantest:components"] as Record<string, Values>)[kind]!;

function expectTrips(violations: readonly Violation[], policy: string, resourceName: string): Violation {
  const found = violations.filter((v) => v.policy === policy && v.message.includes(`'${resourceName}'`));
  if (found.length === 0) throw new Error(`${policy} did not trip on '${resourceName}'; violations: ${JSON.stringify(violations, null, 2)}`);
  expect(found[0]!.level).toBe("mandatory");
  expect(found[0]!.message).toContain(found[0]!.urn || resourceName);
  return found[0]!;
}

describe("the three stack files", () => {
  it.each(["dev", "staging", "production"])("%s passes every mandatory policy (and every advisory one)", async (env) => {
    const { document } = await preview(env);
    expect(document.policies.violations.filter((v) => v.level === "mandatory")).toEqual([]);
    expect(document.policies.violations).toEqual([]);
    expect(document.resources.length).toBeGreaterThan(10);
  });
});

describe("a broken stack config trips the policy that guards it (production)", () => {
  const cases: [string, string, (values: Values) => void][] = [
    ["production-cors-no-wildcard", "rest-api-api", (v) => void (component(v, "rest-api").cors = { allowOrigins: ["*"] })],
    ["production-no-free-tier-sku", "websocket-pubsub", (v) => void (component(v, "websocket").sku = "Free_F1")],
    ["log-retention-set", "rest-api-logs", (v) => void (component(v, "rest-api").logRetentionDays = 30)],
    ["production-alarms", "rest-api-function", (v) => void (component(v, "rest-api").alarms = false)],
    ["no-plaintext-secrets", "rest-api-function", (v) => void (component(v, "rest-api").variables = { API_TOKEN: "hunter2" })],
    [
      "dynamodb-point-in-time-recovery",
      "websocket-connections",
      (v) => void Object.assign(component(v, "websocket"), { provider: "aws", pointInTimeRecovery: false, memoryMb: 1024, sku: undefined }),
    ],
  ];

  it.each(cases)("%s trips on '%s'", async (policy, resource, change) => {
    const { document } = await preview("production", await brokenStackFile("production", change));
    expectTrips(document.policies.violations, policy, resource);
  });

  it("makes `preview --offline` exit 1 with the violation in its JSON", async () => {
    const file = await brokenStackFile("production", (v) => void (component(v, "rest-api").cors = { allowOrigins: ["*"] }));
    const result = await runCli(["preview", "--config", file, "--offline", "--json"]);
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout) as { policies: { violations: Violation[] } };
    expectTrips(document.policies.violations, "production-cors-no-wildcard", "rest-api-api");
  });

  it("is advisory in dev: the same broken input does not fail the preview", async () => {
    const file = await brokenStackFile("dev", (v) => void (component(v, "rest-api").variables = { API_TOKEN: "hunter2" }));
    const { document } = await preview("dev", file);
    const found = document.policies.violations.filter((v) => v.policy === "no-plaintext-secrets");
    expect(found.map((v) => v.level)).toEqual(["advisory"]);
    expect(found[0]!.message).toContain("'rest-api-function'");
  });
});

/** Issue 22's policies, tripped on the stacks that declare what they guard (tests/edge/policies.test.ts). */
const EDGE_POLICIES = [...SECURITY_CONTROL_POLICIES, "production-azure-alerts"];

describe("a broken component input trips the policy that guards it", () => {
  let production: readonly RecordedResourceLike[];
  let dev: readonly RecordedResourceLike[];
  beforeAll(async () => {
    production = (await preview("production")).resources;
    dev = (await preview("dev")).resources;
  });

  /** The recorded stack with one resource's inputs changed (or the resource removed), as a component bug would. */
  function mutate(resources: readonly RecordedResourceLike[], name: string, change: ((inputs: Values) => void) | "remove"): RecordedResourceLike[] {
    const target = resources.find((r) => r.name === name);
    if (!target) throw new Error(`no resource named ${name}; names: ${resources.map((r) => r.name).join(", ")}`);
    if (change === "remove") return resources.filter((r) => r !== target);
    return resources.map((r) => {
      if (r !== target) return r;
      const inputs = structuredClone(r.inputs) as Values;
      change(inputs);
      return { ...r, inputs };
    });
  }
  const doc = (inputs: Values) => JSON.parse(inputs.policy as string) as { Statement: Values[] };
  const withDoc = (inputs: Values, edit: (d: { Statement: Values[] }) => void) => {
    const d = doc(inputs);
    edit(d);
    inputs.policy = JSON.stringify(d);
  };

  const cases: [string, "production" | "dev", string, string, ((inputs: Values) => void) | "remove"][] = [
    ["iam-no-wildcard-action", "production", "rest-api-role-policy", "rest-api-role-policy", (i) => withDoc(i, (d) => d.Statement.push({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::x" }))],
    ["iam-no-wildcard-resource-without-reason", "production", "rest-api-role-policy", "rest-api-role-policy", (i) => withDoc(i, (d) => d.Statement.push({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }))],
    ["apigateway-manage-connections-scoped", "dev", "websocket-role-policy", "websocket-role-policy", (i) => withDoc(i, (d) => d.Statement.push({ Effect: "Allow", Action: "execute-api:ManageConnections", Resource: "arn:aws:execute-api:us-east-1:123456789012:*" }))],
    ["lambda-not-public", "production", "rest-api-invoke", "rest-api-invoke", (i) => Object.assign(i, { principal: "*", sourceArn: undefined })],
    ["s3-bucket-public-access-blocked", "production", "aws-platform-artifacts-public-access", "aws-platform-artifacts", (i) => void (i.restrictPublicBuckets = false)],
    ["s3-bucket-encrypted", "production", "aws-platform-artifacts-encryption", "aws-platform-artifacts", "remove"],
    ["s3-bucket-tls-only", "production", "aws-platform-artifacts-tls-only", "aws-platform-artifacts", "remove"],
    ["dynamodb-table-encrypted", "dev", "websocket-connections", "websocket-connections", (i) => void delete i.serverSideEncryption],
    ["azure-https-only", "production", "websocket-app", "websocket-app", (i) => void (i.httpsOnly = false)],
    ["azure-tls-1-2-minimum", "production", "azure-platform-host-storage", "azure-platform-host-storage", (i) => void (i.minimumTlsVersion = "TLS1_0")],
    ["azure-ftps-disabled", "production", "websocket-app", "websocket-app", (i) => void ((i.siteConfig as Values).ftpsState = "AllAllowed")],
    ["azure-flex-consumption-site-config", "production", "websocket-app", "websocket-app", (i) => void ((i.siteConfig as Values).netFrameworkVersion = "v4.6")],
    ["azure-flex-consumption-scale", "production", "websocket-app", "websocket-app", (i) => void (((i.functionAppConfig as Values).scaleAndConcurrency as Values).instanceMemoryMB = 512)],
    ["azure-storage-no-public-blob-access", "production", "azure-platform-deployment-storage", "azure-platform-deployment-storage", (i) => void (i.allowBlobPublicAccess = true)],
    ["azure-function-app-managed-identity", "production", "websocket-app", "websocket-app", (i) => void delete i.identity],
    ["azure-web-pubsub-anonymous-connect-denied", "production", "websocket-hub", "websocket-hub", (i) => void ((i.properties as Values).anonymousConnectPolicy = "allow")],
    ["lambda-timeout-within-integration-timeout", "production", "rest-api-function", "rest-api-function", (i) => void (i.timeout = 31)],
    ["lambda-log-group-declared", "production", "rest-api-function", "rest-api-function", (i) => void delete i.loggingConfig],
    ["required-tags", "production", "rest-api-function", "rest-api-function", (i) => void delete (i.tags as Values).component],
    ["supported-nodejs-runtime", "production", "rest-api-function", "rest-api-function", (i) => void (i.runtime = "nodejs18.x")],
    ["lambda-alias-routing-valid", "production", "rest-api-live", "rest-api-live", (i) => void (i.routingConfig = { additionalVersionWeights: { "2": 1.5 } })],
  ];

  it.each(cases)("%s trips (%s stack, %s changed)", async (policy, env, changed, quoted, change) => {
    const resources = mutate(env === "production" ? production : dev, changed, change);
    const violations = await runPolicies(resources, { environment: env, config: { all: "mandatory" } });
    expectTrips(violations, policy, quoted);
  });

  it("covers every policy of the pack between the two tables", () => {
    const tripped = new Set([
      ...cases.map((c) => c[0]),
      "production-cors-no-wildcard", "production-no-free-tier-sku", "log-retention-set", "production-alarms", "no-plaintext-secrets", "dynamodb-point-in-time-recovery",
      "monthly-budget", // tests/cost/budget.test.ts
      "production-gated-rollout", // tests/release/policy.test.ts
      "production-route-authorization", // tests/auth/policy.test.ts
      ...EDGE_POLICIES, // tests/edge/policies.test.ts: they need stacks with domains and notification targets
    ]);
    expect([...tripped].sort()).toEqual(packPolicies().map((p) => p.name).sort());
  });

  it("reads the shipped config files: production mandatory, dev and staging advisory", () => {
    // The budget is advisory everywhere: an estimate is not a bill (docs/cost.md).
    const budget = (env: string, usd: number) => ({ "monthly-budget": { enforcementLevel: "advisory", monthlyBudgetUsd: { [env]: usd } } });
    expect(loadPolicyConfig(PROJECT_DIR, "production")).toEqual({ all: "mandatory", ...budget("production", 1000) });
    expect(loadPolicyConfig(PROJECT_DIR, "dev")).toEqual({ all: "advisory", ...budget("dev", 25) });
    expect(loadPolicyConfig(PROJECT_DIR, "staging")).toEqual({ all: "advisory", ...budget("staging", 150) });
    expect(loadPolicyConfig(PROJECT_DIR, "qa")).toBeUndefined();
  });
});

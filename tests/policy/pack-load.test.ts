/**
 * The pack loads as Pulumi loads it: `policy/index.ts` runs `new PolicyPack(...)` with the pack
 * directory as cwd, which calls the policy server's `serve`. Here the gRPC server is intercepted
 * (addService records the analyzer service, bindAsync never listens), so the test talks to the
 * very RPC handlers the engine would call, with real protobuf requests, and checks that the
 * offline runner reports exactly what the policy server reports.
 */
import * as path from "path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { engineProps, RecordedResourceLike, runPolicies, Violation } from "../../policy/offline";
import { PACK_NAME, PACK_VERSION, packPolicies } from "../../policy/pack";
import { badProductionStack } from "./bad-stack";
import { fake } from "./support";

const grpc = require("@grpc/grpc-js");
const analyzer = require("@pulumi/pulumi/proto/analyzer_pb");

type Handler = (call: { request: unknown }, callback: (err: unknown, response?: unknown) => void) => unknown;
const POLICY_DIR = path.resolve(__dirname, "../../policy");
const LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;

let service: Record<string, Handler>;
let bound = 0;

beforeAll(() => {
  jest.spyOn(grpc.Server.prototype, "addService").mockImplementation(function (_definition: unknown, implementation: unknown) {
    service = implementation as Record<string, Handler>;
  });
  jest.spyOn(grpc.Server.prototype, "bindAsync").mockImplementation(() => {
    bound++;
  });
  // Pulumi runs the pack with its directory as cwd; PolicyPack reads the version from ./package.json there.
  const cwd = jest.spyOn(process, "cwd").mockReturnValue(POLICY_DIR);
  // Same module registry as the spies above (an isolated registry would get its own @grpc/grpc-js).
  require("../../policy/index.ts");
  cwd.mockRestore();
});

afterAll(() => jest.restoreAllMocks());

function rpc<T>(name: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    void service[name]!({ request }, (err, response) => (err ? reject(err) : resolve(response as T)));
  });
}

function options(resource: RecordedResourceLike) {
  const opts = new analyzer.AnalyzerResourceOptions();
  opts.setProtect(resource.options.protect);
  if (resource.parent) opts.setParent(resource.parent);
  return opts;
}

async function configure(config: Record<string, { level: (typeof LEVELS)[number]; properties?: Record<string, unknown> }>) {
  const request = new analyzer.ConfigureAnalyzerRequest();
  for (const [name, { level, properties }] of Object.entries(config)) {
    const policyConfig = new analyzer.PolicyConfig();
    policyConfig.setEnforcementlevel(LEVELS.indexOf(level));
    policyConfig.setProperties(Struct.fromJavaScript((properties ?? {}) as never));
    request.getPolicyconfigMap().set(name, policyConfig);
  }
  await rpc("configure", request);
}

interface Diagnostic {
  getPolicyname(): string;
  getUrn(): string;
  getMessage(): string;
  getEnforcementlevel(): number;
}

/** What the policy server reports for these resources: analyze per resource, then analyzeStack. */
async function serverViolations(resources: readonly RecordedResourceLike[]): Promise<Violation[]> {
  const out: Violation[] = [];
  const collect = (response: { getDiagnosticsList(): Diagnostic[] }, urn: string) => {
    for (const d of response.getDiagnosticsList()) {
      out.push({ policy: d.getPolicyname(), level: LEVELS[d.getEnforcementlevel()] as Violation["level"], urn: d.getUrn() || urn, message: d.getMessage() });
    }
  };
  for (const resource of resources) {
    const request = new analyzer.AnalyzeRequest();
    request.setType(resource.type);
    request.setUrn(resource.urn);
    request.setName(resource.name);
    request.setProperties(Struct.fromJavaScript(engineProps(resource.inputs) as never));
    request.setOptions(options(resource));
    collect(await rpc("analyze", request), resource.urn);
  }
  const stack = new analyzer.AnalyzeStackRequest();
  stack.setResourcesList(
    resources.map((resource) => {
      const r = new analyzer.AnalyzerResource();
      r.setType(resource.type);
      r.setUrn(resource.urn);
      r.setName(resource.name);
      r.setProperties(Struct.fromJavaScript(engineProps(resource.inputs) as never));
      r.setOptions(options(resource));
      if (resource.parent) r.setParent(resource.parent);
      r.setDependenciesList([...resource.dependencies]);
      return r;
    }),
  );
  collect(await rpc("analyzeStack", stack), "");
  return out;
}

describe("the pack as Pulumi loads it", () => {
  it("constructs the PolicyPack, which serves (without listening here) the analyzer service", () => {
    expect(bound).toBe(1);
    expect(Object.keys(service).sort()).toEqual(["analyze", "analyzeStack", "configure", "configureStack", "getAnalyzerInfo", "getPluginInfo", "remediate"]);
  });

  it("has the project files Pulumi reads: PulumiPolicy.yaml (nodejs) and package.json, versions in step", () => {
    const fs = require("fs") as typeof import("fs");
    const { parse } = require("yaml") as typeof import("yaml");
    const project = parse(fs.readFileSync(path.join(POLICY_DIR, "PulumiPolicy.yaml"), "utf8")) as { runtime: string; version: string };
    const manifest = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8")) as { version: string; main: string };
    expect(project.runtime).toBe("nodejs");
    expect([project.version, manifest.version]).toEqual([PACK_VERSION, PACK_VERSION]);
    expect(fs.existsSync(path.join(POLICY_DIR, manifest.main))).toBe(true);
  });

  it("announces its name, version and every policy with its enforcement level and config schema", async () => {
    const info = await rpc<{ getName(): string; getVersion(): string; getPoliciesList(): { getName(): string; getEnforcementlevel(): number; getConfigschema(): { getProperties(): Struct } }[] }>("getAnalyzerInfo", {});
    expect(info.getName()).toBe(PACK_NAME);
    expect(info.getVersion()).toBe(PACK_VERSION);
    const policies = info.getPoliciesList().map((p) => ({ name: p.getName(), level: LEVELS[p.getEnforcementlevel()], environment: Object.keys(p.getConfigschema().getProperties().toJavaScript()).includes("environment") }));
    expect(policies).toEqual(packPolicies().map((p) => ({ name: p.name, level: "mandatory", environment: true })));
    expect(policies.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        "iam-no-wildcard-action", "iam-no-wildcard-resource-without-reason", "apigateway-manage-connections-scoped", "lambda-not-public",
        "s3-bucket-public-access-blocked", "s3-bucket-encrypted", "s3-bucket-tls-only", "dynamodb-table-encrypted", "azure-https-only",
        "azure-tls-1-2-minimum", "azure-ftps-disabled", "azure-storage-no-public-blob-access", "azure-function-app-managed-identity",
        "azure-web-pubsub-anonymous-connect-denied", "no-plaintext-secrets", "log-retention-set", "production-alarms",
        "dynamodb-point-in-time-recovery", "lambda-timeout-within-integration-timeout", "lambda-log-group-declared", "required-tags", "supported-nodejs-runtime",
        "production-cors-no-wildcard", "production-no-free-tier-sku", "azure-flex-consumption-site-config", "azure-flex-consumption-scale",
      ]),
    );
    expect(new Set(policies.map((p) => p.name)).size).toBe(policies.length);
    for (const { name } of policies) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("reports, through the engine's RPCs, exactly what the offline runner reports (production, mandatory)", async () => {
    const resources = badProductionStack();
    // A budget of $0 makes monthly-budget trip too (it checks nothing without a budget).
    const budget = { monthlyBudgetUsd: { production: 0 } };
    await configure({
      ...Object.fromEntries(packPolicies().map((p) => [p.name, { level: "mandatory" as const }])),
      "monthly-budget": { level: "mandatory", properties: budget },
      // An ungated rollout makes production-gated-rollout trip (the default, a gated canary, passes).
      "production-gated-rollout": { level: "mandatory", properties: { rollout: "all-at-once" } },
    });
    const served = await serverViolations(resources);
    const offline = await runPolicies(resources, { config: { all: "mandatory", "monthly-budget": { enforcementLevel: "mandatory", ...budget }, "production-gated-rollout": { enforcementLevel: "mandatory", rollout: "all-at-once" } } });
    const descriptions = new Map(packPolicies().map((p) => [p.name, p.description]));
    // The server prefixes each message with the policy's description (makeReportViolationFun).
    expect(served).toEqual(offline.map((v) => ({ ...v, message: `${descriptions.get(v.policy)}\n${v.message}` })));
    // Every policy of the pack trips on this stack.
    expect(new Set(offline.map((v) => v.policy))).toEqual(new Set(packPolicies().map((p) => p.name)));
  });

  it("agrees on config: levels from the config, properties through getConfig, unknowns as advisories", async () => {
    const resources = [
      ...badProductionStack("dev"),
      fake("aws:iam/rolePolicy:RolePolicy", "computed-policy", { role: "r", policy: "<computed>" }),
    ];
    await configure(Object.fromEntries(packPolicies().map((p) => [p.name, { level: "advisory" as const, properties: p.name === "log-retention-set" ? { minimumDays: 30 } : {} }])));
    const served = await serverViolations(resources);
    const offline = await runPolicies(resources, { config: { all: "advisory", "log-retention-set": { minimumDays: 30 } } });
    const descriptions = new Map(packPolicies().map((p) => [p.name, p.description]));
    const normalise = (v: Violation) => ({ ...v, message: v.message.startsWith("can't run") ? v.message : `${descriptions.get(v.policy)}\n${v.message}` });
    expect(served.map((v) => ({ ...v, message: v.message }))).toEqual(offline.map(normalise));
    expect(offline.every((v) => v.level === "advisory")).toBe(true);
    expect(offline.some((v) => v.policy === "log-retention-set" && v.message.includes("dev needs at least 30"))).toBe(true);
    expect(offline.some((v) => v.policy === "iam-no-wildcard-action" && v.message.startsWith("can't run policy 'iam-no-wildcard-action'") && v.message.includes("can't be known during preview"))).toBe(true);
  });
});

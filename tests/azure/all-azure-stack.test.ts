/**
 * dev and production with BOTH components on Azure (tests/azure/fixtures), through the offline
 * preview and its policy pack: nothing declared that ARM is known to refuse; and a release that
 * ships unchanged code changes no input of any Azure resource.
 */
import * as path from "path";
import type { OfflinePreview } from "../../adapters/engine/offline/preview";
import type { RecordedResource } from "../../adapters/engine/offline/evaluate";
import { FLEX_INSTANCE_MEMORY_MB, FLEX_REJECTED_SITE_CONFIG } from "../../components/azure/flex-constraints";
import { WORKSPACE_NAME } from "../../components/azure/naming";
import { offlinePreview, runProgram, stackConfig } from "../support/pulumi-harness";
import { withoutCoverage } from "./support/coverage";

const FIXTURES = path.join(__dirname, "fixtures");

async function preview(env: "dev" | "production"): Promise<OfflinePreview> {
  return offlinePreview(env, { configFile: path.join(FIXTURES, `Pulumi.${env}.yaml`) });
}

describe.each(["dev", "production"] as const)("%s with both components on Azure (offline preview)", (env) => {
  let document: OfflinePreview["document"];
  beforeAll(async () => {
    ({ document } = await preview(env));
  }, 120_000);

  it("passes every policy of the pack, the Flex Consumption rules included", () => {
    // The only notes left: settings holding the identity's client id, which exists after create.
    const unknowable = (v: { level: string; message: string }) => v.level === "advisory" && /can't be known during preview/.test(v.message);
    expect(document.policies.violations.filter((v) => !unknowable(v))).toEqual([]);
  });

  it("declares three Flex apps whose siteConfig holds nothing ARM refuses on FC1, with memory ARM accepts", () => {
    const apps = document.resources.filter((r) => r.type === "azure-native:web:WebApp");
    expect(apps.map((a) => a.name).sort()).toEqual(["rest-api-app", "websocket-app", "websocket-canary-app"]); // + the WebSocket canary (issue 20)
    for (const app of apps) {
      const siteConfig = app.inputs.siteConfig as Record<string, unknown>;
      for (const refused of [...Object.keys(FLEX_REJECTED_SITE_CONFIG), "localMySqlEnabled"]) expect(siteConfig).not.toHaveProperty(refused);
      const scale = (app.inputs.functionAppConfig as { scaleAndConcurrency: { instanceMemoryMB: number } }).scaleAndConcurrency;
      expect(FLEX_INSTANCE_MEMORY_MB).toContain(scale.instanceMemoryMB);
    }
  });

  it("declares no storage:Blob (fails on an existing blob) and no ARM deployment (re-runs each release)", () => {
    const types = new Set(document.resources.map((r) => r.type));
    expect(types.has("azure-native:storage:Blob")).toBe(false);
    expect(types.has("azure-native:resources:Deployment")).toBe(false);
    expect(document.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/semantest-azure:CodeDeployment").map((r) => r.name).sort()).toEqual(["rest-api-code", "websocket-canary-code", "websocket-code"]);
  });

  it("names the Log Analytics workspace within Azure's rules", () => {
    const workspace = document.resources.find((r) => r.type === "azure-native:operationalinsights:Workspace")!;
    expect(workspace.inputs.workspaceName).toMatch(WORKSPACE_NAME.pattern);
  });
});

/** A resource's inputs without the paths the engine does not diff (its ignoreChanges). */
function diffed(resource: RecordedResource): Record<string, unknown> {
  const inputs = structuredClone(resource.inputs);
  if (typeof inputs.__provider === "string") inputs.__provider = withoutCoverage(inputs.__provider);
  for (const ignored of resource.options.ignoreChanges ?? []) {
    const match = /^(\w+)\["([^"]+)"\]$/.exec(ignored);
    if (match) delete (inputs[match[1]!] as Record<string, unknown> | undefined)?.[match[2]!];
    else delete inputs[ignored];
  }
  return inputs;
}

function azureInputs(run: { resources: readonly RecordedResource[] }): Map<string, Record<string, unknown>> {
  return new Map(run.resources.filter((r) => r.custom && (r.type.startsWith("azure-native:") || r.type.includes("semantest-azure"))).map((r) => [r.urn, diffed(r)]));
}

describe("a release with unchanged code changes no Azure resource (production, both on Azure)", () => {
  const REST = `sha256:${"1".repeat(64)}`;
  const WS = `sha256:${"2".repeat(64)}`;
  async function release(id: string, artifacts: Record<string, string>) {
    const values = { ...(await stackConfig("production")).values };
    const fixture = (await import("../../adapters/stack-file")).readStackFile(path.join(FIXTURES, "Pulumi.production.yaml"));
    return runProgram("production", { ...values, ...(await fixture).values, "semantest:release": { id, artifacts } });
  }

  it("two release ids, the same digests: every Azure resource has the same inputs", async () => {
    const first = azureInputs(await release("01JRELEASEAAAAAAAAAAAAAAAA", { "rest-api": REST, websocket: WS }));
    const second = azureInputs(await release("01JRELEASEBBBBBBBBBBBBBBBB", { "rest-api": REST, websocket: WS }));
    expect(first.size).toBeGreaterThan(20);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [urn, inputs] of first) expect({ urn, inputs: second.get(urn) }).toEqual({ urn, inputs });
  }, 120_000);

  it("a new REST digest changes exactly the REST code deployment", async () => {
    const first = azureInputs(await release("01JRELEASEAAAAAAAAAAAAAAAA", { "rest-api": REST, websocket: WS }));
    const second = azureInputs(await release("01JRELEASECCCCCCCCCCCCCCCC", { "rest-api": `sha256:${"3".repeat(64)}`, websocket: WS }));
    const changed = [...first.keys()].filter((urn) => JSON.stringify(first.get(urn)) !== JSON.stringify(second.get(urn)));
    expect(changed.map((urn) => urn.split("::").pop())).toEqual(["rest-api-code"]);
  }, 120_000);
});

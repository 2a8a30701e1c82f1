/**
 * Prints how many resources a rollback changes, per component and provider: the program is
 * evaluated offline (mocks) with a live release and with the release to restore (different
 * deployment ids and artifact digests, everything else equal), and the inputs are compared.
 *
 *   npx tsx bench/cli-rollback-footprint.ts [--ignore-deployment-tag] [--json]
 */
import * as path from "path";
import { evaluate } from "../adapters/engine/offline/evaluate";
import { readStackFile, stackFilePath, toEngineConfig } from "../adapters/stack-file";
import { ComponentFootprint, FootprintOptions, rollbackFootprint } from "../application/release/footprint";

export const PROJECT_DIR = path.resolve(__dirname, "..");
const digest = (c: string) => `sha256:${c.repeat(64)}`;
export const LIVE_RELEASE = { id: "01JD0000000000000000000BBB", artifacts: { "rest-api": digest("b"), websocket: digest("c") } };
export const RESTORED_RELEASE = { id: "01JD0000000000000000000AAA", artifacts: { "rest-api": digest("1"), websocket: digest("2") } };

export interface FootprintCase {
  readonly name: string;
  readonly stack: string;
  /** Replaces the stack file's components (default: the stack file's own). */
  readonly components?: Readonly<Record<string, unknown>>;
}

/**
 * Each stack file as it is, plus both components on each cloud with default settings, so that every
 * component runs on every provider at least once.
 */
export const CASES: readonly FootprintCase[] = [
  { name: "dev", stack: "dev" },
  { name: "staging", stack: "staging" },
  { name: "production", stack: "production" },
  { name: "all-aws", stack: "dev", components: { "rest-api": { provider: "aws" }, websocket: { provider: "aws" } } },
  { name: "all-azure", stack: "dev", components: { "rest-api": { provider: "azure" }, websocket: { provider: "azure" } } },
];

export function caseConfig(c: FootprintCase, release: unknown): Record<string, string> {
  const values = { ...readStackFile(stackFilePath(PROJECT_DIR, c.stack)).values } as Record<string, unknown>;
  if (c.components) values["semantest:components"] = c.components;
  values["aws:region"] ??= "us-east-1";
  values["azure-native:location"] ??= "westeurope";
  values["semantest:release"] = release;
  return toEngineConfig(values);
}

/** The provider each component of a case runs on. */
export function providerOf(c: FootprintCase, component: string): string {
  const components = (c.components ?? readStackFile(stackFilePath(PROJECT_DIR, c.stack)).values["semantest:components"]) as Record<string, { provider?: string }>;
  return components?.[component]?.provider ?? "aws";
}

async function evaluateWith(c: FootprintCase, release: unknown) {
  const main = () => {
    const program = require(path.join(PROJECT_DIR, "index.ts"));
    return (typeof program === "function" ? program : program.default)();
  };
  return evaluate({ project: "semantest-infrastructure", stack: c.stack, config: caseConfig(c, release), program: main });
}

export async function measure(c: FootprintCase, options: FootprintOptions = {}): Promise<ComponentFootprint[]> {
  const live = await evaluateWith(c, LIVE_RELEASE);
  const restored = await evaluateWith(c, RESTORED_RELEASE);
  return rollbackFootprint(live.resources, restored.resources, options);
}

async function main() {
  // --ignore-deployment-tag: leave the `deployment-id` tag out, to see the code pointers alone.
  const options: FootprintOptions = process.argv.includes("--ignore-deployment-tag") ? { ignoreTags: ["deployment-id"] } : {};
  const rows: { case: string; provider: string; component: string; resources: number; changed: number; which: string; dependents: string }[] = [];
  for (const c of CASES) {
    for (const footprint of await measure(c, options)) {
      rows.push({
        case: c.name,
        provider: footprint.componentType ? providerOf(c, footprint.component) : "-",
        component: footprint.component,
        resources: footprint.resources,
        changed: footprint.changes.length,
        which: footprint.changes.map((ch) => `${ch.change} ${ch.type} ${ch.name} [${ch.keys.join(", ")}]`).join("; "),
        dependents: footprint.dependents.map((d) => `${d.type} ${d.name}`).join("; "),
      });
    }
  }
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  console.log(`rollback footprint (offline: live release vs restored release, inputs compared${options.ignoreTags ? ", deployment-id tag ignored" : ""})`);
  console.log("case        provider  component   resources  changed  what changes");
  for (const r of rows) {
    console.log(`${r.case.padEnd(11)} ${r.provider.padEnd(9)} ${r.component.padEnd(11)} ${String(r.resources).padStart(9)}  ${String(r.changed).padStart(7)}  ${r.which}`);
    if (r.dependents) console.log(`${"".padEnd(56)}depend on it (may follow in a real update): ${r.dependents}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

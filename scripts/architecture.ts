/**
 * Renders docs/architecture.md's module diagram from the code: dependency-cruiser reads every
 * import, modules are grouped into the hexagon's layers, and each layer-to-layer dependency
 * becomes one arrow. `npm run docs:architecture` rewrites the section; a test fails when it is stale.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
export const DOC = path.join(ROOT, "docs/architecture.md");
const START = "<!-- generated:modules:start (npm run docs:architecture) -->";
const END = "<!-- generated:modules:end -->";

/** The layers, most specific first: [id, label, path pattern]. */
export const LAYERS: readonly (readonly [string, string, RegExp])[] = [
  ["domain", "domain/<br/>value objects, config, Deployment, events", /^domain\//],
  ["root", "index.ts<br/>composition root", /^index\.ts$/],
  ["comp", "components/<br/>RestApi, WebSocket", /^components\/[^/]+\.ts$/],
  ["compAws", "components/aws", /^components\/aws\//],
  ["compAzure", "components/azure", /^components\/azure\//],
  ["compEvents", "components/events<br/>stack transformation", /^components\/events\//],
  ["artifacts", "artifacts/<br/>esbuild + zip", /^artifacts\//],
  ["events", "events/<br/>outbox + sinks", /^events\//],
  ["app", "app/<br/>REST app, WebSocket relay", /^app\//],
  ["rtShared", "runtime/shared", /^runtime\/shared\//],
  ["rtAws", "runtime/aws<br/>Lambda handlers", /^runtime\/aws\//],
  ["rtAzure", "runtime/azure<br/>Functions handlers", /^runtime\/azure\//],
  ["rtLocal", "runtime/local<br/>local gateway", /^runtime\/local\//],
  ["policy", "policy/<br/>CrossGuard pack", /^policy\//],
  ["appPorts", "application/ports<br/>engine, artifacts, events, clock, progress, project", /^application\/ports\//],
  ["application", "application/<br/>use cases: deploy, preview, status, rollback, destroy, events flush", /^application\//],
  ["adEngine", "adapters/engine<br/>Automation API, offline (mocks), fake", /^adapters\/engine\//],
  ["adapters", "adapters/<br/>artifact stores, event publisher, project, compose", /^adapters\//],
  ["api", "api/<br/>programmatic API", /^api\//],
  ["cli", "cli/<br/>flags, rendering", /^cli\//],
];

const layerOf = (file: string) => LAYERS.find(([, , pattern]) => pattern.test(file))?.[0];

interface CruiseModule {
  readonly source: string;
  readonly dependencies: readonly { readonly resolved: string; readonly dependencyTypes: readonly string[] }[];
}

export function moduleEdges(): [string, string][] {
  const bin = path.join(ROOT, "node_modules/.bin/depcruise");
  const json = execFileSync(bin, ["--config", ".dependency-cruiser.cjs", "--output-type", "json", "domain", "components", "artifacts", "app", "runtime", "events", "policy", "application", "adapters", "api", "cli", "index.ts"], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
    encoding: "utf8",
  });
  const modules = (JSON.parse(json) as { modules: CruiseModule[] }).modules;
  const edges = new Set<string>();
  for (const module of modules) {
    const from = layerOf(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      if (dependency.dependencyTypes.includes("type-only")) continue; // types shape code, they do not call it
      const to = layerOf(dependency.resolved);
      if (to && to !== from) edges.add(`${from} ${to}`);
    }
  }
  return [...edges].sort().map((edge) => edge.split(" ") as [string, string]);
}

export function renderModules(edges: readonly [string, string][]): string {
  const used = new Set(edges.flat());
  const node = (id: string) => {
    const [, label] = LAYERS.find(([layer]) => layer === id)!;
    return id === "domain" ? `  ${id}{{"${label}"}}` : `  ${id}["${label}"]`;
  };
  return [
    START,
    "",
    "```mermaid",
    "flowchart LR",
    ...LAYERS.filter(([id]) => used.has(id)).map(([id]) => node(id)),
    ...edges.map(([from, to]) => `  ${from} --> ${to}`),
    "```",
    "",
    END,
  ].join("\n");
}

export function withModules(text: string, rendered: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < 0) throw new Error(`${DOC}: the generated-section markers are missing`);
  return text.slice(0, start) + rendered + text.slice(end + END.length);
}

if (require.main === module) {
  fs.writeFileSync(DOC, withModules(fs.readFileSync(DOC, "utf8"), renderModules(moduleEdges())));
  process.stdout.write("updated docs/architecture.md\n");
  // The resource graph of the production stack, as the offline preview draws it.
  execFileSync(process.execPath, [path.join(ROOT, "bin/semantest-iac.js"), "preview", "--env", "production", "--offline", "--graph", "--out", "docs/architecture/production.svg"], { cwd: ROOT, stdio: "inherit" });
}

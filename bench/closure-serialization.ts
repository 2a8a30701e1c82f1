/**
 * What Pulumi's closure serialization of the two Azure dynamic providers costs (prints, asserts
 * nothing). `pulumi.dynamic.Resource` serializes its provider once per provider object
 * (@pulumi/pulumi dynamic/index.js, serializeProvider -> runtime/closure/serializeClosure.js
 * serializeFunction), i.e. once per program evaluation: each `pulumi up`, each `preview --offline`,
 * each jest test file that evaluates an Azure stack.
 *
 * In one process, in alternating rounds, it serializes (through the SDK's serializeFunction, as
 * serializeProvider does, without its per-object cache) the providers of
 *   - "now": components/azure/code-deployment.ts and canary-route.ts in this tree, which load their
 *     implementation by name when they run (components/azure/load-at-run-time.ts);
 *   - "baseline": the same files at a git revision (BASELINE, default: the one before
 *     load-at-run-time.ts was added, whose providers captured their implementation by value),
 *     copied with the project files they import into .semantest/bench-closure/ and loaded from
 *     there (same SDK, same loader);
 * and prints, per provider, the median CPU ms, the text size and the function count, with the
 * baseline / now ratio. The first serialization of a process also loads the TypeScript compiler
 * and opens the inspector session (printed apart, once).
 *
 * Usage: node -r ./bin/ts-hook.js bench/closure-serialization.ts   (ROUNDS=9, BASELINE=<rev>)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

const PROJECT = path.resolve(__dirname, "..");
const ROUNDS = Number(process.env.ROUNDS ?? 9);
/** Each provider's module, and a resource of it as the program declares one (the inputs do not matter to its provider). */
const PROVIDERS = [
  { name: "CodeDeployment", file: "components/azure/code-deployment.ts", declare: (module: Record<string, Resource>) => new module.CodeDeployment!("bench-code", { subscriptionId: "s", resourceGroupName: "rg", appName: "app", accountName: "acc", containerUrl: "https://acc.blob.core.windows.net/c", blobName: "b", digest: "sha256:0" }) },
  { name: "CanaryRoute", file: "components/azure/canary-route.ts", declare: (module: Record<string, Resource>) => new module.CanaryRoute!("bench-route", { endpoint: "https://bench.webpubsub.azure.com", hub: "h", weight: 10, retired: false, releaseId: "r" }) },
];
type Resource = new (name: string, args: Record<string, unknown>) => unknown;

type SerializeFunction = (func: () => unknown, options: { allowSecrets: boolean }) => Promise<{ text: string }>;
// The module serializeProvider loads on demand and calls through its exports (not part of the SDK's typed surface).
const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as { serializeFunction: SerializeFunction };
const serializeFunction = closure.serializeFunction;

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: PROJECT, encoding: "utf8" }).trim();
}

/** The revision before the providers started loading their implementation by name. */
function defaultBaseline(): string {
  const added = git("log", "--diff-filter=A", "--format=%H", "--", "components/azure/load-at-run-time.ts").split("\n").pop();
  if (!added) throw new Error("no commit adds components/azure/load-at-run-time.ts: pass BASELINE=<rev>");
  return `${added}^`;
}

/** Copies the provider modules at `revision`, and every project file they import by a relative path, under `dir`. */
function checkout(revision: string, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  const queue = PROVIDERS.map((provider) => provider.file);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = git("show", `${revision}:${file}`);
    for (const match of source.matchAll(/(?:from |import\(|require\()"(\.{1,2}\/[^"]+)"/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]!));
      queue.push(target.endsWith(".ts") ? target : `${target}.ts`);
    }
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), source);
  }
}

/**
 * What `pulumi.dynamic.Resource` hands the serializer (`() => provider`) when the module declares
 * its resource under mocks: recorded on the way through the SDK's serializeFunction.
 */
function providerOf(modulePath: string, declare: (module: Record<string, Resource>) => unknown): () => unknown {
  const recorded: (() => unknown)[] = [];
  closure.serializeFunction = (func, options) => {
    recorded.push(func);
    return serializeFunction(func, options);
  };
  try {
    declare(require(modulePath) as Record<string, Resource>);
  } finally {
    closure.serializeFunction = serializeFunction;
  }
  if (recorded.length !== 1) throw new Error(`${modulePath}: expected one provider serialization, saw ${recorded.length}`);
  return recorded[0]!;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function serialize(func: () => unknown): Promise<{ ms: number; text: string }> {
  const start = cpuMs();
  const { text } = await serializeFunction(func, { allowSecrets: true });
  return { ms: cpuMs() - start, text };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const baseline = process.env.BASELINE ?? defaultBaseline();
  const dir = path.join(PROJECT, ".semantest", "bench-closure", "baseline");
  checkout(baseline, dir);
  const first = await serialize(() => ({ async delete() {} }));
  console.log(`first serialization of the process (loads TypeScript, opens the inspector; a 1-method provider): ${first.ms.toFixed(0)} ms CPU`);
  pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) }, "bench", "bench", true);
  const variants = PROVIDERS.flatMap((provider) => [
    { provider: provider.name, layout: "now", value: providerOf(path.join(PROJECT, provider.file), provider.declare) },
    { provider: provider.name, layout: "baseline", value: providerOf(path.join(dir, provider.file), provider.declare) },
  ]);
  const samples = variants.map(() => [] as number[]);
  const texts = variants.map(() => "");
  for (let round = 0; round < ROUNDS; round++) {
    // Reverse the order every other round so that neither layout always runs first.
    const order = round % 2 === 0 ? variants.map((_, i) => i) : variants.map((_, i) => variants.length - 1 - i);
    for (const i of order) {
      const { ms, text } = await serialize(variants[i]!.value);
      samples[i]!.push(ms);
      texts[i] = text;
    }
  }
  console.log(`\nserializeFunction per provider, median of ${ROUNDS} alternating rounds (CPU ms; Node ${process.versions.node}; baseline ${git("rev-parse", "--short", baseline)}):`);
  console.log(`${"provider".padEnd(16)}${"layout".padEnd(10)}${"CPU ms".padStart(8)}${"text KB".padStart(9)}${"functions".padStart(11)}`);
  variants.forEach((variant, i) => {
    const functions = (texts[i]!.match(/^function __/gm) ?? []).length;
    console.log(`${variant.provider.padEnd(16)}${variant.layout.padEnd(10)}${median(samples[i]!).toFixed(1).padStart(8)}${(texts[i]!.length / 1024).toFixed(1).padStart(9)}${String(functions).padStart(11)}`);
  });
  const total = (layout: string) => variants.reduce((sum, variant, i) => sum + (variant.layout === layout ? median(samples[i]!) : 0), 0);
  const now = total("now");
  const before = total("baseline");
  console.log(`\nboth providers: baseline ${before.toFixed(1)} ms, now ${now.toFixed(1)} ms: baseline / now = ${(before / now).toFixed(2)}x`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

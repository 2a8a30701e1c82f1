/**
 * A dynamic provider's `__provider` text, loaded as Pulumi's provider process loads it: with
 * require-from-string and no file name (@pulumi/pulumi cmd/dynamic-provider/index.js, getProvider:
 * `requireFromString(providerString).handler()`), in the directory the engine starts that process
 * in, the program's (pulumi/pulumi sdk/go/common/resource/plugin/provider_plugin.go, `ctx.Pwd`):
 * here the project directory. Its `require` is Node's own, outside jest's module registry, as there.
 */
import type { RecordedResource } from "../../../adapters/engine/offline/evaluate";
import { PROJECT_DIR } from "../../support/pulumi-harness";
import { withoutCoverage } from "./coverage";

type RequireFromString = (code: string) => { handler(): unknown };

/** A dynamic provider as the provider process holds it (the methods these providers define). */
export interface SerializedProvider {
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ changes: boolean; replaces: string[] }>;
  create(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }>;
  update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ outs: Record<string, unknown> }>;
  delete(): Promise<void>;
}

/** Runs `work` with the working directory at the project directory (the provider process's), then restores it. */
export async function inProviderDirectory<T>(work: () => Promise<T> | T): Promise<T> {
  const previous = process.cwd();
  process.chdir(PROJECT_DIR);
  try {
    return await work();
  } finally {
    process.chdir(previous);
  }
}

export function loadSerializedProvider(text: string): Promise<SerializedProvider> {
  const requireFromString = require("require-from-string") as RequireFromString;
  return inProviderDirectory(() => requireFromString(text).handler() as SerializedProvider);
}

/** The module names the text requires literally (`require("x")`). */
export function literalRequires(text: string): string[] {
  return [...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!))].sort();
}

/**
 * A dynamic resource's provider text as registered (`raw`), the same without coverage counters
 * (`text`, test-runner only), and its other inputs.
 */
export function providerOf(resource: RecordedResource): { raw: string; text: string; inputs: Record<string, unknown> } {
  const raw = resource.inputs.__provider as string;
  return { raw, text: withoutCoverage(raw), inputs: Object.fromEntries(Object.entries(resource.inputs).filter(([key]) => key !== "__provider")) };
}

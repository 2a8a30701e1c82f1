/**
 * The code deployment's dynamic provider as Pulumi ships it: the `__provider` text the program
 * registers is what the engine's dynamic-provider host loads (require-from-string in the project
 * directory) and calls. Loaded here the same way, in a module of its own.
 */
import Module from "module";
import * as path from "path";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { azureConfig, fakeZip, REST_DIGEST, runAzure } from "./support/azure-run";
import { withoutCoverage } from "./support/coverage";

interface LoadedProvider {
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ changes: boolean; replaces: string[] }>;
  create(inputs: Record<string, unknown>): Promise<unknown>;
  delete(): Promise<void>;
}

function load(text: string): LoadedProvider {
  const filename = path.join(PROJECT_DIR, "__dynamic_provider__.js");
  const mod = new Module(filename) as Module & { _compile(code: string, filename: string): void };
  mod.filename = filename;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(PROJECT_DIR);
  mod._compile(text, filename);
  return (mod.exports as { handler(): LoadedProvider }).handler();
}

describe("the serialized CodeDeployment provider", () => {
  /** The provider as registered; `text` is it without coverage counters (test-runner only). */
  let raw: string;
  let text: string;
  let inputs: Record<string, unknown>;
  beforeAll(async () => {
    const run = await runAzure("dev", azureConfig("dev"), { "rest-api": { digest: REST_DIGEST, path: fakeZip() } });
    const code = run.get("pulumi-nodejs:dynamic/semantest-azure:CodeDeployment", "rest-api-code");
    raw = code.inputs.__provider as string;
    text = withoutCoverage(raw);
    inputs = Object.fromEntries(Object.entries(code.inputs).filter(([key]) => key !== "__provider"));
  }, 60_000);

  it("names no path of this machine (the same provider text from any machine: no replacement)", () => {
    expect(text).not.toContain(PROJECT_DIR);
    expect(text).not.toContain(process.env.HOME ?? "/nonexistent-home");
  });

  it("loads packages by name only, all of them dependencies of the project", () => {
    const required = [...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();
    expect(required).toEqual(["@azure/identity", "@azure/storage-blob", "fs"]);
    // No Node module captured by value (a copy of `fs` whose functions cannot be called).
    expect(text).not.toMatch(/var __fs\b/);
  });

  it("loads in a module of its own, and its diff ignores the local zip path but not the digest", async () => {
    const provider = load(raw);
    expect(await provider.diff("id", inputs, { ...inputs, packagePath: "/elsewhere/package.zip" })).toMatchObject({ changes: false, replaces: [] });
    expect(await provider.diff("id", inputs, { ...inputs, digest: `sha256:${"f".repeat(64)}` })).toMatchObject({ changes: true, replaces: [] });
    await expect(provider.delete()).resolves.toBeUndefined();
  });
});

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildArtifact, type ArtifactSpec } from "../../artifacts/build";
import { ARTIFACT_BUILD_CACHE, inputsDigest, type BuildCache } from "../../artifacts/build-cache";
const { WorkerBuildCache } = require("../support/worker-build-cache") as {
  WorkerBuildCache: new (maxBytes?: number) => BuildCache & { hits: number; misses: number; bytes: number; entries: Map<string, unknown> };
};

/** A tiny project: an entry importing a named app module, a local helper and a package from its node_modules. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "build-cache-"));
  fs.writeFileSync(path.join(dir, "entry.ts"), "import { greeting } from 'virtual:app';\nimport { helper } from './helper';\nimport { pad } from 'tiny-pad';\nexport const handler = () => pad(helper(greeting()));\n");
  fs.writeFileSync(path.join(dir, "helper.ts"), "export const helper = (s: string) => s.toUpperCase();\n");
  fs.writeFileSync(path.join(dir, "app.ts"), "export const greeting = () => 'hello';\n");
  fs.mkdirSync(path.join(dir, "node_modules", "tiny-pad"), { recursive: true });
  fs.writeFileSync(path.join(dir, "node_modules", "tiny-pad", "package.json"), '{"name":"tiny-pad","version":"1.0.0","main":"index.js"}');
  fs.writeFileSync(path.join(dir, "node_modules", "tiny-pad", "index.js"), "exports.pad = (s) => `[${s}]`;\n");
  return dir;
}

const spec = (dir: string, extra: Partial<ArtifactSpec> = {}): ArtifactSpec => ({
  kind: "rest-api",
  provider: "aws",
  entryPoints: { index: path.join(dir, "entry.ts") },
  modules: { "virtual:app": path.join(dir, "app") },
  projectDir: dir,
  ...extra,
});

const globals = globalThis as unknown as Record<symbol, unknown>;

/** Runs `body` with `cache` (or none) as the build cache, restoring the worker's afterwards. */
async function withCache<T>(cache: BuildCache | undefined, body: () => Promise<T>): Promise<T> {
  const saved = globals[ARTIFACT_BUILD_CACHE];
  if (cache) globals[ARTIFACT_BUILD_CACHE] = cache;
  else delete globals[ARTIFACT_BUILD_CACHE];
  try {
    return await body();
  } finally {
    globals[ARTIFACT_BUILD_CACHE] = saved;
  }
}

describe("artifact build cache (tests only: keyed by content)", () => {
  it("is on in jest workers (tests/support/jest-runtime.js) and off otherwise", () => {
    // Made in the worker's realm, so not an instance of this file's copy of the class.
    const cache = globals[ARTIFACT_BUILD_CACHE] as BuildCache;
    expect(cache.constructor.name).toBe("WorkerBuildCache");
    expect([typeof cache.get, typeof cache.set]).toEqual(["function", "function"]);
  });

  it("gives the same artifact as an uncached build, and builds it once", async () => {
    const dir = project();
    const uncached = await withCache(undefined, () => buildArtifact(spec(dir)));
    const cache = new WorkerBuildCache();
    const first = await withCache(cache, () => buildArtifact(spec(dir)));
    fs.rmSync(first.path);
    const second = await withCache(cache, () => buildArtifact(spec(dir)));
    expect([first.digest, second.digest]).toEqual([uncached.digest, uncached.digest]);
    expect([second.files, second.sizeBytes]).toEqual([uncached.files, uncached.sizeBytes]);
    expect(fs.readFileSync(second.path).equals(fs.readFileSync(uncached.path))).toBe(true);
    expect([cache.misses, cache.hits]).toEqual([1, 1]);
  });

  it.each([
    ["a project source", "helper.ts", "export const helper = (s: string) => s.toLowerCase();\n"],
    ["the hosted app", "app.ts", "export const greeting = () => 'bonjour';\n"],
    ["a bundled package in node_modules", "node_modules/tiny-pad/index.js", "exports.pad = (s) => `<${s}>`;\n"],
  ])("builds again when %s changes, giving what an uncached build gives", async (_what, file, content) => {
    const dir = project();
    const cache = new WorkerBuildCache();
    const before = await withCache(cache, () => buildArtifact(spec(dir)));
    fs.writeFileSync(path.join(dir, file), content);
    const after = await withCache(cache, () => buildArtifact(spec(dir)));
    const uncached = await withCache(undefined, () => buildArtifact(spec(dir)));
    expect(after.digest).not.toBe(before.digest);
    expect(after.digest).toBe(uncached.digest);
    // The new build replaced the old one under the same key, and is what the next build reuses.
    expect(cache.entries.size).toBe(1);
    const hitsBefore = cache.hits;
    expect((await withCache(cache, () => buildArtifact(spec(dir)))).digest).toBe(after.digest);
    expect(cache.hits).toBe(hitsBefore + 1);
  });

  it("keys on the spec: other extra files, externals or source maps are other artifacts", async () => {
    const dir = project();
    const cache = new WorkerBuildCache();
    const digests = await withCache(cache, async () => [
      (await buildArtifact(spec(dir))).digest,
      (await buildArtifact(spec(dir, { extraFiles: { "host.json": "{}" } }))).digest,
      (await buildArtifact(spec(dir, { extraFiles: { "host.json": '{"version":"2.0"}' } }))).digest,
      (await buildArtifact(spec(dir, { sourcemap: false }))).digest,
    ]);
    expect(new Set(digests).size).toBe(4);
    expect([cache.misses, cache.hits]).toEqual([4, 0]);
  });

  it("builds again, and reports esbuild's error, when a bundled file is gone", async () => {
    const dir = project();
    const cache = new WorkerBuildCache();
    await withCache(cache, () => buildArtifact(spec(dir)));
    fs.rmSync(path.join(dir, "helper.ts"));
    await expect(withCache(cache, () => buildArtifact(spec(dir)))).rejects.toThrow(/esbuild failed: .*helper/);
  });

  it("inputsDigest covers paths and bytes, and is undefined for a missing file", () => {
    const dir = project();
    const [a, b] = [path.join(dir, "helper.ts"), path.join(dir, "app.ts")];
    expect(inputsDigest([a, b])).not.toBe(inputsDigest([b, a]));
    const before = inputsDigest([a]);
    fs.appendFileSync(a, " ");
    expect(inputsDigest([a])).not.toBe(before);
    expect(inputsDigest([path.join(dir, "missing.ts")])).toBeUndefined();
  });

  it("WorkerBuildCache drops the oldest entries past its byte budget", () => {
    const cache = new WorkerBuildCache(10);
    cache.set("a", "", Buffer.alloc(6));
    cache.set("b", "", Buffer.alloc(6));
    expect([cache.get("a"), cache.get("b")?.zip.length]).toEqual([undefined, 6]);
    expect(cache.bytes).toBe(6);
    expect(() => cache.set("c", {} as unknown as string, Buffer.alloc(1))).toThrow(TypeError);
  });
});

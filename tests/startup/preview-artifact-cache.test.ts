/**
 * `preview --offline`'s on-disk artifact cache (adapters/engine/offline/artifact-cache.ts): a hit
 * gives the bytes a fresh build gives, and every change that alters what esbuild would bundle is a
 * miss: an edited source, a new file an import now resolves to, a package's changed `main`, a
 * corrupted zip. Run in-process against a tiny project with its own cache folder.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildArtifact, type ArtifactSpec } from "../../artifacts/build";
import { ARTIFACT_BUILD_CACHE, type BuildCache } from "../../artifacts/build-cache";
import { DiskBuildCache, offlinePreviewCache, resolutionStamps, withBuildCache } from "../../adapters/engine/offline/artifact-cache";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-preview-cache-"));
// The caches live apart from the projects: creating one must not touch a project's folders.
const caches = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-preview-caches-"));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(caches, { recursive: true, force: true });
});

let projects = 0;
/** entry.ts -> ./lib/greet (a folder with index.ts) and the package tiny-pad (main: index.js). */
function project(): string {
  const dir = path.join(tmp, `project-${projects++}`);
  fs.mkdirSync(path.join(dir, "lib", "greet"), { recursive: true });
  fs.writeFileSync(path.join(dir, "entry.ts"), "import { greet } from './lib/greet';\nimport { pad } from 'tiny-pad';\nexport const handler = () => pad(greet());\n");
  fs.writeFileSync(path.join(dir, "lib", "greet", "index.ts"), "export const greet = () => 'hello from the folder';\n");
  fs.mkdirSync(path.join(dir, "node_modules", "tiny-pad"), { recursive: true });
  fs.writeFileSync(path.join(dir, "node_modules", "tiny-pad", "package.json"), '{"name":"tiny-pad","version":"1.0.0","main":"index.js"}');
  fs.writeFileSync(path.join(dir, "node_modules", "tiny-pad", "index.js"), "exports.pad = (s) => `[${s}]`;\n");
  fs.writeFileSync(path.join(dir, "node_modules", "tiny-pad", "other.js"), "exports.pad = (s) => `<${s}>`;\n");
  // Where buildArtifact keeps zips: made now, as a project's first preview leaves it (creating it
  // later changes the project folder's modification time, which the cache rightly takes as a change).
  fs.mkdirSync(path.join(dir, ".semantest", "artifacts"), { recursive: true });
  return dir;
}

const spec = (dir: string): ArtifactSpec => ({ kind: "rest-api", provider: "aws", entryPoints: { index: path.join(dir, "entry.ts") }, projectDir: dir, sourcemap: false });

/** A disk cache that counts the builds it was handed: a build it did not serve (buildArtifact stores every build). */
class CountingCache extends DiskBuildCache {
  builds = 0;
  override set(key: string, meta: string, zip: Buffer) {
    this.builds++;
    super.set(key, meta, zip);
  }
}

const globals = globalThis as unknown as Record<symbol, unknown>;

/** Builds with `cache` as the only active cache (the jest worker's own is set aside meanwhile). */
async function build(dir: string, cache: BuildCache | undefined): Promise<{ digest: string; code: string }> {
  const saved = globals[ARTIFACT_BUILD_CACHE];
  delete globals[ARTIFACT_BUILD_CACHE];
  try {
    const built = cache ? await withBuildCache(cache, () => buildArtifact(spec(dir))) : await buildArtifact(spec(dir));
    expect(globals[ARTIFACT_BUILD_CACHE]).toBeUndefined();
    return { digest: built.digest, code: fs.readFileSync(built.path).toString("base64") };
  } finally {
    globals[ARTIFACT_BUILD_CACHE] = saved;
  }
}

/** Builds twice with `cache`: only the first builds, the second is served from it (what the change that follows must undo). */
async function warm(dir: string, cache: CountingCache): Promise<{ digest: string; code: string }> {
  const built = await build(dir, cache);
  expect(await build(dir, cache)).toEqual(built);
  expect(cache.builds).toBe(1);
  cache.builds = 0;
  return built;
}

/** Waits until the clock has moved past the last write, so a change is seen in modification times. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("preview --offline's artifact cache", () => {
  it("serves the bytes a fresh build gives, from disk, to a later process's cache", async () => {
    const dir = project();
    const cacheDir = path.join(caches, "cache-hit");
    const fresh = await build(dir, undefined);
    const first = new CountingCache(cacheDir);
    expect(await build(dir, first)).toEqual(fresh);
    expect(first.builds).toBe(1);
    const later = new CountingCache(cacheDir);
    expect(await build(dir, later)).toEqual(fresh);
    expect(later.builds).toBe(0);
  });

  it.each([
    ["a bundled source is edited", (dir: string) => fs.writeFileSync(path.join(dir, "lib", "greet", "index.ts"), "export const greet = () => 'edited';\n")],
    ["a new file takes over an import (./lib/greet.ts next to the lib/greet folder)", (dir: string) => fs.writeFileSync(path.join(dir, "lib", "greet.ts"), "export const greet = () => 'hello from the new file';\n")],
    ["a package's main changes, though no bundled file did", (dir: string) => fs.writeFileSync(path.join(dir, "node_modules", "tiny-pad", "package.json"), '{"name":"tiny-pad","version":"1.0.0","main":"other.js"}')],
  ])("rebuilds when %s", async (_, change) => {
    const dir = project();
    const cache = new CountingCache(path.join(caches, `cache-${projects}`));
    const before = await warm(dir, cache);
    await tick();
    change(dir);
    const after = await build(dir, cache);
    expect(cache.builds).toBe(1);
    expect(after.digest).not.toBe(before.digest);
    expect(after).toEqual(await build(dir, undefined));
  });

  it("treats a corrupted zip or entry as a miss and rebuilds the same bytes", async () => {
    const dir = project();
    const cacheDir = path.join(caches, "cache-corrupt");
    const cache = new CountingCache(cacheDir);
    const before = await warm(dir, cache);
    const zip = fs.readdirSync(cacheDir).find((name) => name.endsWith(".zip"))!;
    fs.writeFileSync(path.join(cacheDir, zip), "not a zip");
    expect(await build(dir, cache)).toEqual(before);
    const json = fs.readdirSync(cacheDir).find((name) => name.endsWith(".json"))!;
    fs.writeFileSync(path.join(cacheDir, json), "{");
    expect(await build(dir, cache)).toEqual(before);
    // An entry that reads as JSON, for the right zip, but whose build record is not one.
    const entry = JSON.parse(fs.readFileSync(path.join(cacheDir, json), "utf8")) as Record<string, unknown>;
    fs.writeFileSync(path.join(cacheDir, json), JSON.stringify({ ...entry, meta: JSON.stringify({ inputs: "not a list" }) }));
    expect(await build(dir, cache)).toEqual(before);
    expect(cache.builds).toBe(3);
  });

  it("past its size, deletes the entries used longest ago and keeps the one just used", async () => {
    const cacheDir = path.join(caches, "bounded");
    const first = project();
    const second = project();
    const probe = new DiskBuildCache(cacheDir);
    await build(first, probe);
    const zipBytes = fs.readdirSync(cacheDir).filter((name) => name.endsWith(".zip")).reduce((sum, name) => sum + fs.statSync(path.join(cacheDir, name)).size, 0);
    // Room for two entries: a third build (of a changed spec) pushes out the least recently used.
    const cache = new CountingCache(cacheDir, zipBytes * 2);
    await tick();
    await build(second, cache);
    await tick();
    expect((await build(first, cache)).digest).toBeDefined();
    expect(cache.builds).toBe(1);
    await tick();
    const third = project();
    await build(third, cache);
    expect(fs.readdirSync(cacheDir).filter((name) => name.endsWith(".zip"))).toHaveLength(2);
    cache.builds = 0;
    await build(first, cache);
    await build(third, cache);
    expect(cache.builds).toBe(0);
    await build(second, cache);
    expect(cache.builds).toBe(1);
  });

  it("keeps the active cache (the test runner's) when there is one", async () => {
    const active: BuildCache = { get: () => undefined, set: () => undefined };
    const saved = globals[ARTIFACT_BUILD_CACHE];
    globals[ARTIFACT_BUILD_CACHE] = active;
    try {
      await withBuildCache(new DiskBuildCache(path.join(caches, "unused")), async () => expect(globals[ARTIFACT_BUILD_CACHE]).toBe(active));
    } finally {
      globals[ARTIFACT_BUILD_CACHE] = saved;
    }
    expect(fs.existsSync(path.join(caches, "unused"))).toBe(false);
  });

  it("SEMANTEST_ARTIFACT_CACHE_DIR picks the folder, and SEMANTEST_ARTIFACT_CACHE=off turns the cache off", async () => {
    expect(offlinePreviewCache({ SEMANTEST_ARTIFACT_CACHE: "off", SEMANTEST_ARTIFACT_CACHE_DIR: path.join(caches, "never") })).toBeUndefined();
    const dir = project();
    const cacheDir = path.join(caches, "from-env");
    await build(dir, offlinePreviewCache({ SEMANTEST_ARTIFACT_CACHE_DIR: cacheDir }));
    expect(fs.readdirSync(cacheDir).map((name) => path.extname(name)).sort()).toEqual([".json", ".zip"]);
  });

  it("a read-only cache folder only loses the cache", async () => {
    const dir = project();
    const blocked = path.join(tmp, "a-file");
    fs.writeFileSync(blocked, "");
    // A path under a regular file can never be created, whoever runs the test.
    const cache = new CountingCache(path.join(blocked, "cache"));
    expect(await build(dir, cache)).toEqual(await build(dir, undefined));
  });

  it("stamps the listings up to the folder holding every input, and the resolution files up to the root", () => {
    const dir = project();
    const stamps = resolutionStamps([path.join(dir, "lib", "greet", "index.ts"), path.join(dir, "entry.ts")]);
    for (const folder of [path.join(dir, "lib", "greet"), path.join(dir, "lib"), dir]) expect(stamps[folder]).toMatch(/^\d/);
    expect(stamps[tmp]).toBeUndefined();
    expect(stamps[path.join(dir, "node_modules")]).toMatch(/^\d/);
    expect(stamps[path.join(dir, "package.json")]).toBe("absent");
    expect(stamps[path.join(path.parse(dir).root, "node_modules")]).toBeDefined();
  });
});

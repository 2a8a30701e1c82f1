/**
 * An optional cache of built artifacts, keyed by content, that a test runner can hand to
 * `buildArtifact` (./build.ts). `pulumi up`, an online `preview` and `deploy` never set one and
 * build every time; `preview --offline` keeps one on disk (adapters/engine/offline/artifact-cache.ts,
 * which also checks what decides import resolution).
 *
 * Why: every program evaluation under mocks builds both components' zips (esbuild + zip level 9,
 * ~0.3 CPU s), and the test suite evaluates the same sources hundreds of times. The test runner
 * (tests/support/jest-runtime.js) puts one cache per jest worker on the global object under
 * `ARTIFACT_BUILD_CACHE`.
 *
 * The key is the content, never a path's age or name alone:
 * - the spec (kind, provider, entry points, app modules, externals, Node version, source maps,
 *   project dir, the bytes of the extra files) and esbuild's version pick the entry;
 * - the entry holds the sha256 of the path and bytes of every file esbuild bundled (its metafile's
 *   inputs); it is used only while every one of those files still has the same bytes, so a
 *   changed source, app or bundled dependency is built again (tests/artifacts/build-cache.test.ts).
 * A change that only alters which file an import resolves to, with no bundled file changing (a new
 * file shadowing another), is not seen: the cache lives as long as one jest worker, whose tests do
 * not do that to files they built from.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** The global property a test runner sets to a `BuildCache` to turn the cache on. */
export const ARTIFACT_BUILD_CACHE = Symbol.for("semantest-iac.artifact-build-cache");

/** What the runner provides. Strings and Buffers only, so an entry outlives the test file that made it. */
export interface BuildCache {
  get(key: string): { readonly meta: string; readonly zip: Buffer } | undefined;
  set(key: string, meta: string, zip: Buffer): void;
}

/** What is kept about one build besides the zip. */
export interface CachedBuild {
  /** Absolute paths of the files esbuild bundled. */
  readonly inputs: readonly string[];
  /** sha256 over those paths and their bytes when the zip was built. */
  readonly inputsDigest: string;
  /** Paths inside the zip, sorted. */
  readonly files: readonly string[];
}

export function activeBuildCache(): BuildCache | undefined {
  return (globalThis as Record<symbol, unknown>)[ARTIFACT_BUILD_CACHE] as BuildCache | undefined;
}

/** The spec's part of the key: everything that goes into the build except the bundled files. */
export function specKey(fields: Readonly<Record<string, unknown>>, extraFiles: Readonly<Record<string, Buffer>>, builderVersion: string): string {
  const hash = createHash("sha256").update(builderVersion).update("\0").update(stableJson(fields));
  for (const name of Object.keys(extraFiles).sort()) hash.update("\0").update(name).update("\0").update(extraFiles[name]);
  return hash.digest("hex");
}

/** sha256 over each file's path and bytes, in order; undefined when one cannot be read (it changed). */
export function inputsDigest(files: readonly string[]): string | undefined {
  const hash = createHash("sha256");
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      return undefined;
    }
    hash.update(file).update("\0").update(String(bytes.length)).update("\0").update(bytes);
  }
  return hash.digest("hex");
}

/** esbuild's metafile input names (relative to its working dir) as sorted absolute paths. */
export function bundledInputs(metafileInputs: Readonly<Record<string, unknown>>, workingDir: string): string[] {
  return Object.keys(metafileInputs)
    .map((name) => path.resolve(workingDir, name))
    .sort();
}

/** The cached build for `key` when every file it bundled still has the bytes it had. */
export function cachedBuild(cache: BuildCache, key: string): { build: CachedBuild; zip: Buffer } | undefined {
  const entry = cache.get(key);
  if (!entry) return undefined;
  const build = JSON.parse(entry.meta) as CachedBuild;
  return inputsDigest(build.inputs) === build.inputsDigest ? { build, zip: entry.zip } : undefined;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .sort()
      .filter((k) => object[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(object[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

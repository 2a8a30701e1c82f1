/**
 * `preview --offline`'s cache of built artifacts, on disk (node_modules/.cache/semantest-iac-artifacts):
 * the same `BuildCache` the test runner keeps in memory (artifacts/build-cache.ts), so a preview of
 * unchanged sources reuses the zip an earlier preview built instead of bundling and compressing
 * again (~0.8 s of the dev stack's ~1 s, issue 15). Only the offline preview uses it: `pulumi up`,
 * `deploy` and an online preview build every time.
 *
 * An entry is served only while nothing that decided its bytes changed:
 * - the key (artifacts/build-cache.ts `specKey`): the recipe's spec, the extra files' bytes and
 *   esbuild's version;
 * - the bytes of every file esbuild bundled (`cachedBuild` compares their sha256);
 * - what decided which file an import resolved to (`resolutionStamps`): the modification time of
 *   every folder from a bundled file up to the folder holding them all (a file added, removed or
 *   renamed there changes it), and of the `package.json`, `tsconfig.json`, `jsconfig.json` and
 *   `node_modules` in those folders and every one above (a package's `main`/`exports`, tsconfig
 *   `paths`, a new package);
 * - the zip's own sha256, kept beside it (a torn or mixed pair is a miss).
 * Anything unreadable is a miss, and a read-only install only loses the cache.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { ARTIFACT_BUILD_CACHE, activeBuildCache, BuildCache, CachedBuild } from "../../../artifacts/build-cache";

const FORMAT = "semantest-iac-artifact-cache 1";
/** Next to bin/ts-hook.js's cache: the install's own node_modules, whatever project is previewed. */
const DEFAULT_DIR = path.resolve(__dirname, "..", "..", "..", "node_modules", ".cache", "semantest-iac-artifacts");
/**
 * Past this many bytes of zips, the entries used longest ago go (a hit marks its entry used): each
 * project folder previewed (tests preview copies of the project) keys its own entries.
 */
const MAX_BYTES = 256 * 1024 * 1024;
/** What decides an import's resolution besides the folder listing itself. */
const RESOLUTION_FILES = ["package.json", "tsconfig.json", "jsconfig.json", "node_modules"];

interface Entry {
  readonly format: string;
  readonly meta: string;
  readonly zipDigest: string;
  /** Path -> `stamp()` when the entry was written. */
  readonly resolution: Readonly<Record<string, string>>;
}

/**
 * The offline preview's cache, in $SEMANTEST_ARTIFACT_CACHE_DIR when set; none with
 * SEMANTEST_ARTIFACT_CACHE=off (what also turns the test runner's cache off).
 */
export function offlinePreviewCache(env: NodeJS.ProcessEnv = process.env): BuildCache | undefined {
  if (env.SEMANTEST_ARTIFACT_CACHE === "off") return undefined;
  return new DiskBuildCache(env.SEMANTEST_ARTIFACT_CACHE_DIR || DEFAULT_DIR);
}

export class DiskBuildCache implements BuildCache {
  constructor(
    private readonly dir: string = DEFAULT_DIR,
    private readonly maxBytes: number = MAX_BYTES,
  ) {}

  get(key: string): { readonly meta: string; readonly zip: Buffer } | undefined {
    try {
      const entry = JSON.parse(fs.readFileSync(this.file(key, "json"), "utf8")) as Entry;
      if (entry.format !== FORMAT || !wellFormed(entry.meta)) return undefined;
      for (const [file, stamped] of Object.entries(entry.resolution)) if (stamp(file) !== stamped) return undefined;
      const zip = fs.readFileSync(this.file(key, "zip"));
      if (sha256(zip) !== entry.zipDigest) return undefined;
      const now = new Date();
      fs.utimesSync(this.file(key, "json"), now, now);
      return { meta: entry.meta, zip };
    } catch {
      return undefined;
    }
  }

  set(key: string, meta: string, zip: Buffer): void {
    const { inputs } = JSON.parse(meta) as CachedBuild;
    const entry: Entry = { format: FORMAT, meta, zipDigest: sha256(zip), resolution: resolutionStamps(inputs) };
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      writeAtomically(this.file(key, "zip"), zip);
      writeAtomically(this.file(key, "json"), JSON.stringify(entry));
      this.evict();
    } catch {
      // A read-only install still previews; it builds every time.
    }
  }

  /** Deletes the entries used longest ago while the zips take more than `maxBytes`. */
  private evict(): void {
    const entries = fs
      .readdirSync(this.dir)
      .filter((name) => name.endsWith(".json"))
      .map((name) => {
        const key = name.slice(0, -".json".length);
        const used = fs.statSync(path.join(this.dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0;
        const bytes = fs.statSync(path.join(this.dir, `${key}.zip`), { throwIfNoEntry: false })?.size ?? 0;
        return { key, used, bytes };
      })
      .sort((a, b) => b.used - a.used);
    let total = 0;
    for (const entry of entries) {
      total += entry.bytes;
      if (total <= this.maxBytes) continue;
      for (const extension of ["json", "zip"]) fs.rmSync(path.join(this.dir, `${entry.key}.${extension}`), { force: true });
    }
  }

  private file(key: string, extension: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`artifact cache key ${JSON.stringify(key)} is not a sha256 hex digest`);
    return path.join(this.dir, `${key}.${extension}`);
  }
}

/** What artifacts/build-cache.ts `cachedBuild` reads back: anything else is a miss, not a failed preview. */
function wellFormed(meta: unknown): boolean {
  if (typeof meta !== "string") return false;
  const build = JSON.parse(meta) as Partial<CachedBuild> | null;
  return Array.isArray(build?.inputs) && build.inputs.every((input) => typeof input === "string") && typeof build.inputsDigest === "string" && Array.isArray(build.files);
}

/**
 * Runs `work` with `cache` as the active build cache unless one is already active (the test
 * runner's in-memory cache wins) or there is none, then restores what was there.
 */
export async function withBuildCache<T>(cache: BuildCache | undefined, work: () => Promise<T>): Promise<T> {
  if (!cache || activeBuildCache()) return work();
  const global = globalThis as Record<symbol, unknown>;
  global[ARTIFACT_BUILD_CACHE] = cache;
  try {
    return await work();
  } finally {
    delete global[ARTIFACT_BUILD_CACHE];
  }
}

/**
 * What decides which files esbuild resolves the imports to, stamped. Up to the folder holding every
 * input: each folder's listing (a file added there can take over an import) and its resolution
 * files. Above it, where only bare imports and tsconfig lookups reach: the resolution files only
 * (a folder's listing there, e.g. the temp folder's, changes for reasons no import sees).
 */
export function resolutionStamps(inputs: readonly string[]): Record<string, string> {
  const top = commonFolder(inputs.map((input) => path.dirname(input)));
  const listed = new Set<string>();
  const above = new Set<string>();
  for (const input of inputs) {
    for (let dir = path.dirname(input); ; dir = path.dirname(dir)) {
      const below = dir.length >= top.length;
      if ((below ? listed : above).has(dir)) break;
      (below ? listed : above).add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  const stamps: Record<string, string> = {};
  for (const dir of listed) stamps[dir] = stamp(dir);
  for (const dir of [...listed, ...above]) {
    for (const name of RESOLUTION_FILES) stamps[path.join(dir, name)] = stamp(path.join(dir, name));
  }
  return stamps;
}

/** The deepest folder that holds all of `folders`. */
function commonFolder(folders: readonly string[]): string {
  if (folders.length === 0) return path.parse(process.cwd()).root;
  let common = folders[0]!;
  for (const folder of folders) {
    while (folder !== common && !folder.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) common = path.dirname(common);
  }
  return common;
}

/** Modification time and size, or "absent": a file that appears later changes its stamp too. */
function stamp(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return "absent";
  }
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function writeAtomically(file: string, bytes: Buffer | string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, file);
}

/**
 * Builds a component's deployable zip (DESIGN §8): esbuild bundles each entry point (minified,
 * tree-shaken, source maps), then yazl zips the output deterministically, so the same sources
 * give the same bytes and the same `sha256:` digest on any machine, in any time zone.
 *
 * Cloud-neutral: the AWS recipes (artifacts/aws.ts) and the Azure ones give it their entry points,
 * externals and extra files.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as esbuild from "esbuild";
import * as yazl from "yazl";
import type { CloudProvider, ComponentKind } from "../domain";
import { appDependencies, appRootOf } from "./app-dependencies";
import { activeBuildCache, bundledInputs, cachedBuild, inputsDigest, specKey } from "./build-cache";
import { ARTIFACT_DIR, artifactFileName, type ComponentArtifact } from "./artifact";

export interface ArtifactSpec {
  readonly kind: ComponentKind;
  readonly provider: CloudProvider;
  /** Output name (without `.js`, may contain `/`) -> absolute path of the entry module. */
  readonly entryPoints: Readonly<Record<string, string>>;
  /** Files added to the zip as they are (e.g. Azure's host.json), by their path in the zip. */
  readonly extraFiles?: Readonly<Record<string, string | Buffer>>;
  /** Packages left out of the bundle because the runtime provides them (e.g. `@aws-sdk/*` on Lambda). */
  readonly external?: readonly string[];
  /**
   * Bare module names resolved to absolute files, e.g. `semantest:rest-app` -> the user's app.
   * This is how a handler imports "the app" without knowing which one (see docs/deploy-aws.md).
   */
  readonly modules?: Readonly<Record<string, string>>;
  /** The project root: source-map paths are written relative to it, and the zip cached under it. */
  readonly projectDir: string;
  /** Node major the code runs on (esbuild target). @default 22 */
  readonly nodeVersion?: number;
  /** Emit `.js.map` files beside the bundles. @default true */
  readonly sourcemap?: boolean;
}

export interface BuiltArtifact extends ComponentArtifact {
  readonly path: string;
  readonly sizeBytes: number;
  /** Paths inside the zip, sorted. */
  readonly files: readonly string[];
}

/** Every entry gets these fixed values so the zip depends on the contents only. */
export const ZIP_ENTRY_DEFAULTS = {
  // Built from local components: yazl writes the DOS date from local-time getters, so a date built
  // this way encodes the same in every time zone. The UTC "UT" extra field is left out for the same reason.
  mtime: new Date(2000, 0, 1, 0, 0, 0),
  mode: 0o100644,
  compress: true,
  compressionLevel: 9,
  forceDosTimestamp: true,
} as const;

export class ArtifactBuildError extends Error {
  readonly code = "ARTIFACT_BUILD_FAILED" as const;
}

/**
 * The component's app module (`semantest:components.<kind>.entry`, or the reference app) does not
 * exist: a config error for the user to fix (the CLI maps this code to exit 2), not a bug.
 */
export class EntryModuleNotFoundError extends Error {
  readonly code = "ENTRY_NOT_FOUND" as const;
  /** The config field that names the module. */
  readonly field: string;
  constructor(
    readonly kind: string,
    readonly provider: string,
    /** The absolute path looked for (without extension, esbuild tries .ts, .js, /index.*). */
    readonly path: string,
    moduleName: string,
  ) {
    super(
      `semantest:components.${kind}.entry: ${JSON.stringify(path)} does not exist (${kind} on ${provider}: module ${moduleName} = ${path} does not exist); ` +
        "set entry to a module of this project (a path relative to the project, with or without .ts/.js), or remove it to use the reference app",
    );
    this.field = `semantest:components.${kind}.entry`;
  }
}

/** Bundles, zips and caches the artifact; returns its digest and where the zip is. */
export async function buildArtifact(spec: ArtifactSpec): Promise<BuiltArtifact> {
  const extraFiles = normalizeExtraFiles(spec.extraFiles ?? {});
  const cache = activeBuildCache();
  const key = cache && specKey({ ...spec, extraFiles: undefined }, extraFiles, esbuild.version);
  const hit = cache && key ? cachedBuild(cache, key) : undefined;
  let zip: Buffer;
  let names: readonly string[];
  if (hit) {
    zip = hit.zip;
    names = hit.build.files;
  } else {
    const bundled = await bundleWithInputs(spec, cache !== undefined);
    const files = { ...bundled.files, ...extraFiles };
    zip = await deterministicZip(files);
    names = Object.keys(files).sort();
    const inputs = bundled.inputs && bundledInputs(bundled.inputs, spec.projectDir);
    const digest = inputs && inputsDigest(inputs);
    if (cache && key && inputs && digest) cache.set(key, JSON.stringify({ inputs, inputsDigest: digest, files: names }), zip);
  }
  const digest = sha256Digest(zip);
  const dir = path.join(spec.projectDir, ARTIFACT_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, artifactFileName(spec.kind, spec.provider, digest));
  if (!fs.existsSync(file)) writeAtomically(file, zip);
  return {
    kind: spec.kind,
    provider: spec.provider,
    digest,
    path: file,
    sizeBytes: zip.length,
    files: [...names],
  };
}

/** esbuild, in memory: `<outName>.js` (+ `.js.map`) for every entry point. */
export async function bundle(spec: ArtifactSpec): Promise<Record<string, Buffer>> {
  return (await bundleWithInputs(spec, false)).files;
}

/** `bundle`, plus esbuild's metafile inputs (the files it bundled) when `withInputs`. */
async function bundleWithInputs(spec: ArtifactSpec, withInputs: boolean): Promise<{ files: Record<string, Buffer>; inputs?: Readonly<Record<string, unknown>> }> {
  for (const [name, entry] of Object.entries(spec.entryPoints)) {
    if (!fs.existsSync(entry)) throw new ArtifactBuildError(`${spec.kind} (${spec.provider}): entry point ${name} = ${entry} does not exist`);
  }
  for (const [name, target] of Object.entries(spec.modules ?? {})) {
    if (!resolvable(target)) throw new EntryModuleNotFoundError(spec.kind, spec.provider, target, name);
  }
  // A fixed, project-relative out dir keeps source-map paths the same on every machine.
  const outdir = path.join(spec.projectDir, ".semantest", "build", `${spec.kind}-${spec.provider}`);
  let result: esbuild.BuildResult<{ write: false; metafile: boolean }>;
  try {
    result = await esbuild.build({
      absWorkingDir: spec.projectDir,
      entryPoints: { ...spec.entryPoints },
      outdir,
      write: false,
      bundle: true,
      minify: true,
      treeShaking: true,
      platform: "node",
      target: `node${spec.nodeVersion ?? 22}`,
      format: "cjs",
      sourcemap: spec.sourcemap === false ? false : "linked",
      sourcesContent: false,
      legalComments: "none",
      external: [...(spec.external ?? [])],
      // Bare names resolved to files by esbuild itself, not by a plugin: a plugin's callback runs on
      // this thread, so a build started while it is busy (the offline preview loads the SDK
      // meanwhile) would wait for it (a build beside a 400 ms busy thread: 772 ms, 464 ms this way).
      alias: namedModules(spec.modules ?? {}),
      plugins: appDependencyPlugins(spec),
      logLevel: "silent",
      metafile: withInputs,
    });
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    const messages = failure.errors?.map((e) => `${e.location?.file ?? "?"}:${e.location?.line ?? "?"} ${e.text}`).join("; ");
    throw new ArtifactBuildError(`${spec.kind} (${spec.provider}): esbuild failed: ${messages ?? String(error)}`);
  }
  const out: Record<string, Buffer> = {};
  for (const file of result.outputFiles) {
    out[path.relative(outdir, file.path).split(path.sep).join("/")] = Buffer.from(file.contents);
  }
  return { files: out, inputs: result.metafile?.inputs };
}

/** An app with its own package.json resolves its dependencies from there only (./app-dependencies.ts). */
function appDependencyPlugins(spec: ArtifactSpec): esbuild.Plugin[] {
  return Object.values(spec.modules ?? {}).flatMap((target) => {
    const root = appRootOf(resolveFile(target), spec.projectDir);
    return root ? [appDependencies(root, spec.projectDir)] : [];
  });
}

/** esbuild's `alias`: each bare name (e.g. `semantest:rest-app`) -> the file it means (relative imports are untouched). */
function namedModules(modules: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(modules).map(([name, target]) => [name, resolveFile(target)]));
}

const EXTENSIONS = ["", ".ts", ".js", ".mjs", ".cjs", "/index.ts", "/index.js"];
function resolveFile(target: string): string {
  for (const ext of EXTENSIONS) {
    const candidate = target + ext;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return target;
}
function resolvable(target: string): boolean {
  const file = resolveFile(target);
  return fs.existsSync(file) && fs.statSync(file).isFile();
}

function normalizeExtraFiles(files: Readonly<Record<string, string | Buffer>>): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [name, content] of Object.entries(files)) {
    const clean = name.split(path.sep).join("/").replace(/^\.?\//, "");
    if (clean.split("/").includes("..") || clean === "") throw new ArtifactBuildError(`extra file ${name} is not a path inside the zip`);
    out[clean] = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
  }
  return out;
}

/** A zip whose bytes depend only on the file names and contents: sorted entries, fixed times and modes. */
export function deterministicZip(files: Readonly<Record<string, Buffer>>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const name of Object.keys(files).sort()) zip.addBuffer(files[name], name, { ...ZIP_ENTRY_DEFAULTS });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

function writeAtomically(file: string, bytes: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, bytes);
  fs.renameSync(temp, file);
}

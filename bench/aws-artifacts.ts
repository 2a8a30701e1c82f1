/**
 * AWS artifact figures (prints, asserts nothing): for each component, the zip size and the
 * module-init time (a fresh `node` per sample requiring index.js, median of N) of
 *   1. the Lambda artifact (handler + adapter + app, bundled, @aws-sdk external),
 *   2. the app's own bundle without the runtime adapter (the adapter's overhead is 1 - 2),
 *   3. the same code unbundled: our modules transpiled, with the node_modules packages they use,
 *   4. (WebSocket) the artifact with the AWS SDK bundled in as well.
 * Usage: npm run bench:aws  (SAMPLES=15 to change the sample count)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as esbuild from "esbuild";
import { AWS_APP_MODULES, awsArtifactSpec } from "../artifacts/aws";
import { buildArtifact, deterministicZip } from "../artifacts/build";
import { appModulePath } from "../artifacts/recipe";
import type { ComponentKind } from "../domain";
import { readZip } from "../tests/artifacts/unzip";

const PROJECT = path.resolve(__dirname, "..");
const WORK = path.join(PROJECT, ".semantest", "bench");
const SAMPLES = Number(process.env.SAMPLES ?? 11);
const ENV = { ...process.env, CONNECTIONS_TABLE: "bench", AWS_REGION: "us-east-1", NODE_NO_WARNINGS: "1" };

interface Figure {
  readonly variant: string;
  readonly zipBytes: number;
  readonly unzippedBytes: number;
  readonly files: number;
  /** index.js alone (without the source map), to compare code with code. */
  readonly indexBytes: number;
  readonly initMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Module-init time of `file`: require() in a fresh node, measured inside the process. */
function initTime(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const run = () => Number(execFileSync(process.execPath, ["-e", script], { env: ENV, cwd: path.dirname(file) }).toString());
  run(); // warm the file cache so the first variant measured is not penalised
  const samples = Array.from({ length: SAMPLES }, () => Number(execFileSync(process.execPath, ["-e", script], { env: ENV, cwd: path.dirname(file) }).toString()));
  return median(samples);
}

function writeTree(dir: string, files: Record<string, Buffer>): number {
  fs.rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    bytes += content.length;
  }
  return bytes;
}

async function esbuildFiles(options: esbuild.BuildOptions, outdir: string): Promise<{ files: Record<string, Buffer>; metafile: esbuild.Metafile }> {
  const result = await esbuild.build({ ...options, outdir, write: false, metafile: true, logLevel: "silent" });
  const files: Record<string, Buffer> = {};
  for (const f of result.outputFiles) files[path.relative(outdir, f.path)] = Buffer.from(f.contents);
  return { files, metafile: result.metafile };
}

const BASE: esbuild.BuildOptions = { absWorkingDir: PROJECT, platform: "node", target: "node22", format: "cjs", external: ["@aws-sdk/*"] };
const named = (modules: Record<string, string>): esbuild.Plugin => ({
  name: "named",
  setup(build) {
    for (const [name, file] of Object.entries(modules)) build.onResolve({ filter: new RegExp(`^${name}$`) }, () => ({ path: file + (file.endsWith(".ts") ? "" : ".ts") }));
  },
});

/** Every file of the node_modules packages the bundle pulled in (what an unbundled deploy ships). */
function packagesUsed(metafile: esbuild.Metafile): Record<string, Buffer> {
  const roots = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) roots.add(match[1]);
  }
  const files: Record<string, Buffer> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(PROJECT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) files[rel.slice(rel.indexOf("node_modules"))] = fs.readFileSync(path.join(PROJECT, rel));
    }
  };
  for (const root of roots) walk(root);
  return files;
}

async function measure(kind: ComponentKind): Promise<Figure[]> {
  const figures: Figure[] = [];
  const settings = { kind, entry: undefined } as Parameters<typeof awsArtifactSpec>[0];

  // 1. The Lambda artifact, exactly as deployed.
  const artifact = await buildArtifact(awsArtifactSpec(settings, PROJECT));
  const lambdaFiles = Object.fromEntries((await readZip(artifact.path)).map((e) => [e.name, e.bytes]));
  const lambdaDir = path.join(WORK, `${kind}-lambda`);
  const lambdaBytes = writeTree(lambdaDir, lambdaFiles);
  figures.push({ variant: "lambda artifact (adapter + app, bundled)", zipBytes: artifact.sizeBytes, unzippedBytes: lambdaBytes, files: artifact.files.length, indexBytes: lambdaFiles["index.js"].length, initMs: initTime(path.join(lambdaDir, "index.js")) });

  // 2. The app alone, bundled the same way, without the runtime adapter.
  const appDir = path.join(WORK, `${kind}-app-only`);
  const { files: appFiles } = await esbuildFiles({ ...BASE, bundle: true, minify: true, entryPoints: { index: appModulePath(settings, PROJECT) } }, appDir);
  const appBytes = writeTree(appDir, appFiles);
  figures.push({ variant: "app alone (bundled, no adapter)", zipBytes: (await deterministicZip(appFiles)).length, unzippedBytes: appBytes, files: Object.keys(appFiles).length, indexBytes: appFiles["index.js"].length, initMs: initTime(path.join(appDir, "index.js")) });

  // 3. Unbundled: our code transpiled with every package external, plus those packages' files.
  const looseDir = path.join(WORK, `${kind}-unbundled`);
  const { metafile } = await esbuildFiles({ ...BASE, bundle: true, entryPoints: awsArtifactSpec(settings, PROJECT).entryPoints as Record<string, string>, plugins: [named({ [AWS_APP_MODULES[kind]]: appModulePath(settings, PROJECT) })] }, looseDir);
  const { files: ownFiles } = await esbuildFiles({ ...BASE, bundle: true, packages: "external", entryPoints: awsArtifactSpec(settings, PROJECT).entryPoints as Record<string, string>, plugins: [named({ [AWS_APP_MODULES[kind]]: appModulePath(settings, PROJECT) })] }, looseDir);
  const looseFiles = { ...ownFiles, ...packagesUsed(metafile) };
  const looseBytes = writeTree(looseDir, looseFiles);
  figures.push({ variant: "unbundled (transpiled + node_modules)", zipBytes: (await deterministicZip(looseFiles)).length, unzippedBytes: looseBytes, files: Object.keys(looseFiles).length, indexBytes: looseFiles["index.js"].length, initMs: initTime(path.join(looseDir, "index.js")) });

  // 4. The same artifact with the AWS SDK bundled too (AWS suggests it for cold starts); only the WebSocket handler uses the SDK.
  if (kind === "websocket") {
    const sdkDir = path.join(WORK, `${kind}-sdk-bundled`);
    const { files: sdkFiles } = await esbuildFiles({ ...BASE, external: [], bundle: true, minify: true, entryPoints: awsArtifactSpec(settings, PROJECT).entryPoints as Record<string, string>, plugins: [named({ [AWS_APP_MODULES[kind]]: appModulePath(settings, PROJECT) })] }, sdkDir);
    const sdkBytes = writeTree(sdkDir, sdkFiles);
    figures.push({ variant: "lambda artifact with @aws-sdk bundled", zipBytes: (await deterministicZip(sdkFiles)).length, unzippedBytes: sdkBytes, files: Object.keys(sdkFiles).length, indexBytes: sdkFiles["index.js"].length, initMs: initTime(path.join(sdkDir, "index.js")) });
  }
  return figures;
}

async function main(): Promise<void> {
  console.log(`AWS artifacts — node ${process.version}, ${SAMPLES} fresh-process samples per init figure (median)\n`);
  for (const kind of ["rest-api", "websocket"] as const) {
    console.log(kind);
    console.table(
      (await measure(kind)).map((f) => ({
        variant: f.variant,
        "zip KB": +(f.zipBytes / 1024).toFixed(1),
        "unzipped KB": +(f.unzippedBytes / 1024).toFixed(1),
        files: f.files,
        "index.js KB": +(f.indexBytes / 1024).toFixed(1),
        "module init ms": +f.initMs.toFixed(1),
      })),
    );
  }
  console.log("@aws-sdk/* is external in variants 1-3 and loaded from node_modules, as Lambda loads the runtime's copy; its load time is part of those init figures.");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

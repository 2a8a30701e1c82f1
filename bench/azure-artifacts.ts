/**
 * Azure artifact figures (prints, asserts nothing): for each component, the zip size and the
 * module-init time (a fresh `node` per sample, median of N) of
 *   1. the Function App artifact (v4 entry + adapter + @azure/functions + app, bundled), loaded the
 *      way the Functions Node worker loads it (package.json `main`, with the worker's
 *      `@azure/functions-core` supplied) — registrations included;
 *   2. the app's own bundle without the runtime adapter (the adapter's overhead is 1 - 2);
 * and, for 1, the time to the first answered request in that fresh process (REST: GET /health;
 * WebSocket: GET /negotiate, which signs a token locally).
 * Usage: npm run bench:azure  (SAMPLES=15 to change the sample count)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as esbuild from "esbuild";
import { azureArtifactSpec } from "../artifacts/azure";
import { buildArtifact, deterministicZip } from "../artifacts/build";
import { appModulePath } from "../artifacts/recipe";
import type { ComponentKind } from "../domain";
import { readZip } from "../tests/artifacts/unzip";

const PROJECT = path.resolve(__dirname, "..");
const WORK = path.join(PROJECT, ".semantest", "bench-azure");
const SAMPLES = Number(process.env.SAMPLES ?? 11);
const ENV = {
  ...process.env,
  NODE_NO_WARNINGS: "1",
  FUNCTIONS_EXTENSION_VERSION: "~4",
  WEBPUBSUB_CONNECTION_STRING: "Endpoint=https://bench.webpubsub.azure.com;AccessKey=YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXk=;Version=1.0;",
  WEBPUBSUB_HUB: "semantest",
};

/** What the Functions Node worker provides as `@azure/functions-core`. */
const CORE = `"use strict";const r=(globalThis.__fns=[]);module.exports={registerFunction(m,c){r.push({m,c});return{dispose(){}}},setProgrammingModel(){},getProgrammingModel(){},registerHook(){return{dispose(){}}}};`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function sample(script: string, cwd: string): number {
  const run = () => Number(execFileSync(process.execPath, ["-e", script], { env: ENV, cwd }).toString());
  run(); // warm the file cache
  return median(Array.from({ length: SAMPLES }, run));
}

const initScript = (file: string) =>
  `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;

/** require + the first request through the registered handler, in one fresh process. */
const firstRequestScript = (file: string, functionName: string, url: string) => `
const t=process.hrtime.bigint();
require(${JSON.stringify(file)});
const { HttpRequest, InvocationContext } = require(${JSON.stringify(require.resolve("@azure/functions"))});
const fn = globalThis.__fns.find((f) => f.m.name === ${JSON.stringify(functionName)});
Promise.resolve(fn.c(new HttpRequest({ method: "GET", url: ${JSON.stringify(url)}, headers: {} }), new InvocationContext({ functionName: ${JSON.stringify(functionName)} })))
  .then((r) => { if (!r || (r.status ?? 200) >= 400) throw new Error("status " + (r && r.status)); process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)); });`;

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

interface Row {
  readonly variant: string;
  readonly zipBytes: number;
  readonly jsBytes: number;
  readonly initMs: number;
  readonly firstRequestMs?: number;
}

async function measure(kind: ComponentKind): Promise<Row[]> {
  const settings = { kind, entry: undefined, timeoutSeconds: 30 } as Parameters<typeof azureArtifactSpec>[0];

  const artifact = await buildArtifact(azureArtifactSpec(settings, PROJECT));
  const files = Object.fromEntries((await readZip(artifact.path)).map((e) => [e.name, e.bytes]));
  const dir = path.join(WORK, `${kind}-function-app`);
  writeTree(dir, { ...files, "node_modules/@azure/functions-core/index.js": Buffer.from(CORE) });
  const main = path.join(dir, (JSON.parse(files["package.json"].toString()) as { main: string }).main);
  const [fn, url] = kind === "rest-api" ? ["rest-api", "https://bench.azurewebsites.net/health"] : ["negotiate", "https://bench.azurewebsites.net/negotiate"];

  const appDir = path.join(WORK, `${kind}-app-only`);
  const built = await esbuild.build({
    absWorkingDir: PROJECT, entryPoints: { index: appModulePath(settings, PROJECT) }, outdir: appDir, write: false,
    bundle: true, minify: true, platform: "node", target: "node22", format: "cjs", logLevel: "silent",
  });
  const appFiles = Object.fromEntries(built.outputFiles.map((f) => [path.relative(appDir, f.path), Buffer.from(f.contents)]));
  writeTree(appDir, appFiles);

  // Interleaved, so that load from other processes on the machine hits both variants alike.
  const artifactInit: number[] = [];
  const appInit: number[] = [];
  for (let i = 0; i < 3; i++) {
    artifactInit.push(sample(initScript(main), dir));
    appInit.push(sample(initScript(path.join(appDir, "index.js")), appDir));
  }
  return [
    { variant: "function app artifact (entry + adapter + @azure/functions + app)", zipBytes: artifact.sizeBytes, jsBytes: files["index.js"].length, initMs: median(artifactInit), firstRequestMs: sample(firstRequestScript(main, fn, url), dir) },
    { variant: "app alone (bundled, no adapter)", zipBytes: (await deterministicZip(appFiles)).length, jsBytes: appFiles["index.js"].length, initMs: median(appInit) },
  ];
}

const signed = (n: number) => `${n >= 0 ? "+" : ""}${n.toFixed(1)}`;

async function main(): Promise<void> {
  console.log(`Azure artifacts — node ${process.version}, ${SAMPLES} fresh-process samples per figure (median)\n`);
  for (const kind of ["rest-api", "websocket"] as const) {
    const [artifact, app] = await measure(kind);
    console.log(kind);
    console.table(
      [artifact, app].map((r) => ({
        variant: r.variant,
        "zip KB": +(r.zipBytes / 1024).toFixed(1),
        "index.js KB": +(r.jsBytes / 1024).toFixed(1),
        "module init ms": +r.initMs.toFixed(1),
        "init + first request ms": r.firstRequestMs === undefined ? "-" : +r.firstRequestMs.toFixed(1),
      })),
    );
    console.log(`  adapter overhead: ${signed((artifact.zipBytes - app.zipBytes) / 1024)} KB zipped (incl. source map), ${signed((artifact.jsBytes - app.jsBytes) / 1024)} KB of index.js, ${signed(artifact.initMs - app.initMs)} ms module init\n`);
  }
  console.log("The zip includes index.js.map (source maps); Flex Consumption downloads the whole package once per instance.");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

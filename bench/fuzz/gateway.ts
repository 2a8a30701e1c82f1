/**
 * Full-size fuzz run of the local gateway (issue 14): per provider, `semantest-iac dev` as a real
 * process gets malformed HTTP requests on both servers, malformed WebSocket handshakes (prototype
 * names, sockets closed right after the upgrade) and malformed frames. Prints, per provider:
 * crashes (the process exited), gateway deaths (it stopped answering /health), wrong statuses
 * (5xx or no answer), wrong frames (INTERNAL or no pong afterwards) and registry leftovers.
 *
 *   npx tsx bench/fuzz/gateway.ts                                  # both providers, default sizes
 *   npx tsx bench/fuzz/gateway.ts --provider aws --requests 2000 --seed 7
 *
 * Exit code 1 when any count is not 0. The seeded, smaller run is in tests/local/gateway-robustness.test.ts.
 */
import { spawn } from "child_process";
import * as path from "path";
import { fuzzGateway, registryLeftovers, type GatewayTarget, type Provider } from "./support/gateway-cases";

const PROJECT_DIR = path.resolve(__dirname, "../..");

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

interface Ready {
  restUrl: string;
  webSocketServerUrl: string;
  page: { webSocketUrl?: string; negotiateUrl?: string };
}

async function startDev(provider: Provider) {
  const child = spawn(process.execPath, [path.join(PROJECT_DIR, "bin/semantest-iac.js"), "dev", "--provider", provider, "--port", "0", "--json", "--no-watch"], { cwd: PROJECT_DIR, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stderr.resume();
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const line = stdout.split("\n").find((l) => l.startsWith('{"event":"ready"'));
      if (line) resolve(JSON.parse(line) as Ready);
    });
    child.once("exit", (code) => reject(new Error(`semantest-iac dev exited ${code} before it was ready`)));
  });
  return { child, ready };
}

async function healthy(restUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${restUrl}/health`, { signal: AbortSignal.timeout(5000) })).status === 200;
  } catch {
    return false;
  }
}

async function run(provider: Provider, sizes: { requests: number; handshakes: number; frames: number }, seed: number) {
  const { child, ready } = await startDev(provider);
  const target: GatewayTarget = {
    provider,
    restUrl: ready.restUrl,
    webSocketServerUrl: ready.webSocketServerUrl,
    async clientUrl() {
      if (ready.page.webSocketUrl) return ready.page.webSocketUrl;
      return ((await (await fetch(new URL(ready.page.negotiateUrl!, ready.restUrl))).json()) as { url: string }).url;
    },
    async registry() {
      return ((await (await fetch(`${ready.restUrl}/_local/registry`)).json()) as { connections: string[] }).connections;
    },
  };
  const started = performance.now();
  // Batches of 100 so a death is noticed close to its cause.
  const totals = { requests: 0, handshakes: 0, frames: 0, wrongStatuses: 0, wrongFrames: 0, crashes: 0, deaths: 0, examples: [] as string[] };
  const batches = Math.ceil(Math.max(sizes.requests, sizes.handshakes, sizes.frames) / 100);
  for (let b = 0; b < batches; b++) {
    const share = (n: number) => Math.max(0, Math.min(100, n - b * 100));
    const figures = await fuzzGateway(target, { requests: share(sizes.requests), handshakes: share(sizes.handshakes), frames: share(sizes.frames) }, seed + b * 10).catch((error: Error) => {
      totals.examples.push(`batch ${b} aborted: ${error.message}`);
      return undefined;
    });
    if (figures) {
      for (const key of ["requests", "handshakes", "frames", "wrongStatuses", "wrongFrames"] as const) totals[key] += figures[key];
      totals.examples.push(...figures.examples);
    }
    if (child.exitCode !== null) {
      totals.crashes++;
      break;
    }
    if (!(await healthy(ready.restUrl))) {
      totals.deaths++;
      break;
    }
  }
  const leftovers = child.exitCode === null ? await registryLeftovers(target) : ["(gateway gone)"];
  const seconds = (performance.now() - started) / 1000;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  return { provider, ...totals, leftovers: leftovers.length, seconds };
}

async function main() {
  const providers = (arg("provider", "aws,azure").split(",") as Provider[]).filter((p) => p === "aws" || p === "azure");
  const sizes = { requests: Number(arg("requests", "1000")), handshakes: Number(arg("handshakes", "500")), frames: Number(arg("frames", "1000")) };
  const seed = Number(arg("seed", "1914"));
  console.log(`bench/fuzz/gateway: seed ${seed}; per provider ${sizes.requests} HTTP requests, ${sizes.handshakes} WebSocket handshakes, ${sizes.frames} frames`);
  console.log("| provider | requests | handshakes | frames | crashes | gateway deaths | wrong statuses | wrong frames | registry leftovers | seconds |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  let bad = 0;
  for (const provider of providers) {
    const r = await run(provider, sizes, seed);
    console.log(`| ${provider} | ${r.requests} | ${r.handshakes} | ${r.frames} | ${r.crashes} | ${r.deaths} | ${r.wrongStatuses} | ${r.wrongFrames} | ${r.leftovers} | ${r.seconds.toFixed(1)} |`);
    for (const example of r.examples.slice(0, 10)) console.log(`    ${provider}: ${example}`);
    bad += r.crashes + r.deaths + r.wrongStatuses + r.wrongFrames + r.leftovers;
  }
  process.exitCode = bad === 0 ? 0 : 1;
}

void main();

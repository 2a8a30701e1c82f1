/**
 * Issue 15's figures, side by side in one run (ratios only mean something within one run: the
 * machine is shared, so every case is timed in alternating rounds and the median is compared).
 *
 *   npm run bench:speed                       start-up cases, then every `npm test` phase
 *   npm run bench:speed -- --runs 11          more rounds (default 7, after one warm-up round)
 *   npm run bench:speed -- --no-tests         start-up cases only
 *   npm run bench:speed -- --repo /tmp/old    measure another checkout (e.g. an older commit)
 *   npm run bench:speed -- --no-total         the phases without `npm test` as a whole
 *
 * Start-up cases, one fresh process each:
 * - `node -e 0`, and `semantest-iac --help` against it;
 * - the SDK import floor: a script that only requires `@pulumi/pulumi`, `@pulumi/aws` and every
 *   `@pulumi/azure-native/<module>` the program imports (components/azure), and the AWS-only
 *   floor (`@pulumi/pulumi` + `@pulumi/aws`, what the all-AWS dev stack needs);
 * - the AWS-only floor again with Node's compile cache on (`module.enableCompileCache()`, as the
 *   CLI runs): the floor the CLI could reach at best;
 * - `semantest-iac preview --env dev --offline --json` against the floors.
 * Each CLI case also runs without its start-up cache, as a first run (or the run after an edit)
 * does: `--help` file by file (SEMANTEST_PACK=off, bin/pack.js) and a preview that builds the
 * artifacts (SEMANTEST_ARTIFACT_CACHE=off, adapters/engine/offline/artifact-cache.ts).
 * Test phases: `npm run <phase>` for each of typecheck, lint, check, test:unit, test:e2e and
 * test:coverage (CI's phases) the checkout defines, then `npm test` as a whole (its wall-clock is what a newcomer waits for); wall-clock
 * and CPU seconds (the CPU figure moves less when others share the machine).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

interface Options {
  readonly repo: string;
  readonly runs: number;
  readonly tests: boolean;
  /** Also run `npm test` as a whole (off for a checkout whose `npm test` only chains the phases). */
  readonly total: boolean;
}

interface Case {
  readonly name: string;
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

function parseOptions(argv: readonly string[]): Options {
  let repo = path.resolve(__dirname, "..");
  let runs = 7;
  let tests = true;
  let total = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--repo") repo = path.resolve(argv[++i] ?? "");
    else if (arg === "--runs") runs = Number(argv[++i]);
    else if (arg === "--no-tests") tests = false;
    else if (arg === "--no-total") total = false;
    else throw new Error(`bench:speed: unknown argument ${JSON.stringify(arg)}; allowed: --repo <dir>, --runs <n>, --no-tests, --no-total`);
  }
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new Error(`bench:speed: --runs must be an integer from 1 to 100, got ${runs}`);
  if (!fs.existsSync(path.join(repo, "package.json"))) throw new Error(`bench:speed: --repo ${repo} has no package.json`);
  return { repo, runs, tests, total };
}

/** The azure-native submodules the program imports, read from its sources (so the floor follows the code). */
export function azureModules(repo: string): string[] {
  const modules = new Set<string>();
  const dir = path.join(repo, "components", "azure");
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (!file.endsWith(".ts")) continue;
    for (const match of fs.readFileSync(path.join(dir, file), "utf8").matchAll(/from "(@pulumi\/azure-native\/[a-z0-9]+)"/g)) modules.add(match[1]!);
  }
  return [...modules].sort();
}

function floorScript(repo: string, modules: readonly string[], name: string, compileCache = false): string {
  const file = path.join(os.tmpdir(), `semantest-bench-${process.pid}-${name}.js`);
  const lines = modules.map((m) => `require(require.resolve(${JSON.stringify(m)}, { paths: [${JSON.stringify(repo)}] }));`);
  if (compileCache) lines.unshift(`require("module").enableCompileCache?.();`);
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

function timeOnce(argv: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0]!, argv.slice(1), { cwd, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1", ...env } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(" ")} exited ${result.status}: ${String(result.stderr).slice(-2000)}`);
  return ms;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function startup(options: Options): void {
  const bin = path.join(options.repo, "bin", "semantest-iac.js");
  const node = process.execPath;
  const azure = azureModules(options.repo);
  const cases: Case[] = [
    { name: "node -e 0", argv: [node, "-e", "0"] },
    { name: "semantest-iac --help", argv: [node, bin, "--help"] },
    { name: "  file by file (SEMANTEST_PACK=off)", argv: [node, bin, "--help"], env: { SEMANTEST_PACK: "off" } },
    { name: "SDK import floor", argv: [node, floorScript(options.repo, ["@pulumi/pulumi", "@pulumi/aws", ...azure], "floor")] },
    { name: "AWS-only import floor", argv: [node, floorScript(options.repo, ["@pulumi/pulumi", "@pulumi/aws"], "aws-floor")] },
    { name: "  with Node's compile cache", argv: [node, floorScript(options.repo, ["@pulumi/pulumi", "@pulumi/aws"], "aws-floor-cached", true)] },
    { name: "preview --env dev --offline --json", argv: [node, bin, "preview", "--env", "dev", "--offline", "--json"] },
    { name: "  artifacts built (..._CACHE=off)", argv: [node, bin, "preview", "--env", "dev", "--offline", "--json"], env: { SEMANTEST_ARTIFACT_CACHE: "off" } },
  ];
  console.log(`start-up: ${options.runs} alternating rounds after 1 warm-up; node ${process.version}; ${os.cpus().length} cores; load ${loadavg()}`);
  console.log(`  SDK floor = @pulumi/pulumi, @pulumi/aws, ${azure.join(", ")}`);
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let round = 0; round <= options.runs; round++) {
    for (const c of cases) {
      const ms = timeOnce(c.argv, options.repo, c.env);
      if (round > 0) samples.get(c.name)!.push(ms);
    }
  }
  const med = (name: string) => median(samples.get(name)!);
  const row = (name: string, ratio = "") => console.log(`  ${name.padEnd(38)} ${`${med(name).toFixed(0)} ms`.padStart(9)}  ${ratio}`);
  row("node -e 0");
  const help = (name: string) => row(name, `${(med(name) / med("node -e 0")).toFixed(2)}× node -e 0`);
  help("semantest-iac --help");
  help("  file by file (SEMANTEST_PACK=off)");
  row("SDK import floor");
  row("AWS-only import floor");
  row("  with Node's compile cache");
  const preview = (name: string) =>
    row(
      name,
      `${(med(name) / med("SDK import floor")).toFixed(2)}× SDK floor, ${(med(name) / med("AWS-only import floor")).toFixed(2)}× AWS-only floor, ${(med(name) / med("  with Node's compile cache")).toFixed(2)}× it with compile cache`,
    );
  preview("preview --env dev --offline --json");
  preview("  artifacts built (..._CACHE=off)");
  console.log(`  load after: ${loadavg()}`);
}

function testPhases(options: Options): void {
  const scripts = (JSON.parse(fs.readFileSync(path.join(options.repo, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  const phases = ["typecheck", "lint", "check", "test:unit", "test:e2e", "test:coverage"].filter((name) => scripts[name]);
  const log = path.join(os.tmpdir(), `semantest-bench-${process.pid}-tests.log`);
  console.log(`\nnpm test phases, each run alone (output in ${log}); load ${loadavg()}`);
  const run = (label: string, args: readonly string[]) => {
    fs.appendFileSync(log, `\n===== ${label}\n`);
    // bash's `times` prints the CPU time of the children (npm and everything it started): less
    // sensitive than wall-clock to the other work on a shared machine.
    const script = `npm ${args.join(" ")} >> ${JSON.stringify(log)} 2>&1; status=$?; times; exit $status`;
    const start = process.hrtime.bigint();
    const result = spawnSync("bash", ["-c", script], { cwd: options.repo, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", CI: "true" } });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const children = String(result.stdout).trim().split("\n")[1] ?? "";
    const cpu = children.split(/\s+/).reduce((sum, t) => sum + cpuSeconds(t), 0);
    console.log(`  ${label.padEnd(38)} ${`${seconds.toFixed(1)} s`.padStart(9)} wall ${`${cpu.toFixed(1)} s`.padStart(9)} CPU  ${result.status === 0 ? "ok" : `FAILED (exit ${result.status})`}`);
  };
  for (const phase of phases) run(`npm run ${phase}`, ["run", phase]);
  if (options.total) run("npm test (the README's command)", ["test"]);
  console.log(`  load after: ${loadavg()}`);
}

/** `1m2.345s` (bash `times`) -> 62.345. */
export function cpuSeconds(time: string): number {
  const match = /^(\d+)m([\d.]+)s$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : 0;
}

function loadavg(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  console.log(`bench:speed on ${options.repo}`);
  startup(options);
  if (options.tests) testPhases(options);
}

if (require.main === module) main();

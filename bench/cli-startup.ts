/**
 * Prints the CLI's start-up time: wall-clock of `semantest-iac <args>` as a fresh process, N runs
 * after a warm-up, as min / median / mean / p95. (hyperfine gives the same figure where installed:
 * `hyperfine --warmup 2 'node bin/semantest-iac.js --help'`.)
 *
 *   npx tsx bench/cli-startup.ts [runs] [-- args...]     default: 20 runs of `--help`
 */
import { spawnSync } from "child_process";
import * as path from "path";

const BIN = path.resolve(__dirname, "../bin/semantest-iac.js");

export function timeRun(args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [BIN, ...args], { stdio: "ignore", env: { ...process.env, NO_COLOR: "1" } });
  if (result.status !== 0) throw new Error(`semantest-iac ${args.join(" ")} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function summarize(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { runs: sorted.length, min: sorted[0], median: at(0.5), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, p95: at(0.95) };
}

function main() {
  const separator = process.argv.indexOf("--");
  const runs = Number(process.argv[2] && process.argv[2] !== "--" ? process.argv[2] : 20);
  const args = separator >= 0 ? process.argv.slice(separator + 1) : ["--help"];
  for (let i = 0; i < 2; i++) timeRun(args); // warm the file system cache
  const samples = Array.from({ length: runs }, () => timeRun(args));
  const s = summarize(samples);
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  console.log(`semantest-iac ${args.join(" ")}: ${s.runs} runs, min ${ms(s.min)}, median ${ms(s.median)}, mean ${ms(s.mean)}, p95 ${ms(s.p95)}`);
}

if (require.main === module) main();

/**
 * `logs` and `invoke` parser fuzz, full size (prints figures): the properties of
 * tests/ops/support/fuzz-cases.ts (`--since`, `--filter` with what each cloud receives, invoke's
 * flags, the stack's `logs` output) with many more runs than `npm test` makes.
 *
 * Usage: npm run bench:fuzz (all of bench/fuzz/), or npx tsx bench/fuzz/ops.ts
 *        RUNS=100000 SEED=22 to change the size and the seed.
 */
import fc from "fast-check";
import { OPS_PROPERTIES } from "../../tests/ops/support/fuzz-cases";

const RUNS = Number(process.env.RUNS ?? 50_000);
const SEED = Number(process.env.SEED ?? 22);

console.log(`logs/invoke parser fuzz, seed ${SEED}`);
console.log("property   runs     failed  runs/s");
let failed = 0;
for (const [name, property] of Object.entries(OPS_PROPERTIES)) {
  const started = process.hrtime.bigint();
  const details = fc.check(property as fc.IProperty<unknown>, { seed: SEED, numRuns: RUNS });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const runs = details.numRuns;
  console.log(`${name.padEnd(10)} ${String(runs).padEnd(8)} ${details.failed ? "1" : "0"}       ${Math.round(runs / seconds)}`);
  if (details.failed) {
    failed++;
    console.log(`  counterexample: ${JSON.stringify(details.counterexample)}\n  ${String(details.errorInstance).split("\n")[0]}`);
  }
}
process.exitCode = failed ? 1 : 0;

/**
 * Cost parsers fuzz, full size (prints figures; the exit code says whether something was found):
 * the families of tests/cost/support/fuzz.ts (price book loader, AWS Price List and Azure Retail
 * Prices readers, Cost Explorer and Cost Management answer readers, the PR comment's Markdown).
 *
 * Usage: npm run bench:fuzz (all of bench/fuzz/), or npx tsx bench/fuzz/cost.ts
 *        CASES=20000 SEED=21 to change the size and the seed.
 */
import fc from "fast-check";
import { COST_FUZZ_FAMILIES } from "../../tests/cost/support/fuzz";

const CASES = Number(process.env.CASES ?? 20_000);
const SEED = Number(process.env.SEED ?? 21);

console.log(`cost fuzz: seed ${SEED}, ${CASES} cases per family`);
console.log("family                      cases  wrong  cases/s");
let wrong = 0;
for (const [i, family] of COST_FUZZ_FAMILIES.entries()) {
  const started = process.hrtime.bigint();
  const failures: string[] = [];
  for (const input of fc.sample(family.input, { numRuns: CASES, seed: SEED + i })) {
    const problem = family.judge(input);
    if (problem) failures.push(problem);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${family.name.padEnd(26)} ${String(CASES).padStart(6)}  ${String(failures.length).padStart(5)}  ${Math.round(CASES / seconds)}`);
  for (const f of failures.slice(0, 3)) console.log(`  ${f.slice(0, 200)}`);
  wrong += failures.length;
}
process.exitCode = wrong > 0 ? 1 : 0;

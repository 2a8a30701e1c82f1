/**
 * Rollout fuzz, full size (prints figures, asserts nothing): generated `semantest:rollout` values
 * and `semantest:release.traffic` records through the domain parsers, judged by the oracle of
 * tests/release/rollout-fuzz.ts (the seeded test runs 300 of each).
 *
 * Usage: npm run bench:fuzz, or npx tsx bench/fuzz/rollout.ts;  RUNS=50000 SEED=20 to change them.
 */
import fc from "fast-check";
import { ENVIRONMENTS, judgeRollout, judgeTraffic, rolloutInput, trafficInput } from "../../tests/release/rollout-fuzz";

const RUNS = Number(process.env.RUNS ?? 50_000);
const SEED = Number(process.env.SEED ?? 20);

const families = [
  { name: "rollout", inputs: () => fc.sample(fc.tuple(rolloutInput, fc.constantFrom(...ENVIRONMENTS)), { numRuns: RUNS, seed: SEED }), judge: ([input, env]: [unknown, (typeof ENVIRONMENTS)[number]]) => judgeRollout(input, env) },
  { name: "traffic", inputs: () => fc.sample(trafficInput, { numRuns: RUNS, seed: SEED + 1 }).map((t) => [t, ENVIRONMENTS[0]] as [unknown, (typeof ENVIRONMENTS)[number]]), judge: ([input]: [unknown, unknown]) => judgeTraffic(input) },
];

console.log(`rollout fuzz: parseRollout / parseReleaseTraffic, seed ${SEED}`);
console.log("family    inputs   crashes  wrong   inputs/s");
let bad = 0;
for (const family of families) {
  const inputs = family.inputs();
  const started = process.hrtime.bigint();
  let crashes = 0;
  let wrong = 0;
  const examples: string[] = [];
  for (const input of inputs) {
    try {
      const verdict = family.judge(input as never);
      if (verdict) {
        wrong++;
        if (examples.length < 3) examples.push(verdict);
      }
    } catch (error) {
      crashes++;
      if (examples.length < 3) examples.push(`crash: ${(error as Error).message}`);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${family.name.padEnd(9)} ${String(inputs.length).padStart(6)}  ${String(crashes).padStart(7)}  ${String(wrong).padStart(5)}   ${Math.round(inputs.length / seconds)}`);
  for (const example of examples) console.log(`  ${example}`);
  bad += crashes + wrong;
}
process.exitCode = bad > 0 ? 1 : 0;

/**
 * Config fuzz, full size (prints figures, asserts nothing): generated stack configs through
 * `DeploymentConfiguration.parse`, judged by the oracle of tests/domain/config-fuzz.ts.
 *
 * - hostile: 10,000 configs of anything YAML/JSON can hold (prototype-named keys, cycles, deep
 *   nesting, long strings): a crash is parse throwing; a wrong result is a problem without a path,
 *   without the value quoted, without what is allowed, or not printable as JSON.
 * - valid: 2,000 configs within every limit: a wrong result is a refusal.
 * - mutated: 2,000 valid configs with one known mistake: a wrong result is an acceptance, or no
 *   problem at the mistake's path.
 *
 * Usage: npm run bench:fuzz (all of bench/fuzz/), or npx tsx bench/fuzz/config.ts
 *        CONFIGS=10000 SEED=14 to change the size and the seed.
 */
import {
  fuzzFamily,
  hostileStackConfig,
  judgeHostile,
  judgeMutated,
  judgeValid,
  mutatedStackConfig,
  validStackConfig,
} from "../../tests/domain/config-fuzz";

const CONFIGS = Number(process.env.CONFIGS ?? 10_000);
const SEED = Number(process.env.SEED ?? 14);

const families = [
  { name: "hostile", run: () => fuzzFamily(hostileStackConfig, judgeHostile, CONFIGS, SEED) },
  { name: "valid", run: () => fuzzFamily(validStackConfig, judgeValid, Math.ceil(CONFIGS / 5), SEED + 1) },
  { name: "mutated", run: () => fuzzFamily(mutatedStackConfig, judgeMutated, Math.ceil(CONFIGS / 5), SEED + 2) },
];

console.log(`config fuzz: DeploymentConfiguration.parse, seed ${SEED}`);
console.log("family    configs  crashes  wrong   configs/s");
let total = { configs: 0, crashes: 0, wrong: 0 };
const failures: string[] = [];
for (const family of families) {
  const started = process.hrtime.bigint();
  const figures = family.run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${family.name.padEnd(9)} ${String(figures.configs).padStart(7)}  ${String(figures.crashes).padStart(7)}  ${String(figures.wrong).padStart(5)}   ${Math.round(figures.configs / seconds)}`);
  total = { configs: total.configs + figures.configs, crashes: total.crashes + figures.crashes, wrong: total.wrong + figures.wrong };
  failures.push(...figures.firstFailures.map((f) => `${family.name}: ${f}`));
}
console.log(`total     ${String(total.configs).padStart(7)}  ${String(total.crashes).padStart(7)}  ${String(total.wrong).padStart(5)}`);
for (const failure of failures) console.log(`  ${failure}`);
// A bench prints; the exit code still tells CI whether the fuzz found something.
process.exitCode = total.crashes + total.wrong > 0 ? 1 : 0;

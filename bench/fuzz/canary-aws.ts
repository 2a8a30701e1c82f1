/**
 * Canary (AWS) fuzz, full size (prints figures): hostile values through the two parsers a release
 * on AWS adds, `parseRelease` (`semantest:release.traffic`) and the handler's `readReleaseCommand`,
 * plus valid splits through `aliasRouting`, whose alias must always pass the pack's rule. A crash
 * is a throw; a wrong result is a problem without its path or allowed values, or an alias the pack
 * refuses. The suite runs a seeded share (tests/canary-aws/release-traffic.test.ts, pinning-handler.test.ts).
 *
 * Usage: npm run bench:fuzz, or npx tsx bench/fuzz/canary-aws.ts; CASES=10000 SEED=20.
 */
import fc from "fast-check";
import { aliasRouting, aliasRoutingProblems } from "../../components/aws/release-traffic";
import { parseRelease } from "../../domain";
import { readReleaseCommand } from "../../runtime/aws/pinning";

const CASES = Number(process.env.CASES ?? 10_000);
const SEED = Number(process.env.SEED ?? 20);

const hostile = fc.oneof(fc.anything({ withObjectString: true, withNullPrototype: true, maxDepth: 4 }), fc.dictionary(fc.constantFrom("previous", "weight", "__proto__", "constructor", "versions"), fc.anything()));
const split = fc.record({ previous: fc.integer({ min: 1, max: 1e6 }), next: fc.integer({ min: 1, max: 1e6 }), weight: fc.double({ min: 0, max: 1, noNaN: true }) });

interface Row { name: string; cases: number; crashes: number; wrong: number; ms: number }
const rows: Row[] = [];
const failures: string[] = [];

function family<T>(name: string, arbitrary: fc.Arbitrary<T>, judge: (input: T) => string | undefined): void {
  const started = process.hrtime.bigint();
  let crashes = 0;
  let wrong = 0;
  for (const input of fc.sample(arbitrary, { numRuns: CASES, seed: SEED })) {
    try {
      const verdict = judge(input);
      if (verdict) {
        wrong++;
        if (failures.length < 5) failures.push(`${name}: ${verdict}`);
      }
    } catch (error) {
      crashes++;
      if (failures.length < 5) failures.push(`${name}: threw ${String(error)}`);
    }
  }
  rows.push({ name, cases: CASES, crashes, wrong, ms: Number(process.hrtime.bigint() - started) / 1e6 });
}

family("release.traffic", hostile, (raw) => {
  const parsed = parseRelease({ id: "r", artifacts: {}, traffic: raw });
  if (parsed.ok) return undefined;
  const bad = parsed.error.find((p) => !p.path.startsWith("semantest:release.traffic") || !/allowed|expected|is not/.test(JSON.stringify(p)));
  return bad ? `problem without its path or what is allowed: ${JSON.stringify(bad).slice(0, 200)}` : undefined;
});
family("release command", hostile, (raw) => {
  for (const event of [raw, { semantestRelease: raw }]) {
    const read = readReleaseCommand(event);
    if (read instanceof Error && !read.message.startsWith("semantestRelease")) return `error not naming the field: ${read.message}`;
  }
  return undefined;
});
family("alias routing", split, ({ previous, next, weight }) => {
  const traffic = { previous: { id: "p", artifacts: {}, versions: { "rest-api": String(previous) } }, weight };
  const routing = aliasRouting(String(next), traffic, "rest-api");
  const problems = aliasRoutingProblems(routing.functionVersion, routing.additionalVersionWeights);
  return problems.length > 0 ? `alias refused by the pack: ${problems.join("; ")}` : undefined;
});

console.log(`canary (AWS) fuzz, seed ${SEED}`);
console.log("family            cases  crashes  wrong  cases/s");
for (const row of rows) console.log(`${row.name.padEnd(16)} ${String(row.cases).padStart(6)} ${String(row.crashes).padStart(8)} ${String(row.wrong).padStart(6)} ${String(Math.round((row.cases / row.ms) * 1000)).padStart(8)}`);
for (const failure of failures) console.log(`  ${failure}`);
if (rows.some((r) => r.crashes + r.wrong > 0)) process.exitCode = 1;

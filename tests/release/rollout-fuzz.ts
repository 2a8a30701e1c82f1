/**
 * The rollout parser's fuzz oracle, shared by the seeded property test (tests/release/rollout-config.test.ts)
 * and the full-size run (bench/fuzz/rollout.ts): any input, `semantest:rollout` or a release's
 * `traffic`, must parse or be refused with problems that name a path, quote the value and say
 * what is allowed; a parse must give shares in (0, 1], waits of 1 s to 24 h, at most 100 shifts.
 */
import fc from "fast-check";
import { Environment, parseReleaseTraffic, parseRollout, ROLLOUT_STRATEGIES } from "../../domain";

const word = fc.oneof(fc.constantFrom(...ROLLOUT_STRATEGIES, "every", "10%", "0.5%", "99.99%", "5m", "0%", "100%", "-1m", "1e3%", "24h", "86401s", ""), fc.string({ maxLength: 8 }));
const steps = fc.array(word, { maxLength: 5 }).map((w) => w.join(" "));

export const rolloutInput = fc.oneof(
  fc.anything(),
  fc.constantFrom(...ROLLOUT_STRATEGIES),
  fc.record(
    { strategy: fc.oneof(fc.constantFrom(...ROLLOUT_STRATEGIES), fc.anything()), steps: fc.oneof(steps, fc.anything()), gates: fc.oneof(fc.record({ alarms: fc.anything(), verify: fc.anything() }), fc.anything()), extra: fc.anything() },
    { requiredKeys: [] },
  ),
);

export const trafficInput = fc.oneof(
  fc.anything(),
  fc.record({ weight: fc.oneof(fc.double(), fc.anything()), previous: fc.oneof(fc.record({ id: fc.oneof(fc.string(), fc.anything()), artifacts: fc.anything(), versions: fc.anything() }, { requiredKeys: [] }), fc.anything()), rollout: fc.anything() }, { requiredKeys: [] }),
);

export const ENVIRONMENTS = [Environment.of("dev"), Environment.of("staging"), Environment.of("production")];

/** Undefined when the result is right; otherwise what is wrong with it. Throws only if the parser does (a crash). */
export function judgeRollout(input: unknown, environment: Environment): string | undefined {
  const parsed = parseRollout(input, environment);
  if (parsed.ok) {
    const { shifts, strategy } = parsed.value;
    if (!ROLLOUT_STRATEGIES.includes(strategy)) return `strategy ${strategy}`;
    if (shifts.length > 100) return `${shifts.length} shifts`;
    if (!shifts.every((s) => s.weight > 0 && s.weight <= 1 && s.waitSeconds >= 1 && s.waitSeconds <= 86_400)) return `shift out of range: ${JSON.stringify(shifts)}`;
    return undefined;
  }
  return judgeProblems(parsed.error, "semantest:rollout");
}

export function judgeTraffic(input: unknown): string | undefined {
  const parsed = parseReleaseTraffic(input);
  if (parsed.ok) return parsed.value.weight >= 0 && parsed.value.weight <= 1 && typeof parsed.value.previous.id === "string" ? undefined : `accepted ${JSON.stringify(parsed.value)}`;
  return judgeProblems(parsed.error, "semantest:release.traffic");
}

function judgeProblems(problems: readonly { path: string; message: string }[], prefix: string): string | undefined {
  if (problems.length === 0) return "refused without a problem";
  for (const p of problems) {
    if (!p.path.startsWith(prefix)) return `problem path ${p.path}`;
    if (!/allowed|expected|is not /.test(p.message)) return `problem without what is allowed: ${p.message}`;
    try {
      JSON.stringify(p);
    } catch {
      return "problem not printable";
    }
  }
  return undefined;
}

import { EnvironmentName, Environment } from "./environment";
import { field, isObject, readBoolean, unknownKeys } from "./fields";
import { fail, Parsed, problem, ProblemCollector } from "./problem";
import { ok } from "../shared/result";

/**
 * `semantest:rollout`: how `deploy` moves traffic from the live release to the new one.
 *
 * - `all-at-once`: one update, every request on the new release at once (no `traffic` record).
 * - `canary`: `canary 10% 5m` = 10% of invocations (REST) / new connections (WebSocket) for 5
 *   minutes, gates watched, then 100%.
 * - `linear`: `linear 25% every 2m` = 25%, 50%, 75%, each watched for 2 minutes, then 100%.
 * - `blue-green`: `blue-green 5m` = 100% on the new release while the old one stays deployed
 *   beside it for 5 minutes (shifting back is one update), then the old one is let go.
 */
export const RolloutStrategies = { allAtOnce: "all-at-once", canary: "canary", linear: "linear", blueGreen: "blue-green" } as const;
export type RolloutStrategy = (typeof RolloutStrategies)[keyof typeof RolloutStrategies];
export const ROLLOUT_STRATEGIES: readonly RolloutStrategy[] = Object.values(RolloutStrategies);
/** The strategies that keep the old release beside the new one, so that a gate breach can shift back. */
export const GATED_STRATEGIES: readonly RolloutStrategy[] = ["canary", "linear", "blue-green"];
export const ROLLOUT_KEYS = ["strategy", "steps", "gates"] as const;
export const GATE_KEYS = ["alarms", "verify"] as const;

/** One shift before the last: the new release's share (0 < weight <= 1) and how long it is watched. */
export interface RolloutStep {
  readonly weight: number;
  readonly waitSeconds: number;
}

/** What a shift must pass before the next one: the stack's release alarms, and/or the verify contract suite. */
export interface RolloutGates {
  /** The alarms / alert rules named by the stack output `releaseAlarms` must not be firing. */
  readonly alarms: boolean;
  /** The verify contract suite must pass against the stack's endpoints at the end of each step. */
  readonly verify: boolean;
}

export interface Rollout {
  readonly strategy: RolloutStrategy;
  /** The steps as written (`canary 10% 5m`); null for all-at-once. */
  readonly steps: string | null;
  /** The shifts before the final 100% (empty for all-at-once), in order. */
  readonly shifts: readonly RolloutStep[];
  readonly gates: RolloutGates;
}

/** Longest a single step may be watched: a day (a release left half-shifted longer is forgotten, not watched). */
export const STEP_WAIT_MAX_SECONDS = 24 * 3600;
/** Most shifts a linear rollout may take (`linear 1% every 1m` = 99). */
export const ROLLOUT_SHIFTS_MAX = 100;
/** Default steps per strategy when `steps` is omitted. */
export const DEFAULT_STEPS: Readonly<Record<Exclude<RolloutStrategy, "all-at-once">, string>> = {
  canary: "canary 10% 5m",
  linear: "linear 25% every 2m",
  "blue-green": "blue-green 5m",
};

/**
 * Per environment: dev and staging ship all at once (fast iteration; staging rehearses the
 * topology, not the traffic split); production ships a canary watched by its alarms and the
 * verify suite.
 */
export const ROLLOUT_DEFAULTS: Readonly<Record<EnvironmentName, { readonly strategy: RolloutStrategy; readonly gates: RolloutGates }>> = {
  dev: { strategy: "all-at-once", gates: { alarms: true, verify: false } },
  staging: { strategy: "all-at-once", gates: { alarms: true, verify: false } },
  production: { strategy: "canary", gates: { alarms: true, verify: true } },
};

const PATH = "semantest:rollout";
const FORMS: Readonly<Record<Exclude<RolloutStrategy, "all-at-once">, string>> = {
  canary: '"canary <percent>% <duration>", e.g. "canary 10% 5m"',
  linear: '"linear <percent>% every <duration>", e.g. "linear 25% every 2m"',
  "blue-green": '"blue-green <duration>", e.g. "blue-green 5m"',
};
const DURATION_FORM = "a whole number of s, m or h (1s to 24h)";

/** The rollout an environment gets when `semantest:rollout` is absent. */
export function defaultRollout(environment: Environment): Rollout {
  const defaults = ROLLOUT_DEFAULTS[environment.name];
  return withStrategy(defaults.strategy, defaults.gates);
}

/** Parses `semantest:rollout`, filling omitted fields from the environment's defaults. Never throws. */
export function parseRollout(raw: unknown, environment: Environment, path = PATH): Parsed<Rollout> {
  const defaults = ROLLOUT_DEFAULTS[environment.name];
  if (raw === undefined) return ok(defaultRollout(environment));
  // `semantest:rollout: canary` is the short form of `{ strategy: canary }`.
  if (typeof raw === "string") return parseRollout({ strategy: raw }, environment, path);
  if (!isObject(raw)) return fail(problem(path, raw, `is not an object; expected { strategy: ${ROLLOUT_STRATEGIES.join(" | ")}, steps?, gates? }`));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, ROLLOUT_KEYS));
  const rawSteps = field(raw, "steps");
  const rawStrategy = field(raw, "strategy");
  // Without a strategy, the steps name it (`steps: linear 25% every 2m`); without either, the environment's.
  const implied = rawStrategy === undefined && typeof rawSteps === "string" ? rawSteps.trim().split(/\s+/)[0] : undefined;
  const strategy = found.take(parseStrategy(rawStrategy ?? (implied && (ROLLOUT_STRATEGIES as readonly string[]).includes(implied) ? implied : defaults.strategy), `${path}.strategy`));
  const gates = found.take(parseGates(field(raw, "gates"), defaults.gates, `${path}.gates`));
  let shifts: readonly RolloutStep[] = [];
  let steps: string | null = null;
  if (strategy !== undefined) {
    if (strategy === "all-at-once") {
      if (rawSteps !== undefined) found.add(problem(`${path}.steps`, rawSteps, "is not allowed with strategy all-at-once, which has no steps; remove it or choose canary, linear or blue-green"));
    } else {
      steps = rawSteps === undefined ? DEFAULT_STEPS[strategy] : typeof rawSteps === "string" ? normalize(rawSteps) : null;
      if (steps === null) found.add(problem(`${path}.steps`, rawSteps, `is not a string; expected ${FORMS[strategy]}`));
      else shifts = found.take(parseSteps(steps, strategy, `${path}.steps`)) ?? [];
    }
  }
  return found.result(() => ({ strategy: strategy!, steps, shifts, gates: gates! }));
}

/** `deploy --strategy <s>`: the flag replaces the configured strategy; steps follow it unless they already match. */
export function overrideStrategy(rollout: Rollout, strategy: string, path = "--strategy"): Parsed<Rollout> {
  const parsed = parseStrategy(strategy, path);
  if (!parsed.ok) return parsed;
  if (parsed.value === rollout.strategy) return ok(rollout);
  return ok(withStrategy(parsed.value, rollout.gates));
}

/** True when the rollout keeps the old release beside the new one and something watches the shift. */
export function isGated(rollout: Rollout): boolean {
  return (GATED_STRATEGIES as readonly string[]).includes(rollout.strategy) && (rollout.gates.alarms || rollout.gates.verify);
}

/**
 * The problem of a production rollout that is not gated, or none: the rule the policy pack's
 * `production-gated-rollout` enforces, kept here so that the pack and `deploy` agree.
 */
export function ungatedRolloutReason(rollout: Rollout): string | undefined {
  if (!(GATED_STRATEGIES as readonly string[]).includes(rollout.strategy)) {
    return `strategy ${rollout.strategy} shifts every request at once with nothing to shift back to; allowed: ${GATED_STRATEGIES.join(", ")} with gates`;
  }
  if (!rollout.gates.alarms && !rollout.gates.verify) return `strategy ${rollout.strategy} has every gate off (alarms: false, verify: false); turn on alarms and/or verify`;
  return undefined;
}

/** Parses a steps string for a strategy: the shifts before 100%. */
export function parseSteps(text: string, strategy: Exclude<RolloutStrategy, "all-at-once">, path: string): Parsed<readonly RolloutStep[]> {
  const words = normalize(text).split(" ");
  const bad = (why: string) => fail<readonly RolloutStep[]>(problem(path, text, `${why}; expected ${FORMS[strategy]}`));
  if (words[0] !== strategy) return bad(`does not start with the strategy "${strategy}"`);
  if (strategy === "blue-green") {
    if (words.length !== 2) return bad("is not a blue-green step");
    const wait = parseDuration(words[1]);
    return wait === undefined ? bad(`has ${JSON.stringify(words[1])} as its duration, not ${DURATION_FORM}`) : ok([{ weight: 1, waitSeconds: wait }]);
  }
  const expected = strategy === "canary" ? 3 : 4;
  if (words.length !== expected || (strategy === "linear" && words[2] !== "every")) return bad(`is not a ${strategy} step`);
  const basisPoints = parsePercent(words[1]);
  if (basisPoints === undefined) return bad(`has ${JSON.stringify(words[1])} as its share, not a percentage above 0% and below 100% (at most 2 decimals)`);
  const wait = parseDuration(words[expected - 1]);
  if (wait === undefined) return bad(`has ${JSON.stringify(words[expected - 1])} as its duration, not ${DURATION_FORM}`);
  if (strategy === "canary") return ok([{ weight: basisPoints / 10_000, waitSeconds: wait }]);
  const count = Math.ceil(10_000 / basisPoints) - 1;
  if (count > ROLLOUT_SHIFTS_MAX) return fail(problem(path, text, `takes ${count} steps; allowed: at most ${ROLLOUT_SHIFTS_MAX} (a share of at least 1%)`));
  return ok(Array.from({ length: count }, (_, i) => ({ weight: ((i + 1) * basisPoints) / 10_000, waitSeconds: wait })));
}

function parseStrategy(raw: unknown, path: string): Parsed<RolloutStrategy> {
  return typeof raw === "string" && (ROLLOUT_STRATEGIES as readonly string[]).includes(raw)
    ? ok(raw as RolloutStrategy)
    : fail(problem(path, raw, `is not a rollout strategy; allowed: ${ROLLOUT_STRATEGIES.join(", ")}`));
}

function parseGates(raw: unknown, defaults: RolloutGates, path: string): Parsed<RolloutGates> {
  if (raw === undefined) return ok(defaults);
  if (!isObject(raw)) return fail(problem(path, raw, `is not an object; expected { ${GATE_KEYS.join(", ")} } with true or false`));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, GATE_KEYS));
  const read = (key: (typeof GATE_KEYS)[number]) => {
    const value = field(raw, key);
    return value === undefined ? defaults[key] : (found.take(readBoolean(`${path}.${key}`, value)) ?? defaults[key]);
  };
  const gates = { alarms: read("alarms"), verify: read("verify") };
  return found.result(() => gates);
}

function withStrategy(strategy: RolloutStrategy, gates: RolloutGates): Rollout {
  if (strategy === "all-at-once") return { strategy, steps: null, shifts: [], gates };
  const steps = DEFAULT_STEPS[strategy];
  const shifts = parseSteps(steps, strategy, PATH);
  // The defaults are constants this module parses itself; a failure here is a bug in DEFAULT_STEPS.
  if (!shifts.ok) throw new Error(`DEFAULT_STEPS.${strategy} is invalid: ${shifts.error[0].message}`);
  return { strategy, steps, shifts: shifts.value, gates };
}

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

/** `10%` -> 1000 basis points; `0.5%` -> 50; undefined unless 0 < p < 100 with at most 2 decimals. */
function parsePercent(word: string): number | undefined {
  const match = /^(\d{1,2})(?:\.(\d{1,2}))?%$/.exec(word);
  if (!match) return undefined;
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return basisPoints > 0 && basisPoints < 10_000 ? basisPoints : undefined;
}

/** `30s`, `5m`, `1h` -> seconds; undefined outside 1s..24h. */
function parseDuration(word: string): number | undefined {
  const match = /^(\d{1,5})(s|m|h)$/.exec(word);
  if (!match) return undefined;
  const seconds = Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as "s" | "m" | "h"];
  return seconds >= 1 && seconds <= STEP_WAIT_MAX_SECONDS ? seconds : undefined;
}

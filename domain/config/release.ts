import { COMPONENT_KINDS, ComponentKind } from "./component-kind";
import { field, isObject, readString, RawObject, unknownKeys } from "./fields";
import { TAG_VALUE_MAX } from "./tags";
import { ConfigProblem, fail, Parsed, problem, ProblemCollector } from "./problem";
import { ROLLOUT_STRATEGIES, RolloutStrategy, STEP_WAIT_MAX_SECONDS } from "./rollout";

/** `sha256:` and 64 hex digits: the content address of an artifact zip. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
/** `semantest:release.id` is written as a tag value on every resource (tags.ts, TAG_VALUE_MAX). */
export const RELEASE_ID_MAX = TAG_VALUE_MAX;
/** A version name (AWS: a Lambda version number; Azure: an app, slot or package name): a Lambda qualifier's limit is 128. */
export const RELEASE_VERSION_MAX = 128;
export const TRAFFIC_KEYS_OF_RELEASE = ["weight", "previous", "rollout"] as const;

export type ReleaseArtifacts = Readonly<Partial<Record<ComponentKind, string>>>;

/**
 * What serves the previous release on the cloud, per component: AWS the Lambda version number,
 * Azure the app / slot / package name. Copied by the CLI from the stack output `liveVersions`
 * before the first shift.
 */
export type ReleaseVersions = Readonly<Partial<Record<ComponentKind, string>>>;

/** Where a rollout stands; written by the CLI for `status` (the program reads `weight` and `previous` only). */
export interface RolloutProgress {
  readonly strategy: RolloutStrategy;
  /** 1-based: the shift this update made. */
  readonly step: number;
  /** Shifts before the final 100%. */
  readonly steps: number;
  /** How long this step is watched before the next shift. */
  readonly waitSeconds: number;
}

/**
 * A release sharing traffic with the one before it (canary, linear, blue-green). `weight` is the
 * NEW release's share (of invocations for REST, of NEW connections for WebSocket) in [0, 1]:
 * 0 = everything back on `previous` (automatic rollback, abort). No `traffic` at all = everything
 * on the new release.
 */
export interface ReleaseTraffic {
  readonly weight: number;
  readonly previous: { readonly id: string; readonly artifacts: ReleaseArtifacts; readonly versions?: ReleaseVersions };
  readonly rollout?: RolloutProgress;
}

/**
 * What a deploy ships: `semantest:release = { id, artifacts: { "rest-api": "sha256:…" }, traffic? }`.
 * The CLI writes it before `up`; rollback restores an earlier one from stack history.
 */
export interface Release {
  readonly id: string;
  readonly artifacts: ReleaseArtifacts;
  readonly traffic?: ReleaseTraffic;
}

export function parseRelease(raw: unknown, path = "semantest:release"): Parsed<Release | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  if (!isObject(raw)) return fail(problem(path, raw, "is not an object; expected { id, artifacts, traffic? }"));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, ["id", "artifacts", "traffic"]));
  // The id becomes the `deployment-id` tag of every resource: a tag value's limit is its limit.
  const id = found.take(readString(`${path}.id`, field(raw, "id"), "a deployment id", RELEASE_ID_MAX));
  const artifacts = readArtifacts(field(raw, "artifacts"), `${path}.artifacts`, found);
  const rawTraffic = field(raw, "traffic");
  const traffic = rawTraffic === undefined ? undefined : found.take(parseReleaseTraffic(rawTraffic, `${path}.traffic`));
  return found.result(() => ({ id: id!, artifacts, ...(traffic ? { traffic } : {}) }));
}

/** Parses `semantest:release.traffic`: weight in [0, 1], previous { id, artifacts, versions? }, rollout?. */
export function parseReleaseTraffic(raw: unknown, path = "semantest:release.traffic"): Parsed<ReleaseTraffic> {
  if (!isObject(raw)) return fail(problem(path, raw, "is not an object; expected { weight, previous: { id, artifacts, versions? } }"));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, TRAFFIC_KEYS_OF_RELEASE));
  const weight = readWeight(field(raw, "weight"), `${path}.weight`, found);
  const previous = readPrevious(field(raw, "previous"), `${path}.previous`, found);
  const rawRollout = field(raw, "rollout");
  const rollout = rawRollout === undefined ? undefined : readProgress(rawRollout, `${path}.rollout`, found);
  return found.result(() => ({ weight: weight!, previous: previous!, ...(rollout ? { rollout } : {}) }));
}

/** The release that serves everything: the new one without traffic, the previous one when shifted back to 0. */
export function servingRelease(release: Release): Release {
  if (!release.traffic || release.traffic.weight > 0) return { id: release.id, artifacts: release.artifacts };
  return { id: release.traffic.previous.id, artifacts: release.traffic.previous.artifacts };
}

/** A rollout that shifted some traffic and has not finished: the new release serves a share (0 < weight). */
export function inProgress(release: Release | undefined): release is Release & { traffic: ReleaseTraffic } {
  return release?.traffic !== undefined && release.traffic.weight > 0;
}

function readArtifacts(raw: unknown, path: string, found: ProblemCollector): Partial<Record<ComponentKind, string>> {
  const artifacts: Partial<Record<ComponentKind, string>> = {};
  if (raw === undefined) return artifacts;
  if (!isObject(raw)) {
    found.add(problem(path, raw, "is not a map of component to digest"));
    return artifacts;
  }
  found.add(...unknownKeys(path, raw, COMPONENT_KINDS));
  for (const kind of COMPONENT_KINDS) {
    const digest = field(raw, kind);
    if (digest === undefined) continue;
    if (typeof digest === "string" && DIGEST_PATTERN.test(digest)) artifacts[kind] = digest;
    else found.add(problem(`${path}.${kind}`, digest, 'is not an artifact digest; expected "sha256:" and 64 hex digits'));
  }
  return artifacts;
}

function readWeight(raw: unknown, path: string, found: ProblemCollector): number | undefined {
  if (typeof raw === "number" && Number.isFinite(raw) && raw >= 0 && raw <= 1) return raw;
  found.add(problem(path, raw, "is not a share of traffic; allowed: a number from 0 (all on previous) to 1 (all on the new release)"));
  return undefined;
}

function readPrevious(raw: unknown, path: string, found: ProblemCollector): ReleaseTraffic["previous"] | undefined {
  if (!isObject(raw)) {
    found.add(problem(path, raw, "is not an object; expected the release traffic shifts from: { id, artifacts, versions? }"));
    return undefined;
  }
  const problems: ConfigProblem[] = unknownKeys(path, raw, ["id", "artifacts", "versions"]);
  found.add(...problems);
  const id = found.take(readString(`${path}.id`, field(raw, "id"), "a deployment id", RELEASE_ID_MAX));
  const artifacts = readArtifacts(field(raw, "artifacts"), `${path}.artifacts`, found);
  const versions = readVersions(field(raw, "versions"), `${path}.versions`, found);
  return id === undefined ? undefined : { id, artifacts, ...(versions ? { versions } : {}) };
}

function readVersions(raw: unknown, path: string, found: ProblemCollector): ReleaseVersions | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    found.add(problem(path, raw, `is not a map of component to the version serving it; allowed keys: ${COMPONENT_KINDS.join(", ")}`));
    return undefined;
  }
  found.add(...unknownKeys(path, raw, COMPONENT_KINDS));
  const versions: Partial<Record<ComponentKind, string>> = {};
  for (const kind of COMPONENT_KINDS) {
    const value = field(raw, kind);
    if (value === undefined) continue;
    const read = found.take(readString(`${path}.${kind}`, value, "a version name (Lambda version number, app or slot name)", RELEASE_VERSION_MAX));
    if (read !== undefined) versions[kind] = read;
  }
  return versions;
}

function readProgress(raw: unknown, path: string, found: ProblemCollector): RolloutProgress | undefined {
  if (!isObject(raw)) {
    found.add(problem(path, raw, "is not an object; expected { strategy, step, steps, waitSeconds }"));
    return undefined;
  }
  found.add(...unknownKeys(path, raw, ["strategy", "step", "steps", "waitSeconds"]));
  const strategy = field(raw, "strategy");
  const whole = (key: string, min: number, max: number): number | undefined => {
    const value = field(raw as RawObject, key);
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
    found.add(problem(`${path}.${key}`, value, `is not a whole number from ${min} to ${max}`));
    return undefined;
  };
  if (typeof strategy !== "string" || !(ROLLOUT_STRATEGIES as readonly string[]).includes(strategy)) {
    found.add(problem(`${path}.strategy`, strategy, `is not a rollout strategy; allowed: ${ROLLOUT_STRATEGIES.join(", ")}`));
  }
  const steps = whole("steps", 1, 100);
  const step = whole("step", 1, steps ?? 100);
  const waitSeconds = whole("waitSeconds", 0, STEP_WAIT_MAX_SECONDS);
  if (steps === undefined || step === undefined || waitSeconds === undefined || !(ROLLOUT_STRATEGIES as readonly string[]).includes(strategy as string)) return undefined;
  return { strategy: strategy as RolloutStrategy, step, steps, waitSeconds };
}

import { COMPONENT_KINDS, ComponentKind } from "./component-kind";
import { field, isObject, RawObject, readString, unknownKeys } from "./fields";
import { TAG_VALUE_MAX } from "./tags";
import { fail, Parsed, problem, ProblemCollector } from "./problem";

/** `sha256:` and 64 hex digits: the content address of an artifact zip. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
/** `semantest:release.id` is written as a tag value on every resource (tags.ts, TAG_VALUE_MAX). */
export const RELEASE_ID_MAX = TAG_VALUE_MAX;
/** Longest `previous.versions.<kind>`: a Lambda qualifier is at most 128 characters (Lambda API reference, Invoke, Qualifier). */
export const RELEASE_VERSION_MAX = 128;

/**
 * The traffic split of a release in progress (issue 20): `weight` in [0, 1] is the NEW release's
 * share (of invocations for REST, of new connections for WebSocket); the rest stays on `previous`.
 * `weight: 0` puts everything back on `previous` (rollback / abort). `previous.versions` is what
 * serves `previous` on the cloud (the `liveVersions` stack output copied by the CLI): a Lambda
 * version number on AWS, an app/slot/package name on Azure.
 */
export interface ReleaseTraffic {
  readonly previous: {
    readonly id: string;
    readonly artifacts: Readonly<Partial<Record<ComponentKind, string>>>;
    readonly versions?: Readonly<Partial<Record<ComponentKind, string>>>;
  };
  readonly weight: number;
}

/**
 * What a deploy ships: `semantest:release = { id, artifacts: { "rest-api": "sha256:…" }, traffic? }`.
 * The CLI writes it before `up`; rollback restores an earlier one from stack history.
 */
export interface Release {
  readonly id: string;
  readonly artifacts: Readonly<Partial<Record<ComponentKind, string>>>;
  /** Absent: everything on this release (all-at-once). */
  readonly traffic?: ReleaseTraffic;
}

export function parseRelease(raw: unknown, path = "semantest:release"): Parsed<Release | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  if (!isObject(raw)) return fail(problem(path, raw, "is not an object; expected { id, artifacts }"));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, ["id", "artifacts", "traffic"]));
  // The id becomes the `deployment-id` tag of every resource: a tag value's limit is its limit.
  const id = found.take(readString(`${path}.id`, field(raw, "id"), "a deployment id", RELEASE_ID_MAX));
  const artifacts = readArtifacts(`${path}.artifacts`, field(raw, "artifacts"), found);
  const rawTraffic = field(raw, "traffic");
  const traffic = rawTraffic === undefined ? undefined : readTraffic(`${path}.traffic`, rawTraffic, found);
  return found.result(() => ({ id: id!, artifacts, ...(traffic ? { traffic } : {}) }));
}

function readArtifacts(path: string, raw: unknown, found: ProblemCollector): Partial<Record<ComponentKind, string>> {
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

function readTraffic(path: string, raw: unknown, found: ProblemCollector): ReleaseTraffic | undefined {
  if (!isObject(raw)) {
    found.add(problem(path, raw, "is not an object; expected { previous: { id, artifacts, versions }, weight }"));
    return undefined;
  }
  found.add(...unknownKeys(path, raw, ["previous", "weight"]));
  const weight = field(raw, "weight");
  const weightOk = typeof weight === "number" && Number.isFinite(weight) && weight >= 0 && weight <= 1;
  if (!weightOk) found.add(problem(`${path}.weight`, weight, "is not the new release's share; allowed: a number from 0 to 1"));
  const previous = readPrevious(`${path}.previous`, field(raw, "previous"), found);
  return weightOk && previous ? { previous, weight: weight as number } : undefined;
}

function readPrevious(path: string, raw: unknown, found: ProblemCollector): ReleaseTraffic["previous"] | undefined {
  if (!isObject(raw)) {
    found.add(problem(path, raw, "is not an object; expected { id, artifacts, versions }"));
    return undefined;
  }
  found.add(...unknownKeys(path, raw, ["id", "artifacts", "versions"]));
  const id = found.take(readString(`${path}.id`, field(raw, "id"), "a deployment id", RELEASE_ID_MAX));
  const artifacts = readArtifacts(`${path}.artifacts`, field(raw, "artifacts"), found);
  const versions = field(raw, "versions") === undefined ? undefined : readVersions(`${path}.versions`, field(raw, "versions"), found);
  return id === undefined ? undefined : { id, artifacts, ...(versions ? { versions } : {}) };
}

function readVersions(path: string, raw: unknown, found: ProblemCollector): Partial<Record<ComponentKind, string>> {
  const versions: Partial<Record<ComponentKind, string>> = {};
  if (raw === undefined) return versions;
  if (!isObject(raw)) {
    found.add(problem(path, raw, "is not a map of component to the version serving it"));
    return versions;
  }
  found.add(...unknownKeys(path, raw as RawObject, COMPONENT_KINDS));
  for (const kind of COMPONENT_KINDS) {
    const value = field(raw, kind);
    if (value === undefined) continue;
    const read = found.take(readString(`${path}.${kind}`, value, "a version name", RELEASE_VERSION_MAX));
    if (read !== undefined) versions[kind] = read;
  }
  return versions;
}

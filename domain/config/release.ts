import { COMPONENT_KINDS, ComponentKind } from "./component-kind";
import { field, isObject, readString, unknownKeys } from "./fields";
import { TAG_VALUE_MAX } from "./tags";
import { fail, Parsed, problem, ProblemCollector } from "./problem";

/** `sha256:` and 64 hex digits: the content address of an artifact zip. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
/** `semantest:release.id` is written as a tag value on every resource (tags.ts, TAG_VALUE_MAX). */
export const RELEASE_ID_MAX = TAG_VALUE_MAX;

/**
 * What a deploy ships: `semantest:release = { id, artifacts: { "rest-api": "sha256:…" } }`.
 * The CLI writes it before `up`; rollback restores an earlier one from stack history.
 */
export interface Release {
  readonly id: string;
  readonly artifacts: Readonly<Partial<Record<ComponentKind, string>>>;
}

export function parseRelease(raw: unknown, path = "semantest:release"): Parsed<Release | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  if (!isObject(raw)) return fail(problem(path, raw, "is not an object; expected { id, artifacts }"));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, ["id", "artifacts"]));
  // The id becomes the `deployment-id` tag of every resource: a tag value's limit is its limit.
  const id = found.take(readString(`${path}.id`, field(raw, "id"), "a deployment id", RELEASE_ID_MAX));
  const artifacts: Partial<Record<ComponentKind, string>> = {};
  const rawArtifacts = field(raw, "artifacts");
  if (rawArtifacts !== undefined) {
    if (!isObject(rawArtifacts)) found.add(problem(`${path}.artifacts`, rawArtifacts, "is not a map of component to digest"));
    else {
      found.add(...unknownKeys(`${path}.artifacts`, rawArtifacts, COMPONENT_KINDS));
      for (const kind of COMPONENT_KINDS) {
        const digest = field(rawArtifacts, kind);
        if (digest === undefined) continue;
        if (typeof digest === "string" && DIGEST_PATTERN.test(digest)) artifacts[kind] = digest;
        else found.add(problem(`${path}.artifacts.${kind}`, digest, 'is not an artifact digest; expected "sha256:" and 64 hex digits'));
      }
    }
  }
  return found.result(() => ({ id: id!, artifacts }));
}

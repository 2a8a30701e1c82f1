import { COMPONENT_KINDS, ComponentKind } from "./component-kind";
import { isObject, readString, unknownKeys } from "./fields";
import { fail, Parsed, problem, ProblemCollector } from "./problem";

/** `sha256:` and 64 hex digits: the content address of an artifact zip. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

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
  const id = found.take(readString(`${path}.id`, raw.id, "a deployment id"));
  const artifacts: Partial<Record<ComponentKind, string>> = {};
  if (raw.artifacts !== undefined) {
    if (!isObject(raw.artifacts)) found.add(problem(`${path}.artifacts`, raw.artifacts, "is not a map of component to digest"));
    else {
      found.add(...unknownKeys(`${path}.artifacts`, raw.artifacts, COMPONENT_KINDS));
      for (const kind of COMPONENT_KINDS) {
        const digest = raw.artifacts[kind];
        if (digest === undefined) continue;
        if (typeof digest === "string" && DIGEST_PATTERN.test(digest)) artifacts[kind] = digest;
        else found.add(problem(`${path}.artifacts.${kind}`, digest, 'is not an artifact digest; expected "sha256:" and 64 hex digits'));
      }
    }
  }
  return found.result(() => ({ id: id!, artifacts }));
}

/**
 * What a change does, offline: compare the resources two offline previews declare, as the engine
 * would diff them (by URN; each resource's `ignoreChanges` honoured), and say per resource whether
 * it is created, updated in place (which inputs), replaced (an input the provider cannot update),
 * deleted, or left alone. Pure: two documents in, one answer out.
 */
import { replacingKeys } from "./replace-rules";

export const CHANGE_OPS = ["create", "update", "replace", "delete", "same"] as const;
export type ChangeOp = (typeof CHANGE_OPS)[number];

/** A resource as the offline preview JSON lists it (`options` is optional: older baselines lack it). */
export interface PreviewResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string | null;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly options?: { readonly ignoreChanges?: readonly string[]; readonly retainOnDelete?: boolean };
}

export interface PreviewResources {
  readonly resources: readonly PreviewResource[];
}

export interface ResourceChange {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
  readonly op: ChangeOp;
  /** Top-level input keys that differ (update / replace); empty otherwise. */
  readonly keys: readonly string[];
  /** For a replace: the keys that force it (see REPLACE_ON_CHANGES). */
  readonly replaceKeys?: readonly string[];
}

export type ChangeSummary = Readonly<Record<ChangeOp, number>>;

export interface PreviewDiff {
  /** Every resource of either document, current order first, then deletions in baseline order. */
  readonly changes: readonly ResourceChange[];
  readonly summary: ChangeSummary;
}

export interface DiffOptions {
  /** Tag keys left out of the comparison (e.g. `deployment-id`, which every release changes). */
  readonly ignoreTags?: readonly string[];
}

export function diffPreviews(baseline: PreviewResources, current: PreviewResources, options: DiffOptions = {}): PreviewDiff {
  const before = new Map(baseline.resources.map((r) => [r.urn, r]));
  const after = new Set(current.resources.map((r) => r.urn));
  const changes: ResourceChange[] = [];
  for (const resource of current.resources) {
    const old = before.get(resource.urn);
    if (!old) {
      changes.push({ urn: resource.urn, name: resource.name, type: resource.type, op: "create", keys: [] });
      continue;
    }
    // The engine diffs with the NEW registration's ignoreChanges (the program's current options).
    const ignored = resource.options?.ignoreChanges ?? [];
    const keys = changedKeys(
      withoutTags(withoutPaths(old.inputs, ignored), options.ignoreTags),
      withoutTags(withoutPaths(resource.inputs, ignored), options.ignoreTags),
    );
    // A type change under the same URN cannot happen (the type is part of the URN), but a hand-edited baseline can say so.
    const replaceKeys = old.type !== resource.type ? ["(type)"] : replacingKeys(resource.type, keys);
    const op: ChangeOp = replaceKeys.length > 0 ? "replace" : keys.length > 0 ? "update" : "same";
    changes.push({ urn: resource.urn, name: resource.name, type: resource.type, op, keys, ...(op === "replace" ? { replaceKeys } : {}) });
  }
  for (const resource of baseline.resources) {
    if (!after.has(resource.urn)) changes.push({ urn: resource.urn, name: resource.name, type: resource.type, op: "delete", keys: [] });
  }
  return { changes, summary: summarize(changes) };
}

export function summarize(changes: readonly Pick<ResourceChange, "op">[]): ChangeSummary {
  const summary = Object.fromEntries(CHANGE_OPS.map((op) => [op, 0])) as Record<ChangeOp, number>;
  for (const change of changes) summary[change.op] += 1;
  return summary;
}

/** How many resources a diff touches (everything but `same`). */
export function changeCount(summary: ChangeSummary): number {
  return summary.create + summary.update + summary.replace + summary.delete;
}

export function changedKeys(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((key) => canonical(a[key]) !== canonical(b[key]));
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/** The inputs with the given keys removed from `tags` / `tagsAll` (AWS) and `tags` (Azure). */
function withoutTags(inputs: Readonly<Record<string, unknown>>, ignore: readonly string[] | undefined): Readonly<Record<string, unknown>> {
  if (!ignore || ignore.length === 0) return inputs;
  const out: Record<string, unknown> = { ...inputs };
  for (const key of ["tags", "tagsAll"]) {
    const tags = inputs[key];
    if (tags && typeof tags === "object" && !Array.isArray(tags)) {
      out[key] = Object.fromEntries(Object.entries(tags).filter(([name]) => !ignore.includes(name)));
    }
  }
  return out;
}

/**
 * The inputs without the values at `ignoreChanges` paths, as the engine's diff leaves them out.
 * Handles the path forms the program uses: `key`, `key.sub` and `key["sub"]`.
 */
export function withoutPaths(inputs: Readonly<Record<string, unknown>>, paths: readonly string[]): Readonly<Record<string, unknown>> {
  if (paths.length === 0) return inputs;
  const out: Record<string, unknown> = { ...inputs };
  for (const path of paths) {
    const match = /^([^.[\]]+)(?:\.([^.[\]]+)|\["([^"]+)"\])?$/.exec(path);
    if (!match) continue;
    const [, key, dotted, quoted] = match;
    const sub = dotted ?? quoted;
    if (sub === undefined) {
      delete out[key];
      continue;
    }
    const inner = out[key];
    if (inner && typeof inner === "object" && !Array.isArray(inner)) {
      const copy = { ...(inner as Record<string, unknown>) };
      delete copy[sub];
      out[key] = copy;
    }
  }
  return out;
}

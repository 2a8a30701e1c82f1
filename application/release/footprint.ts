/**
 * What a rollback changes, measured offline: evaluate the program with the live config and with
 * the config to restore, and compare each resource's inputs with application/diff (the diff
 * `preview --offline --baseline` prints). Pure: it compares two recordings.
 */
import { changedKeys, diffPreviews, withoutPaths } from "../diff";
import type { RecordedResource } from "../ports/offline";

export interface ResourceChange {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly change: "update" | "replace" | "create" | "delete";
  /** Top-level input keys whose values differ (for an update). */
  readonly keys: readonly string[];
}

export interface ComponentFootprint {
  /** The component resource's name (`rest-api`, `websocket`), or `(stack)` for resources outside any component. */
  readonly component: string;
  readonly componentType: string | null;
  /** Custom resources under the component (at any depth). */
  readonly resources: number;
  readonly changes: readonly ResourceChange[];
  /**
   * Resources that depend directly on a changed one. Offline their inputs look the same (mocked
   * outputs are constants), but an engine may update them too: e.g. a Lambda alias follows the
   * function's new published version. An upper bound to read beside `changes`, not a count of them.
   */
  readonly dependents: readonly { readonly urn: string; readonly type: string; readonly name: string }[];
}

const COMPONENT_PREFIX = "semantest:components:";

export interface FootprintOptions {
  /** Tag keys left out of the comparison (e.g. `deployment-id`, which every release changes). */
  readonly ignoreTags?: readonly string[];
}

/** Groups every changed custom resource by the semantest component it belongs to. */
export function rollbackFootprint(live: readonly RecordedResource[], restored: readonly RecordedResource[], options: FootprintOptions = {}): ComponentFootprint[] {
  const before = new Map(live.map((r) => [r.urn, r]));
  const after = new Map(restored.map((r) => [r.urn, r]));
  const all = new Map([...before, ...after]);
  const owner = (urn: string): RecordedResource | undefined => {
    let current = all.get(urn);
    while (current) {
      if (current.type.startsWith(COMPONENT_PREFIX)) return current;
      current = current.parent ? all.get(current.parent) : undefined;
    }
    return undefined;
  };

  const footprints = new Map<
    string,
    { component: string; componentType: string | null; resources: number; changes: ResourceChange[]; dependents: { urn: string; type: string; name: string }[] }
  >();
  const entry = (urn: string) => {
    const component = owner(urn);
    const key = component?.name ?? "(stack)";
    if (!footprints.has(key)) footprints.set(key, { component: key, componentType: component?.type ?? null, resources: 0, changes: [], dependents: [] });
    return footprints.get(key)!;
  };
  for (const resource of live) if (resource.type.startsWith(COMPONENT_PREFIX)) entry(resource.urn);

  // The same diff as `preview --offline --baseline` (application/diff), listed in live-then-new order.
  const diffed = new Map(diffPreviews({ resources: live }, { resources: restored }, { ignoreTags: options.ignoreTags }).changes.map((c) => [c.urn, c]));
  for (const [urn, resource] of all) {
    if (!resource.custom) continue;
    const footprint = entry(urn);
    if (after.has(urn)) footprint.resources += 1;
    const change = diffed.get(urn);
    if (change && change.op !== "same") footprint.changes.push({ urn, type: resource.type, name: resource.name, change: change.op, keys: change.op === "create" || change.op === "delete" ? [] : change.keys });
  }
  const changed = new Set([...footprints.values()].flatMap((f) => f.changes.map((c) => c.urn)));
  for (const resource of restored) {
    if (!resource.custom || changed.has(resource.urn)) continue;
    if (resource.dependencies.some((dep) => changed.has(dep))) entry(resource.urn).dependents.push({ urn: resource.urn, type: resource.type, name: resource.name });
  }
  return [...footprints.values()].sort((x, y) => x.component.localeCompare(y.component));
}

// Kept importable from here for existing callers; the implementation lives with the diff.
export { changedKeys, withoutPaths };

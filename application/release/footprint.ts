/**
 * What a rollback changes, measured offline: evaluate the program with the live config and with
 * the config to restore, and compare each resource's inputs. Pure: it compares two recordings.
 */
import type { RecordedResource } from "../ports/offline";

export interface ResourceChange {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly change: "update" | "create" | "delete";
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

  for (const [urn, resource] of all) {
    if (!resource.custom) continue;
    const footprint = entry(urn);
    if (after.has(urn)) footprint.resources += 1;
    const a = before.get(urn);
    const b = after.get(urn);
    if (!a) footprint.changes.push({ urn, type: resource.type, name: resource.name, change: "create", keys: [] });
    else if (!b) footprint.changes.push({ urn, type: resource.type, name: resource.name, change: "delete", keys: [] });
    else {
      // What the engine would not diff: the resource's own ignoreChanges, then any tags the caller leaves out.
      const ignored = b.options.ignoreChanges ?? [];
      const keys = changedKeys(
        withoutTags(withoutPaths(a.inputs, ignored), options.ignoreTags),
        withoutTags(withoutPaths(b.inputs, ignored), options.ignoreTags),
      );
      if (keys.length > 0) footprint.changes.push({ urn, type: resource.type, name: resource.name, change: "update", keys });
    }
  }
  const changed = new Set([...footprints.values()].flatMap((f) => f.changes.map((c) => c.urn)));
  for (const resource of restored) {
    if (!resource.custom || changed.has(resource.urn)) continue;
    if (resource.dependencies.some((dep) => changed.has(dep))) entry(resource.urn).dependents.push({ urn: resource.urn, type: resource.type, name: resource.name });
  }
  return [...footprints.values()].sort((x, y) => x.component.localeCompare(y.component));
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

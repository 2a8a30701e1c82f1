import { ConfigProblem, problem } from "./problem";

/**
 * The one way domain/config reads untrusted keys. Stack config comes from YAML or JSON a user
 * wrote: a key may be `__proto__`, `constructor` or `toString`, a value may refer to itself (a YAML
 * alias cycle) or nest thousands of levels deep. Every parser therefore sees config only as
 * "config trees": null-prototype maps (no inherited `toString`/`constructor`, and an own
 * `__proto__` key is just a key), arrays and primitives, acyclic and at most `MAX_DEPTH` deep.
 * Reads go through `own()`, which never looks at a prototype.
 */
export const CONFIG_LIMITS = {
  /** Nesting below a top-level key; the deepest real setting is 4 levels down (cors.allowOrigins[i]). */
  maxDepth: 16,
  /** Maps, lists and values below one top-level key. */
  maxNodes: 10_000,
} as const;

export type ConfigTree = string | number | boolean | null | undefined | readonly ConfigTree[] | { readonly [key: string]: ConfigTree };

/** `obj[key]` if `obj` has that key itself, never an inherited one (`toString`, `constructor`, `__proto__`). */
export function own(obj: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** A map with no prototype, filled with CreateDataProperty semantics (an `__proto__` key stays a key). */
export function nullPrototypeMap<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const map = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  return map;
}

/**
 * A bounded, acyclic, null-prototype copy of `value`, plus the problems that made parts of it
 * unreadable (those parts become `undefined`, so a parser reports nothing more about them).
 * Never throws, whatever `value` is.
 */
export function toConfigTree(
  value: unknown,
  path: string,
): { readonly tree: ConfigTree; readonly problems: readonly ConfigProblem[]; readonly cycles: readonly ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const cycles: ConfigProblem[] = [];
  let nodes = 0;
  const ancestors = new Set<object>();
  const copy = (node: unknown, at: string, depth: number): ConfigTree => {
    if (++nodes > CONFIG_LIMITS.maxNodes) {
      if (nodes === CONFIG_LIMITS.maxNodes + 1) problems.push(problem(path, undefined, `holds more than ${CONFIG_LIMITS.maxNodes} values; allowed: at most ${CONFIG_LIMITS.maxNodes}`));
      return undefined;
    }
    // Strings are kept whole: each field checks its own length limit and names it (fields.ts readString).
    if (node === null || typeof node === "string" || node === undefined || typeof node === "number" || typeof node === "boolean") return node;
    if (typeof node !== "object") {
      problems.push(problem(at, String(typeof node), "is not a config value; allowed: strings, numbers, booleans, lists and maps"));
      return undefined;
    }
    if (ancestors.has(node)) {
      const cycle = problem(at, node, "refers to itself (a YAML alias inside its own anchor); allowed: values without cycles");
      problems.push(cycle);
      cycles.push(cycle);
      return undefined;
    }
    if (depth >= CONFIG_LIMITS.maxDepth) {
      problems.push(problem(at, node, `is nested more than ${CONFIG_LIMITS.maxDepth} levels deep; allowed: at most ${CONFIG_LIMITS.maxDepth}`));
      return undefined;
    }
    ancestors.add(node);
    try {
      if (Array.isArray(node)) return node.map((item, i) => copy(item, `${at}[${i}]`, depth + 1));
      return nullPrototypeMap(Object.keys(node).map((key) => [key, copy(own(node, key), `${at}.${key}`, depth + 1)] as const));
    } catch {
      // A getter or proxy that throws (never from YAML or JSON, but parse must not throw for anything).
      problems.push(problem(at, undefined, "could not be read; allowed: plain strings, numbers, booleans, lists and maps"));
      return undefined;
    } finally {
      ancestors.delete(node);
    }
  };
  const tree = copy(value, path, 0);
  return { tree, problems, cycles };
}

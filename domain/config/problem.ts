import { err, ok, Result } from "../shared/result";

/**
 * One thing wrong with the stack config: where (`semantest:components.rest-api.memoryMb`), the value
 * found there, and a sentence that quotes the value and says what is allowed.
 */
export interface ConfigProblem {
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

/** The result of parsing a piece of config: the value, or every problem found in it. */
export type Parsed<T> = Result<T, readonly ConfigProblem[]>;

/** How much of a value a problem keeps and prints: a 5 MB string is quoted by its start and its length. */
export const SHOWN_STRING_MAX = 120;
const KEPT_DEPTH = 3;
const KEPT_ITEMS = 20;

/**
 * A JSON-safe, bounded copy of a config value for a problem: strings cut to `SHOWN_STRING_MAX`
 * characters (with the full length said), at most 3 levels and 20 items per map or list, cycles
 * marked. The CLI prints problems as JSON, so this must be printable whatever the user wrote.
 * Never throws.
 */
export function keptValue(value: unknown, depth = 0, seen: Set<object> = new Set()): unknown {
  if (typeof value === "string") {
    if (value.length <= SHOWN_STRING_MAX) return value;
    // Cut so that the result fits in SHOWN_STRING_MAX too: keeping a kept value changes nothing.
    const tail = `… (${value.length} characters)`;
    return `${value.slice(0, SHOWN_STRING_MAX - tail.length)}${tail}`;
  }
  if (value === null || value === undefined || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value !== "object") return `(${typeof value})`;
  if (seen.has(value)) return "(itself)";
  if (depth >= KEPT_DEPTH) return Array.isArray(value) ? "[…]" : "{…}";
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.slice(0, KEPT_ITEMS).map((item) => keptValue(item, depth + 1, seen));
      return value.length > KEPT_ITEMS ? [...items, `… (${value.length} items)`] : items;
    }
    const keys = Object.keys(value);
    const kept = Object.create(null) as Record<string, unknown>;
    for (const key of keys.slice(0, KEPT_ITEMS)) {
      const item = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
      Object.defineProperty(kept, keptValue(key) as string, { value: keptValue(item, depth + 1, seen), enumerable: true, writable: true, configurable: true });
    }
    if (keys.length > KEPT_ITEMS) kept["…"] = `${keys.length} keys`;
    return kept;
  } catch {
    return "(unreadable)";
  } finally {
    seen.delete(value);
  }
}

/** Renders a config value the way a user wrote it: strings quoted, objects as JSON; bounded, never throws. */
export function show(value: unknown): string {
  if (value === undefined) return "(missing)";
  const kept = keptValue(value);
  if (typeof kept === "string") return JSON.stringify(kept);
  if (typeof kept === "number" || typeof kept === "boolean" || kept === null) return String(kept);
  const json = JSON.stringify(kept);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** `problem("a.b", 3, "is below 5")` -> `{ path: "a.b", value: 3, message: "3 is below 5" }`. */
export function problem(path: string, value: unknown, rest: string): ConfigProblem {
  return { path: keptValue(path) as string, value: keptValue(value), message: `${show(value)} ${rest}` };
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.path}: ${p.message}`;
}

export const fail = <T>(...problems: ConfigProblem[]): Parsed<T> => err(problems);

/** Collects problems while a parser walks the config, so one run reports every one of them. */
export class ProblemCollector {
  private readonly found: ConfigProblem[] = [];

  add(...problems: readonly ConfigProblem[]): void {
    this.found.push(...problems);
  }

  /** Takes the value of a parse, recording its problems; `undefined` when it failed. */
  take<T>(parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.add(...parsed.error);
    return undefined;
  }

  get problems(): readonly ConfigProblem[] {
    return this.found;
  }

  get empty(): boolean {
    return this.found.length === 0;
  }

  /** The value when nothing was found wrong, otherwise every problem. */
  result<T>(build: () => T): Parsed<T> {
    return this.empty ? ok(build()) : err([...this.found]);
  }
}

/** Thrown by entry points (never by the domain) when config is invalid; carries every problem. */
export class InvalidConfigurationError extends Error {
  readonly code = "INVALID_CONFIG" as const;

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "InvalidConfigurationError";
  }
}

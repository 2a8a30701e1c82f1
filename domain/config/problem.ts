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

/** Renders a config value the way a user wrote it: strings quoted, objects as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return "(missing)";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return String(value);
  }
}

/** `problem("a.b", 3, "is below 5")` -> `{ path: "a.b", value: 3, message: "3 is below 5" }`. */
export function problem(path: string, value: unknown, rest: string): ConfigProblem {
  return { path, value, message: `${show(value)} ${rest}` };
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

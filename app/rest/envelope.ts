/**
 * Semantest's event envelope (DESIGN §6) as the REST app accepts it on `POST /events`.
 * Pure validation: returns every problem with the field, the value and what is allowed.
 */

export interface EventEnvelope {
  readonly id: string;
  readonly type: string;
  readonly timestamp: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly aggregateId: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly metadata: { readonly source: string; readonly version: number } & Readonly<Record<string, unknown>>;
}

export interface EnvelopeProblem {
  /** JSON path of the field, e.g. `metadata.version`. */
  readonly field: string;
  readonly message: string;
}

export type EnvelopeResult = { readonly ok: true; readonly event: EventEnvelope } | { readonly ok: false; readonly problems: readonly EnvelopeProblem[] };

/** Crockford base32, 26 characters, first character 0-7 (a ULID's 48-bit time fits in 10 chars). */
export const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
/** Past-tense dotted names like `infrastructure.deployment.completed`: at least two lowercase segments. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-zA-Z0-9_-]*(\.[a-z][a-zA-Z0-9_-]*)+$/;
/** ISO-8601 in UTC (`Z` or `+00:00`), with optional fractional seconds. */
export const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
export const MAX_ID_LENGTH = 256;

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim().length > 0 && value.length <= MAX_ID_LENGTH;
}

/** Validates an unknown JSON value as an event envelope; lists every problem. */
export function validateEnvelope(raw: unknown): EnvelopeResult {
  if (!isPlainObject(raw)) {
    return { ok: false, problems: [{ field: "", message: `the body must be a JSON object (an event envelope), got ${describe(raw)}` }] };
  }
  const problems: EnvelopeProblem[] = [];
  const problem = (field: string, allowed: string) => {
    const value = pick(raw, field);
    const what = value === undefined ? `${field} is missing` : `${field}: ${describe(value)} is not valid`;
    problems.push({ field, message: `${what}; expected ${allowed}` });
  };

  if (typeof raw.id !== "string" || !ULID_PATTERN.test(raw.id)) problem("id", "a ULID (26 Crockford base32 characters, e.g. 01JD5X3Q7ZK2M4N6P8R0S1T2V3)");
  if (typeof raw.type !== "string" || !EVENT_TYPE_PATTERN.test(raw.type) || raw.type.length > MAX_ID_LENGTH) {
    problem("type", "a dotted lowercase name such as infrastructure.deployment.completed");
  }
  if (typeof raw.timestamp !== "string" || !ISO_UTC_PATTERN.test(raw.timestamp) || Number.isNaN(Date.parse(raw.timestamp))) {
    problem("timestamp", "an ISO-8601 UTC timestamp such as 2026-11-22T17:00:00.000Z");
  }
  if (!nonEmptyString(raw.correlationId)) problem("correlationId", `a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  if (raw.causationId !== null && !nonEmptyString(raw.causationId)) problem("causationId", "the id of the causing event, or null");
  if (!nonEmptyString(raw.aggregateId)) problem("aggregateId", `a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  if (!isPlainObject(raw.payload)) problem("payload", "a JSON object");
  if (!isPlainObject(raw.metadata)) {
    problem("metadata", 'an object {"source": string, "version": integer >= 1}');
  } else {
    if (!nonEmptyString(raw.metadata.source)) problem("metadata.source", "a non-empty string naming the producer");
    if (typeof raw.metadata.version !== "number" || !Number.isInteger(raw.metadata.version) || raw.metadata.version < 1) {
      problem("metadata.version", "an integer >= 1 (the envelope schema version)");
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, event: raw as unknown as EventEnvelope };
}

function pick(raw: Record<string, unknown>, field: string): unknown {
  let value: unknown = raw;
  for (const key of field.split(".")) {
    if (!isPlainObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

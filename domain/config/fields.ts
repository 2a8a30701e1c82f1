import { fail, Parsed, problem } from "./problem";
import { ok } from "../shared/result";
import { own } from "./safe-tree";

/** Small typed readers for raw config values. Each names the path and the value it rejects. */

export type RawObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is RawObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A setting of a raw map: its own key only (see safe-tree.ts), `undefined` when absent. */
export const field = (raw: RawObject, key: string): unknown => own(raw, key);

/** Default length limit of a string setting; fields with a tighter real limit pass their own. */
export const STRING_MAX = 1024;
/** Longest list a setting may hold (origins, headers, sinks). */
export const LIST_MAX = 100;

export function readObject(path: string, value: unknown): Parsed<RawObject> {
  return isObject(value) ? ok(value) : fail(problem(path, value, "is not an object; expected a map of settings"));
}

/** Problems for keys not in `allowed`: a typo in stack config must not be silently ignored. */
export function unknownKeys(path: string, value: RawObject, allowed: readonly string[]) {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => problem(`${path}.${key}`, own(value, key), `is not a known setting; allowed: ${allowed.join(", ")}`));
}

export function readInteger(path: string, value: unknown, min: number, max: number, limit: string): Parsed<number> {
  if (typeof value !== "number" || !Number.isFinite(value) || !Number.isInteger(value)) {
    return fail(problem(path, value, `is not a whole number; allowed: ${min} to ${max}`));
  }
  if (value < min) return fail(problem(path, value, `is below the ${limit} minimum of ${min}`));
  if (value > max) return fail(problem(path, value, `is above the ${limit} maximum of ${max}`));
  return ok(value);
}

export function readBoolean(path: string, value: unknown): Parsed<boolean> {
  return typeof value === "boolean" ? ok(value) : fail(problem(path, value, "is not a boolean; allowed: true, false"));
}

export function readString(path: string, value: unknown, what = "a non-empty string", max: number = STRING_MAX): Parsed<string> {
  if (typeof value !== "string" || value.trim().length === 0) return fail(problem(path, value, `is not ${what}`));
  return value.length > max ? fail(tooLong(path, value, max)) : ok(value);
}

/** The problem for a string over its field's limit: names the field, the length and the limit. */
export function tooLong(path: string, value: string, max: number) {
  return problem(path, value, `is ${value.length} characters long; allowed: at most ${max}`);
}

export function readOneOf<T extends string>(path: string, value: unknown, allowed: readonly T[], what: string): Parsed<T> {
  return typeof value === "string" && (allowed as readonly string[]).includes(value)
    ? ok(value as T)
    : fail(problem(path, value, `is not a supported ${what}; allowed: ${allowed.join(", ")}`));
}

export function readStringList(path: string, value: unknown, max: number = STRING_MAX): Parsed<readonly string[]> {
  if (!Array.isArray(value)) return fail(problem(path, value, "is not a list of strings"));
  if (value.length > LIST_MAX) return fail(problem(path, value, `has ${value.length} items; allowed: at most ${LIST_MAX}`));
  const bad = value
    .map((item, i) => ({ item, i }))
    .filter(({ item }) => typeof item !== "string" || item.length === 0 || item.length > max)
    .map(({ item, i }) => (typeof item === "string" && item.length > max ? tooLong(`${path}[${i}]`, item, max) : problem(`${path}[${i}]`, item, "is not a non-empty string")));
  return bad.length > 0 ? fail(...bad) : ok(value as string[]);
}

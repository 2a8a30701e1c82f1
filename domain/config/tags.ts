import { fail, Parsed, problem, ProblemCollector } from "./problem";
import { isObject } from "./fields";

export type Tags = Readonly<Record<string, string>>;

/**
 * Limits that hold on both clouds: AWS tag keys are 1-128 characters, values up to 256, and the
 * `aws:` prefix is reserved (AWS "Tagging best practices"); Azure tag names may not contain
 * `< > % & \ ? /` and values are up to 256 characters (Azure Resource Manager "Tag resources").
 */
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;
const FORBIDDEN_KEY_CHARACTERS = /[<>%&\\?/]/;

export function parseTags(raw: unknown, path: string): Parsed<Tags> {
  if (raw === undefined) return { ok: true, value: {} };
  if (!isObject(raw)) return fail(problem(path, raw, "is not a map of tag names to string values"));
  const found = new ProblemCollector();
  for (const [key, value] of Object.entries(raw)) {
    const at = `${path}.${key}`;
    if (key.length === 0 || key.length > TAG_KEY_MAX) found.add(problem(at, key, `is not a tag name of 1 to ${TAG_KEY_MAX} characters`));
    else if (FORBIDDEN_KEY_CHARACTERS.test(key)) found.add(problem(at, key, "is not a tag name: < > % & \\ ? / are not allowed on Azure"));
    else if (key.toLowerCase().startsWith("aws:")) found.add(problem(at, key, 'is not a tag name: the "aws:" prefix is reserved by AWS'));
    if (typeof value !== "string") found.add(problem(at, value, "is not a string tag value"));
    else if (value.length > TAG_VALUE_MAX) found.add(problem(at, value, `is longer than the ${TAG_VALUE_MAX}-character tag value limit`));
  }
  return found.result(() => ({ ...(raw as Record<string, string>) }));
}

/** Tags every taggable resource carries (DESIGN §6): who manages it and what it belongs to. */
export function standardTags(input: {
  readonly environment: string;
  readonly component?: string;
  readonly deploymentId?: string;
  readonly extra?: Tags;
}): Tags {
  return {
    ...(input.extra ?? {}),
    environment: input.environment,
    "managed-by": "semantest-iac",
    ...(input.component ? { component: input.component } : {}),
    ...(input.deploymentId ? { "deployment-id": input.deploymentId } : {}),
  };
}

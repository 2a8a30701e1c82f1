import { fail, Parsed, problem, ProblemCollector } from "./problem";
import { isObject } from "./fields";

export type Tags = Readonly<Record<string, string>>;

/**
 * `semantest:tags` go on every taggable resource of the stack, on either cloud (`--provider` may
 * move a component between clouds), so a tag must be valid on both:
 *
 * - AWS: keys 1-128 and values 0-256 *Unicode characters* (code points, not UTF-16 units); letters,
 *   numbers, spaces and `_ . : / = + - @` only; the `aws:` key prefix is reserved (AWS "Tagging AWS
 *   resources", Tag naming limits and requirements; the same pattern
 *   `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$` is in the RDS/EFS API references' `Tag` type).
 * - Azure: tag names may not contain `< > % & \ ? /`, values are up to 256 characters (Azure
 *   Resource Manager, "Use tags to organize your Azure resources", Limitations).
 * - At most 50 tags per resource on both; semantest-iac adds up to 4 standard tags (STANDARD_TAG_KEYS),
 *   so at most 46 come from config. Types with a lower limit (S3 objects: 10) or a narrower character
 *   set (DynamoDB: no `@`) get the config tags that fit; components/events/resource-tags.ts leaves the
 *   others off that resource and says which.
 * - `__proto__`: JavaScript objects give this key a special meaning, and Pulumi's own serializer
 *   assigns properties one by one (@pulumi/pulumi runtime/rpc.js, serializeProperty), so such a tag
 *   would silently vanish from every resource: refused, with the reason.
 */
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;
export const TAGS_PER_RESOURCE_MAX = 50;
export const STANDARD_TAG_KEYS = ["environment", "managed-by", "component", "deployment-id"] as const;
export const CONFIG_TAGS_MAX = TAGS_PER_RESOURCE_MAX - STANDARD_TAG_KEYS.length;
const AWS_TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const AZURE_FORBIDDEN_NAME_CHARACTERS = /[<>%&\\?/]/;

/** Length as AWS counts it: Unicode characters (an emoji or a CJK extension character is one). */
export function tagLength(text: string): number {
  return [...text].length;
}

/** The characters of `text` AWS refuses in a tag, each once, in order. */
export function refusedTagCharacters(text: string): string[] {
  return [...new Set([...text].filter((char) => !AWS_TAG_CHARACTERS.test(char)))];
}

export function parseTags(raw: unknown, path: string): Parsed<Tags> {
  if (raw === undefined) return { ok: true, value: {} };
  if (!isObject(raw)) return fail(problem(path, raw, "is not a map of tag names to string values"));
  const found = new ProblemCollector();
  const entries = Object.entries(raw);
  if (entries.length > CONFIG_TAGS_MAX) {
    found.add(problem(path, raw, `has ${entries.length} tags, more than the ${CONFIG_TAGS_MAX} config tags a resource can take (${TAGS_PER_RESOURCE_MAX} per resource, ${STANDARD_TAG_KEYS.length} of them standard)`));
  }
  for (const [key, value] of entries) {
    const at = `${path}.${key}`;
    const keyProblem = tagKeyProblem(key);
    if (keyProblem) found.add(problem(at, key, keyProblem));
    if (typeof value !== "string") found.add(problem(at, value, "is not a string tag value"));
    else {
      const valueProblem = tagValueProblem(value);
      if (valueProblem) found.add(problem(at, value, `is not a value for tag ${JSON.stringify(key)}: ${valueProblem}`));
    }
  }
  return found.result(() => Object.fromEntries(entries) as Record<string, string>);
}

function tagKeyProblem(key: string): string | undefined {
  const length = tagLength(key);
  if (length === 0 || length > TAG_KEY_MAX) return `is not a tag name of 1 to ${TAG_KEY_MAX} characters (it has ${length})`;
  if (key === "__proto__") return "is not a tag name semantest-iac can pass on: JavaScript and Pulumi's serializer treat __proto__ as an object's prototype, so the tag would silently vanish; rename it";
  if ((STANDARD_TAG_KEYS as readonly string[]).includes(key)) return `is not a tag name you can set: semantest-iac sets ${STANDARD_TAG_KEYS.join(", ")} itself`;
  if (key.toLowerCase().startsWith("aws:")) return 'is not a tag name: the "aws:" prefix is reserved by AWS';
  if (AZURE_FORBIDDEN_NAME_CHARACTERS.test(key)) return "is not a tag name: < > % & \\ ? / are not allowed on Azure";
  const refused = refusedTagCharacters(key);
  if (refused.length > 0) return `is not a tag name: AWS refuses ${refused.map((c) => JSON.stringify(c)).join(", ")} (allowed: letters, numbers, spaces and _ . : = + - @)`;
  return undefined;
}

function tagValueProblem(value: string): string | undefined {
  const length = tagLength(value);
  if (length > TAG_VALUE_MAX) return `it is ${length} characters, longer than the ${TAG_VALUE_MAX}-character tag value limit`;
  const refused = refusedTagCharacters(value);
  if (refused.length > 0) return `AWS refuses ${refused.map((c) => JSON.stringify(c)).join(", ")} in tag values (allowed: letters, numbers, spaces and _ . : / = + - @)`;
  return undefined;
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

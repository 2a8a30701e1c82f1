import { standardTags, Tags } from "../../domain";
import type { ResourceComponent } from "../../domain/events";
import { isTaggable } from "./taggable";

export interface TagContext {
  readonly environment: string;
  /** `semantest:release.id`: stable across plain `pulumi up` runs of one release, so tags do not churn. */
  readonly releaseId: string | undefined;
  /** `semantest:tags` from the stack config. */
  readonly extra: Tags;
}

/** The standard tags (DESIGN §6) for a resource of `component`: extra config tags first, the standard keys win. */
export function tagsFor(component: ResourceComponent, context: TagContext): Tags {
  return standardTags({ environment: context.environment, component, deploymentId: context.releaseId, extra: context.extra });
}

/** A tag the type could not take, and why. */
export interface LeftOffTag {
  readonly key: string;
  readonly reason: string;
}

export interface FittedTags {
  readonly props: Record<string, unknown>;
  /** Tags left off this resource (empty when every tag fit); the caller reports them. */
  readonly leftOff: readonly LeftOffTag[];
}

/**
 * Merges the standard tags into a resource's `tags` input, when its type takes a tags map and the
 * input is a plain map it can merge into (an unknown or secret value is left as it is). The
 * standard keys (environment, component, managed-by, deployment-id) always carry the standard
 * values; then come the resource's own tags, then config tags in config order. Every per-type rule
 * applies to the whole set, whoever added a tag: past the type's tag count the rest is left off,
 * and a tag the type's character set refuses is left off; each with its reason.
 */
export function fitStandardTags(type: string, props: Record<string, unknown>, standard: Tags, isUnknown: (value: unknown) => boolean): FittedTags | undefined {
  if (!isTaggable(type)) return undefined;
  const current = props.tags;
  if (current !== undefined && current !== null && !isPlainStringMap(current, isUnknown)) return undefined;
  const own = Object.entries((current as Record<string, unknown> | null | undefined) ?? {});
  const core = Object.entries(standard).filter(([key]) => STANDARD_KEYS.has(key));
  // A component may pass the full standard set as its own tags; those count as standard/config tags.
  const ownOnly = own.filter(([key, value]) => !STANDARD_KEYS.has(key) && standard[key] !== value);
  const config = Object.entries(standard).filter(([key]) => !STANDARD_KEYS.has(key) && !ownOnly.some(([k]) => k === key));
  const leftOff: LeftOffTag[] = [];
  const kept: [string, unknown][] = [];
  const limit = tagLimit(type);
  for (const [key, value] of [...core, ...ownOnly, ...config]) {
    const refused = refusedByType(type, key, value);
    if (refused) leftOff.push({ key, reason: refused });
    else if (kept.length >= limit) leftOff.push({ key, reason: `${typeLabel(type)} takes at most ${limit} tags` });
    else kept.push([key, value]);
  }
  return { props: { ...props, tags: Object.fromEntries(kept) }, leftOff };
}

/** `fitStandardTags` without the report: the props to register. */
export function withStandardTags(type: string, props: Record<string, unknown>, standard: Tags, isUnknown: (value: unknown) => boolean): Record<string, unknown> | undefined {
  return fitStandardTags(type, props, standard, isUnknown)?.props;
}

/** One line per resource for the deploy log: which tags were left off and why. */
export function describeLeftOff(name: string, type: string, leftOff: readonly LeftOffTag[]): string {
  return `${name} (${type}): tags left off: ${leftOff.map((tag) => `${JSON.stringify(tag.key)} (${tag.reason})`).join(", ")}`;
}

/**
 * Most AWS and Azure resources take up to 50 tags; S3 objects only 10 (Amazon S3 User Guide,
 * "Categorizing your objects using tags": up to 10 tags per object). Past the limit the cloud
 * rejects the whole resource, so tags that do not fit are left off rather than failing the deploy.
 */
export function tagLimit(type: string): number {
  return S3_OBJECT_TYPES.some((prefix) => type.startsWith(prefix)) ? 10 : 50;
}

const S3_OBJECT_TYPES = ["aws:s3/bucketObject:", "aws:s3/bucketObjectv2:", "aws:s3/objectCopy:"];

/**
 * Character rules narrower than the config's (domain/config/tags.ts accepts AWS's general set):
 * DynamoDB allows letters, white space, numbers and `+ - = . _ : /` only, no `@` (Amazon DynamoDB
 * Developer Guide, "Tagging restrictions in DynamoDB").
 */
function refusedByType(type: string, key: string, value: unknown): string | undefined {
  if (!type.startsWith("aws:dynamodb/")) return undefined;
  const text = typeof value === "string" ? `${key}${value}` : key;
  return text.includes("@") ? "DynamoDB refuses \"@\" in tags" : undefined;
}

function typeLabel(type: string): string {
  return type.slice(type.lastIndexOf(":") + 1);
}

const STANDARD_KEYS = new Set(["environment", "component", "managed-by", "deployment-id"]);

function isPlainStringMap(value: unknown, isUnknown: (value: unknown) => boolean): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value) || isUnknown(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return false;
  return Object.values(value).every((v) => typeof v === "string" || isUnknown(v));
}

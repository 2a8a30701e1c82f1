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

/**
 * Merges the standard tags into a resource's `tags` input, when its type takes a tags map and the
 * input is a plain map it can merge into (an unknown or secret value is left as it is). Tags the
 * implementation set itself are kept; the standard keys (environment, component, managed-by,
 * deployment-id) always carry the standard values.
 */
export function withStandardTags(type: string, props: Record<string, unknown>, standard: Tags, isUnknown: (value: unknown) => boolean): Record<string, unknown> | undefined {
  if (!isTaggable(type)) return undefined;
  const current = props.tags;
  if (current !== undefined && current !== null && !isPlainStringMap(current, isUnknown)) return undefined;
  const own = (current as Record<string, unknown> | null | undefined) ?? {};
  const core = Object.fromEntries(Object.entries(standard).filter(([key]) => STANDARD_KEYS.has(key)));
  // Config tags fill what room the type's tag limit leaves after the standard and the resource's own tags.
  const room = tagLimit(type) - new Set([...Object.keys(own), ...Object.keys(core)]).size;
  const extra = Object.fromEntries(
    Object.entries(standard)
      .filter(([key]) => !STANDARD_KEYS.has(key) && !(key in own))
      .slice(0, Math.max(0, room)),
  );
  return { ...props, tags: { ...extra, ...own, ...core } };
}

/**
 * Most AWS and Azure resources take up to 50 tags; S3 objects only 10 (Amazon S3 User Guide,
 * "Categorizing your storage using tags"). Past the limit the cloud rejects the whole resource, so
 * config tags that do not fit are left off rather than failing the deploy.
 */
export function tagLimit(type: string): number {
  return type.startsWith("aws:s3/bucketObject") ? 10 : 50;
}

const STANDARD_KEYS = new Set(["environment", "component", "managed-by", "deployment-id"]);

function isPlainStringMap(value: unknown, isUnknown: (value: unknown) => boolean): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value) || isUnknown(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return false;
  return Object.values(value).every((v) => typeof v === "string" || isUnknown(v));
}

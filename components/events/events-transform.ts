import type { CloudProvider } from "../../domain";
import { DeploymentIdentity, providerOfType, ResourceComponent, resourceEvent, ResourceFacts } from "../../domain/events";
import type { DomainEvent } from "../../domain/deployment/domain-event";
import { componentOf, urnFor } from "./resource-identity";
import { fitStandardTags, LeftOffTag, tagsFor, TagContext } from "./resource-tags";

/** What the transformation knows about the stack it runs in. */
export interface TransformContext {
  readonly identity: DeploymentIdentity;
  readonly project: string;
  readonly tags: TagContext;
  /** Each deployed component's cloud, for resources that are not a cloud's own (the components themselves). */
  readonly providers: Readonly<Partial<Record<string, CloudProvider>>>;
  /** URN -> component of every resource seen so far (shared with the outcome hooks). */
  readonly components: Map<string, ResourceComponent>;
  /** Pulumi's `isUnknown` (values not known during a preview). */
  readonly isUnknown: (value: unknown) => boolean;
  readonly now: () => Date;
}

/** One registration as the transformation sees it (the engine's TransformRequest, or the mock monitor's request). */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly props: Record<string, unknown>;
  readonly parentUrn: string | undefined;
}

export interface PlannedResource {
  /** The props to register: with the standard tags when the type takes tags; undefined = unchanged. */
  readonly props: Record<string, unknown> | undefined;
  /** Property paths the engine should not diff (added to the resource's own `ignoreChanges`). */
  readonly ignoreChanges: readonly string[];
  /** Tags this resource's type could not take (count or characters); reported by the caller. */
  readonly tagsLeftOff: readonly LeftOffTag[];
  readonly facts: ResourceFacts;
}

/**
 * The `deployment-id` tag records the deployment that created a resource, except on the resources
 * that carry the code, where it follows every release. Without this every deploy and every rollback
 * would rewrite the tags of every resource in the stack, and a rollback would touch far more than
 * its code pointers (DESIGN §8).
 */
export const DEPLOYMENT_TAG_PATH = 'tags["deployment-id"]';
const CODE_CARRYING_TYPES = new Set([
  "aws:lambda/function:Function",
  "aws:s3/bucketObjectv2:BucketObjectv2",
  "aws:s3/bucketObject:BucketObject",
  "azure-native:resources:Deployment",
  "azure-native:storage:Blob",
]);

export function carriesCode(type: string): boolean {
  return CODE_CARRYING_TYPES.has(type);
}

/**
 * The transformation's core, the same under the engine and under mocks: decides the resource's
 * component (from its parent chain), provider and URN, and merges the standard tags.
 */
export function planResource(registration: Registration, context: TransformContext, urnStyle: "engine" | "mock"): PlannedResource {
  const component = componentOf(registration.type, registration.parentUrn, context.components);
  const urn = urnFor(urnStyle, context.identity.stack, context.project, registration.type, registration.name, registration.parentUrn);
  context.components.set(urn, component);
  const provider = providerOfType(registration.type) ?? (component === "platform" ? null : (context.providers[component] ?? null));
  const fitted = registration.custom ? fitStandardTags(registration.type, registration.props, tagsFor(component, context.tags), context.isUnknown) : undefined;
  const props = fitted?.props;
  const tagged = (props?.tags as Record<string, unknown> | undefined)?.["deployment-id"] !== undefined;
  const ignoreChanges = tagged && !carriesCode(registration.type) ? [DEPLOYMENT_TAG_PATH] : [];
  return { props, ignoreChanges, tagsLeftOff: fitted?.leftOff ?? [], facts: { urn, resourceType: registration.type, name: registration.name, component, provider } };
}

/** `infrastructure.resource.planned` for a resource a preview declares. */
export function plannedEvent(facts: ResourceFacts, context: TransformContext): DomainEvent<object> {
  return resourceEvent("planned", context.identity, facts, context.now());
}

import type { CloudProvider } from "../../domain";
import { DeploymentIdentity, providerOfType, ResourceComponent, resourceEvent, ResourceFacts } from "../../domain/events";
import type { DomainEvent } from "../../domain/deployment/domain-event";
import { componentOf, urnFor } from "./resource-identity";
import { tagsFor, TagContext, withStandardTags } from "./resource-tags";

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
  readonly facts: ResourceFacts;
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
  const props = registration.custom ? withStandardTags(registration.type, registration.props, tagsFor(component, context.tags), context.isUnknown) : undefined;
  return { props, facts: { urn, resourceType: registration.type, name: registration.name, component, provider } };
}

/** `infrastructure.resource.planned` for a resource a preview declares. */
export function plannedEvent(facts: ResourceFacts, context: TransformContext): DomainEvent<object> {
  return resourceEvent("planned", context.identity, facts, context.now());
}

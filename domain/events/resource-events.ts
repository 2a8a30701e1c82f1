import type { CloudProvider } from "../config/cloud-provider";
import type { ComponentKind } from "../config/component-kind";
import { DomainEvent, EventTypes } from "../deployment/domain-event";

/** What a resource belongs to: one of the components, or the stack-wide platform (bucket, resource group). */
export type ResourceComponent = ComponentKind | "platform";

export const ResourceOutcomes = {
  planned: EventTypes.resourcePlanned,
  created: EventTypes.resourceCreated,
  updated: EventTypes.resourceUpdated,
  replaced: EventTypes.resourceReplaced,
  deleted: EventTypes.resourceDeleted,
  failed: EventTypes.resourceFailed,
} as const;
export type ResourceOutcome = keyof typeof ResourceOutcomes;

/** Who a deployment is: shared by every event of one run of the program. */
export interface DeploymentIdentity {
  readonly deploymentId: string;
  readonly stack: string;
  readonly environment: string;
}

export interface ResourceFacts {
  readonly urn: string;
  /** The Pulumi type token, e.g. aws:lambda/function:Function. */
  readonly resourceType: string;
  readonly name: string;
  readonly component: ResourceComponent;
  /** null for resources of neither cloud (components, random, command). */
  readonly provider: CloudProvider | null;
  /** The cloud's id for it, once it exists. */
  readonly physicalId?: string;
}

export interface ResourcePayload extends DeploymentIdentity, ResourceFacts {
  /** On `failed`: the operation that failed (create, update, delete) and the engine's errors. */
  readonly operation?: string;
  readonly error?: string;
}

export function resourceEvent(
  outcome: ResourceOutcome,
  identity: DeploymentIdentity,
  facts: ResourceFacts,
  occurredAt: Date,
  failure?: { readonly operation: string; readonly error: string },
): DomainEvent<ResourcePayload> {
  const payload: ResourcePayload = {
    deploymentId: identity.deploymentId,
    stack: identity.stack,
    environment: identity.environment,
    urn: facts.urn,
    resourceType: facts.resourceType,
    name: facts.name,
    component: facts.component,
    provider: facts.provider,
    ...(facts.physicalId ? { physicalId: facts.physicalId } : {}),
    ...(failure ? { operation: failure.operation, error: failure.error } : {}),
  };
  return { type: ResourceOutcomes[outcome], aggregateId: identity.deploymentId, occurredAt, payload };
}

/** The provider a resource type token belongs to: `aws:` and `awsx:` are AWS, `azure-native:` is Azure. */
export function providerOfType(type: string): CloudProvider | null {
  const pkg = type.split(":")[0];
  if (pkg === "aws" || pkg === "awsx") return "aws";
  if (pkg === "azure-native" || pkg === "azure") return "azure";
  if (pkg === "pulumi" && type.startsWith("pulumi:providers:")) return providerOfType(type.slice("pulumi:providers:".length) + ":");
  return null;
}

import { DomainEvent, EventTypes } from "../deployment/domain-event";
import type { DeploymentIdentity } from "./resource-events";

export interface PreviewPayload extends DeploymentIdentity {
  /** `offline`: evaluated under mocks; `engine`: a Pulumi preview. */
  readonly mode: "offline" | "engine";
  readonly resourceCount: number;
  /** How many resources of each type the preview declares. */
  readonly resourceTypes: Readonly<Record<string, number>>;
  readonly policyViolations: number;
  readonly outputs?: Readonly<Record<string, unknown>>;
}

export function previewCompleted(
  identity: DeploymentIdentity,
  preview: { readonly mode: "offline" | "engine"; readonly resourceTypes: readonly string[]; readonly policyViolations: number; readonly outputs?: Readonly<Record<string, unknown>> },
  occurredAt: Date,
): DomainEvent<PreviewPayload> {
  const resourceTypes: Record<string, number> = {};
  for (const type of preview.resourceTypes) resourceTypes[type] = (resourceTypes[type] ?? 0) + 1;
  return {
    type: EventTypes.previewCompleted,
    aggregateId: identity.deploymentId,
    occurredAt,
    payload: {
      ...identity,
      mode: preview.mode,
      resourceCount: preview.resourceTypes.length,
      resourceTypes,
      policyViolations: preview.policyViolations,
      ...(preview.outputs ? { outputs: preview.outputs } : {}),
    },
  };
}

export interface PolicyViolationPayload extends DeploymentIdentity {
  readonly policy: string;
  readonly level: "mandatory" | "advisory";
  readonly urn: string;
  readonly message: string;
}

export function policyViolated(
  identity: DeploymentIdentity,
  violation: { readonly policy: string; readonly level: "mandatory" | "advisory"; readonly urn: string; readonly message: string },
  occurredAt: Date,
): DomainEvent<PolicyViolationPayload> {
  return {
    type: EventTypes.policyViolated,
    aggregateId: identity.deploymentId,
    occurredAt,
    payload: { ...identity, policy: violation.policy, level: violation.level, urn: violation.urn, message: violation.message },
  };
}

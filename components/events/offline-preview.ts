import type { DomainEvent } from "../../domain/deployment/domain-event";
import { DeploymentIdentity, EventEnvelope, policyViolated, previewCompleted, toEnvelope } from "../../domain/events";
import { ulidGenerator } from "../../events/ids";

export interface PreviewFacts {
  readonly stack: string;
  readonly environment: string;
  /** The type of every declared resource, in declaration order. */
  readonly resourceTypes: readonly string[];
  readonly violations: readonly { readonly policy: string; readonly level: "mandatory" | "advisory"; readonly urn: string; readonly message: string }[];
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/**
 * The events of an offline preview, in order: the `planned` events the transformation recorded
 * while the program ran, one `policy.violated` per violation, and `preview.completed`, all under
 * the correlation id the program used.
 */
export function offlinePreviewEvents(planned: readonly EventEnvelope[], facts: PreviewFacts, newId: () => string = ulidGenerator(), now: Date = new Date()): EventEnvelope[] {
  const identity: DeploymentIdentity = { deploymentId: planned[0]?.correlationId ?? newId(), stack: facts.stack, environment: facts.environment };
  const wrap = (event: DomainEvent<object>) => toEnvelope(event, { newId, correlationId: identity.deploymentId, causationId: null });
  return [
    ...planned,
    ...facts.violations.map((violation) => wrap(policyViolated(identity, violation, now))),
    wrap(previewCompleted(identity, { mode: "offline", resourceTypes: facts.resourceTypes, policyViolations: facts.violations.length, ...(facts.outputs ? { outputs: facts.outputs } : {}) }, now)),
  ];
}

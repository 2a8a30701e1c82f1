/**
 * Every event type the infrastructure publishes (DESIGN §6), past tense and dotted. A domain event
 * can only carry one of these: there is no "unknown" type to fall back on.
 */
export const EventTypes = {
  deploymentRequested: "infrastructure.deployment.requested",
  deploymentStarted: "infrastructure.deployment.started",
  deploymentCompleted: "infrastructure.deployment.completed",
  deploymentFailed: "infrastructure.deployment.failed",
  // `deploy --verify`: the contract suite's outcome against the completed deployment's endpoints.
  deploymentVerified: "infrastructure.deployment.verified",
  rollbackRequested: "infrastructure.rollback.requested",
  rollbackCompleted: "infrastructure.rollback.completed",
  rollbackFailed: "infrastructure.rollback.failed",
  // A release rolled out in steps (canary, linear, blue-green): one event per traffic shift, then
  // its outcome. Past tense, one word, like every other type: `reverted` is "shifted back to the
  // previous release" (automatically on a gate breach, or by an operator's abort).
  releaseShifted: "infrastructure.release.shifted",
  releaseReverted: "infrastructure.release.reverted",
  releaseCompleted: "infrastructure.release.completed",
  resourcePlanned: "infrastructure.resource.planned",
  resourceCreated: "infrastructure.resource.created",
  resourceUpdated: "infrastructure.resource.updated",
  resourceReplaced: "infrastructure.resource.replaced",
  resourceDeleted: "infrastructure.resource.deleted",
  resourceFailed: "infrastructure.resource.failed",
  previewCompleted: "infrastructure.preview.completed",
  policyViolated: "infrastructure.policy.violated",
} as const;
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];
export const EVENT_TYPES: readonly EventType[] = Object.values(EventTypes);

/** Something that happened to an aggregate, before it is wrapped in Semantest's envelope. */
export interface DomainEvent<P extends object = Readonly<Record<string, unknown>>> {
  readonly type: EventType;
  readonly aggregateId: string;
  readonly occurredAt: Date;
  readonly payload: P;
}

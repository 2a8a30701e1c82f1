import { CloudProvider } from "../config/cloud-provider";
import { ComponentKind } from "../config/component-kind";
import { EnvironmentName } from "../config/environment";
import { err, ok, Result } from "../shared/result";
import { DomainEvent, EventType, EventTypes } from "./domain-event";
import type { ReleaseStep } from "./release-step";

export const DeploymentStatuses = {
  pending: "PENDING",
  inProgress: "IN_PROGRESS",
  completed: "COMPLETED",
  failed: "FAILED",
  rolledBack: "ROLLED_BACK",
} as const;
export type DeploymentStatus = (typeof DeploymentStatuses)[keyof typeof DeploymentStatuses];

/** Which way a status may move. ROLLED_BACK marks a completed deployment a later rollback replaced. */
const TRANSITIONS: Readonly<Record<DeploymentStatus, readonly DeploymentStatus[]>> = {
  PENDING: ["IN_PROGRESS", "FAILED"],
  IN_PROGRESS: ["COMPLETED", "FAILED"],
  COMPLETED: ["ROLLED_BACK"],
  FAILED: [],
  ROLLED_BACK: [],
};

/** The outcome of the contract suite against a deployment's endpoints. */
export interface DeploymentVerification {
  readonly passed: boolean;
  readonly checks: { readonly passed: number; readonly failed: number; readonly skipped: number };
  /** The names of the checks that failed. */
  readonly failedChecks: readonly string[];
  /** Why the suite could not run at all (no endpoint outputs). */
  readonly problem?: string;
}

/** A destroy is recorded like a deploy (the `infrastructure.deployment.*` events) with `kind: "destroy"`. */
export type DeploymentKind = "deploy" | "rollback" | "destroy";

export interface DeployedComponent {
  readonly kind: ComponentKind;
  readonly provider: CloudProvider;
}

export interface DeploymentRequest {
  readonly id: string;
  readonly kind?: DeploymentKind;
  readonly stack: string;
  readonly environment: EnvironmentName;
  readonly components: readonly DeployedComponent[];
  readonly requestedAt: Date;
  /** For a rollback: the stack update version it restores. */
  readonly targetVersion?: number;
  /** For a rollback: the deployment id it restores. */
  readonly targetDeploymentId?: string;
  readonly requestedBy?: string;
}

export interface IllegalTransition {
  readonly code: "ILLEGAL_TRANSITION";
  readonly deploymentId: string;
  readonly from: DeploymentStatus;
  readonly to: DeploymentStatus;
  readonly message: string;
}

/**
 * One deploy (or rollback) of a stack, from request to outcome. Pure: it records what happened as
 * domain events and leaves publishing them to whoever holds it.
 */
export class Deployment {
  private currentStatus: DeploymentStatus = DeploymentStatuses.pending;
  private readonly pending: DomainEvent[] = [];
  private endpointUrls: Readonly<Record<string, string>> = {};
  private failure: string | undefined;

  private constructor(readonly request: Required<Pick<DeploymentRequest, "kind">> & DeploymentRequest) {}

  static request(request: DeploymentRequest): Deployment {
    const deployment = new Deployment({ ...request, kind: request.kind ?? "deploy" });
    const type = deployment.isRollback ? EventTypes.rollbackRequested : EventTypes.deploymentRequested;
    deployment.record(type, request.requestedAt, {
      ...(request.targetVersion !== undefined ? { targetVersion: request.targetVersion } : {}),
      ...(request.targetDeploymentId !== undefined ? { targetDeploymentId: request.targetDeploymentId } : {}),
      ...(request.requestedBy !== undefined ? { requestedBy: request.requestedBy } : {}),
    });
    return deployment;
  }

  get id(): string {
    return this.request.id;
  }

  get status(): DeploymentStatus {
    return this.currentStatus;
  }

  get isRollback(): boolean {
    return this.request.kind === "rollback";
  }

  get endpoints(): Readonly<Record<string, string>> {
    return this.endpointUrls;
  }

  get error(): string | undefined {
    return this.failure;
  }

  start(at: Date): Result<void, IllegalTransition> {
    return this.move(DeploymentStatuses.inProgress, at, EventTypes.deploymentStarted, {});
  }

  /** The update succeeded; `endpoints` are the public URLs by output name (restApiUrl, webSocketUrl). */
  complete(at: Date, endpoints: Readonly<Record<string, string>>): Result<void, IllegalTransition> {
    const type = this.isRollback ? EventTypes.rollbackCompleted : EventTypes.deploymentCompleted;
    const moved = this.move(DeploymentStatuses.completed, at, type, { endpoints });
    if (moved.ok) this.endpointUrls = endpoints;
    return moved;
  }

  fail(at: Date, error: string): Result<void, IllegalTransition> {
    const type = this.isRollback ? EventTypes.rollbackFailed : EventTypes.deploymentFailed;
    const moved = this.move(DeploymentStatuses.failed, at, type, { error });
    if (moved.ok) this.failure = error;
    return moved;
  }

  /**
   * A traffic shift of a release rolled out in steps: `shifted` after each update that moved
   * traffic, `reverted` when everything went back to the previous release, `completed` when the
   * new release took everything. Only while the deployment is in progress; the deployment's own
   * outcome (completed / failed) follows.
   */
  recordRelease(outcome: "shifted" | "reverted" | "completed", at: Date, step: ReleaseStep): Result<void, IllegalTransition> {
    if (this.currentStatus !== DeploymentStatuses.inProgress) {
      return err({
        code: "ILLEGAL_TRANSITION",
        deploymentId: this.id,
        from: this.currentStatus,
        to: this.currentStatus,
        message: `deployment ${this.id} cannot record release.${outcome} while ${this.currentStatus}; allowed only while ${DeploymentStatuses.inProgress}`,
      });
    }
    const type = { shifted: EventTypes.releaseShifted, reverted: EventTypes.releaseReverted, completed: EventTypes.releaseCompleted }[outcome];
    this.record(type, at, { ...step });
    return ok(undefined);
  }

  /**
   * The contract suite ran against the completed deployment's endpoints (`deploy --verify`): its
   * outcome is recorded, the status stays COMPLETED (the update itself succeeded; a failed suite is
   * the operator's call, or a rollout's gate).
   */
  recordVerification(at: Date, verification: DeploymentVerification): Result<void, IllegalTransition> {
    if (this.currentStatus !== DeploymentStatuses.completed) {
      return err({
        code: "ILLEGAL_TRANSITION",
        deploymentId: this.id,
        from: this.currentStatus,
        to: this.currentStatus,
        message: `deployment ${this.id} cannot record a verification while ${this.currentStatus}; allowed only when ${DeploymentStatuses.completed}`,
      });
    }
    this.record(EventTypes.deploymentVerified, at, { verification: { ...verification, failedChecks: [...verification.failedChecks] } });
    return ok(undefined);
  }

  /** A later rollback restored an earlier update: this deployment is no longer what runs. No event. */
  markRolledBack(): Result<void, IllegalTransition> {
    return this.move(DeploymentStatuses.rolledBack, undefined, undefined, {});
  }

  /** The events recorded since the last pull, oldest first. */
  pullEvents(): readonly DomainEvent[] {
    return this.pending.splice(0, this.pending.length);
  }

  private move(
    to: DeploymentStatus,
    at: Date | undefined,
    type: EventType | undefined,
    payload: Readonly<Record<string, unknown>>,
  ): Result<void, IllegalTransition> {
    const from = this.currentStatus;
    if (!TRANSITIONS[from].includes(to)) {
      return err({
        code: "ILLEGAL_TRANSITION",
        deploymentId: this.id,
        from,
        to,
        message: `deployment ${this.id} cannot go from ${from} to ${to}; allowed from ${from}: ${TRANSITIONS[from].join(", ") || "nothing (final)"}`,
      });
    }
    this.currentStatus = to;
    if (type && at) this.record(type, at, payload);
    return ok(undefined);
  }

  private record(type: EventType, at: Date, extra: Readonly<Record<string, unknown>>): void {
    this.pending.push({
      type,
      aggregateId: this.id,
      occurredAt: at,
      payload: {
        deploymentId: this.id,
        kind: this.request.kind,
        stack: this.request.stack,
        environment: this.request.environment,
        components: this.request.components,
        status: this.currentStatus,
        ...extra,
      },
    });
  }
}

import type { RolloutStrategy } from "../config/rollout";

/** Why a release went back to the previous one. */
export const RevertReasons = {
  /** A release alarm (CloudWatch) or alert rule (Azure Monitor) fired during a step. */
  alarm: "alarm",
  /** The verify contract suite failed at the end of a step. */
  verify: "verify",
  /** An operator aborted it (`semantest-iac rollback` during the rollout, or Ctrl-C). */
  aborted: "aborted",
  /** A shifting update failed; going back is the safe state. */
  failed: "failed",
} as const;
export type RevertReason = (typeof RevertReasons)[keyof typeof RevertReasons];

/** One gate's state when a step was judged (the `gates` port's words). */
export interface GateState {
  readonly name: string;
  readonly cloud: "aws" | "azure";
  readonly state: "ok" | "alarm" | "insufficient-data";
}

/** The facts of one traffic shift of a release, carried by the `infrastructure.release.*` events. */
export interface ReleaseStep {
  /** The release being rolled out (`semantest:release.id`). */
  readonly releaseId: string;
  /** The release traffic shifts from. */
  readonly previousReleaseId: string;
  readonly strategy: RolloutStrategy;
  /** The new release's share after this event: 0 (all on previous) to 1. */
  readonly weight: number;
  /** 1-based shift number (shifted); absent on reverted/completed. */
  readonly step?: number;
  readonly steps: number;
  /** How long this step is watched (shifted). */
  readonly waitSeconds?: number;
  /** The stack update that made the shift. */
  readonly version?: number;
  /** reverted: why. */
  readonly reason?: RevertReason;
  /** reverted: the breach, the failed checks or who aborted. */
  readonly detail?: string;
  /** The gate states the decision was made on. */
  readonly gates?: readonly GateState[];
}

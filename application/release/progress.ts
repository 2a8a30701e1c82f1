/**
 * A release in progress (or shifted back), read from the stack for `status`: the shares, where the
 * rollout stands, the time left, and the gates' states now. The record is the newest update's
 * config in stack history (`semantest:release.traffic`), which every machine can read.
 */
import { GateState, parseRelease, ReleaseVersions, RolloutStrategy } from "../../domain";
import type { Ports } from "../ports";
import type { StackEngine } from "../ports/engine";
import { configValues } from "./records";

export interface ReleaseProgressView {
  readonly stack: string;
  /** in-progress: the new release serves `weight`; reverted: everything is back on the previous release. */
  readonly state: "in-progress" | "reverted";
  readonly releaseId: string;
  readonly previousReleaseId: string;
  readonly weight: number;
  readonly strategy: RolloutStrategy | null;
  readonly step: number | null;
  readonly steps: number | null;
  /** Seconds until the current step's watch ends (0 once it has: the next update is due). */
  readonly stepSecondsLeft: number | null;
  /** Steps after the current one. */
  readonly remainingSteps: number | null;
  /** Seconds until the rollout can complete: this step's rest and every later step's wait. */
  readonly secondsLeft: number | null;
  /** What serves the previous release on the cloud (Lambda version, app / slot). */
  readonly versions: ReleaseVersions | null;
  readonly gates: readonly GateState[];
  /** Why the gates could not be read, when they could not. */
  readonly gatesError?: string;
  /** The update that made the last shift. */
  readonly version: number;
}

export async function releaseProgress(ports: Ports, stack: StackEngine): Promise<ReleaseProgressView | undefined> {
  const [newest] = await stack.history(1);
  if (!newest) return undefined;
  const values = configValues(newest.config);
  const parsed = parseRelease(values["semantest:release"]);
  const release = parsed.ok ? parsed.value : undefined;
  if (!release?.traffic) return undefined;
  const traffic = release.traffic;
  const progress = traffic.rollout;
  const state = traffic.weight > 0 ? "in-progress" : "reverted";

  let stepSecondsLeft: number | null = null;
  let remainingSteps: number | null = null;
  let secondsLeft: number | null = null;
  if (progress && state === "in-progress") {
    const since = (newest.endTime ?? newest.startTime).getTime();
    stepSecondsLeft = Math.max(0, Math.ceil((since + progress.waitSeconds * 1000 - ports.clock.now().getTime()) / 1000));
    remainingSteps = Math.max(0, progress.steps - progress.step);
    // Every step of a strategy waits the same (canary and blue-green have one, linear's are equal).
    secondsLeft = stepSecondsLeft + remainingSteps * progress.waitSeconds;
  }

  let gates: readonly GateState[] = [];
  let gatesError: string | undefined;
  try {
    gates = await ports.gates().states(await stack.outputs());
  } catch (error) {
    gatesError = (error as Error).message;
  }
  return {
    stack: stack.stack,
    state,
    releaseId: release.id,
    previousReleaseId: traffic.previous.id,
    weight: traffic.weight,
    strategy: progress?.strategy ?? null,
    step: progress?.step ?? null,
    steps: progress?.steps ?? null,
    stepSecondsLeft,
    remainingSteps,
    secondsLeft,
    versions: traffic.previous.versions ?? null,
    gates,
    ...(gatesError ? { gatesError } : {}),
    version: newest.version,
  };
}

/**
 * A release rolled out in steps (canary, linear, blue-green) as a sequence of engine updates whose
 * state always matches what is live: each step writes `semantest:release.traffic.weight` and runs
 * `up`, then watches the gates for the step's wait (through the clock port) and, for the verify
 * gate, runs the contract suite. A breach, a failed check, a failed update or an operator's abort
 * shifts everything back with ONE update (weight 0); the end is one update without `traffic`.
 * Every shift is a deployment event; every update's message says the strategy, the step and the
 * outcome, so stack history records them.
 */
import {
  Deployment,
  GateState,
  GATED_STRATEGIES,
  parseRelease,
  Release,
  ReleaseTraffic,
  ReleaseVersions,
  RevertReason,
  Rollout,
  RolloutStrategy,
} from "../../domain";
import { guard } from "../engine-errors";
import { releaseAlarmsOf, type Ports } from "../ports";
import type { StackEngine, UpOutcome } from "../ports/engine";
import type { DeliveryReport, DeploymentEventPublisher, EventEnvelope } from "../ports/events";
import { endpointsOf } from "../shared";
import { verifyOutputs, type VerifyReport, type VerifyRequest } from "../verify/verify-outputs";
import { configValues, encodeValues, rolloutMessage } from "./records";

/** How often the gates are read while a step is watched: a breach is acted on within this time. */
export const GATE_POLL_SECONDS = 30;

export interface RolloutRun {
  readonly ports: Ports;
  readonly stack: StackEngine;
  readonly deployment: Deployment;
  readonly publisher: DeploymentEventPublisher;
  /** The rollout to run: a gated strategy with at least one shift. */
  readonly rollout: Rollout;
  /** The new release (`id`, `artifacts`; no traffic). */
  readonly release: Release;
  /** The release serving everything now, which traffic shifts from. */
  readonly previous: Release;
  /** Other config keys the first update writes (a changed `semantest:components`). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Policy packs and configs for each `up`. */
  readonly upOptions: { readonly policyPacks?: readonly string[]; readonly policyPackConfigs?: readonly string[] };
  /** How the verify gate reaches the endpoints; required when `rollout.gates.verify`. */
  readonly verify?: VerifyRequest;
  /** A note for the update messages. */
  readonly note?: string;
}

/** One engine update the rollout made. */
export interface RolloutUpdate {
  readonly purpose: "shift" | "revert" | "complete";
  readonly weight: number;
  readonly version: number | null;
  readonly changes: Readonly<Record<string, number>>;
}

export interface RolloutOutcome {
  /** completed: all on the new release; reverted: all back on previous; aborted: another process shifted back; failed: a shift back failed too. */
  readonly status: "completed" | "reverted" | "aborted" | "failed";
  readonly strategy: RolloutStrategy;
  readonly updates: readonly RolloutUpdate[];
  readonly reason?: RevertReason;
  readonly detail?: string;
  /** The gate states of the last reading. */
  readonly gates: readonly GateState[];
  /** The verify gate's last report. */
  readonly verify?: VerifyReport;
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly events: readonly EventEnvelope[];
  readonly delivery: DeliveryReport;
  /** Milliseconds of the clock the rollout spent watching steps. */
  readonly watchedMs: number;
  /** The error of the last failed update, when one failed. */
  readonly error?: unknown;
}

type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: RevertReason; readonly detail: string; readonly external?: boolean };

/** `liveVersions` from a stack's outputs: what serves the stable share now, per component. */
export function liveVersionsOf(outputs: Readonly<Record<string, unknown>>): ReleaseVersions | undefined {
  const raw = outputs.liveVersions;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const versions: Record<string, string> = {};
  for (const kind of ["rest-api", "websocket"]) {
    const value = (raw as Record<string, unknown>)[kind];
    if (typeof value === "string" && value.length > 0) versions[kind] = value;
    else if (typeof value === "number" && Number.isFinite(value)) versions[kind] = String(value);
  }
  return Object.keys(versions).length > 0 ? versions : undefined;
}

export async function runRollout(run: RolloutRun): Promise<RolloutOutcome> {
  const { ports, stack, deployment, publisher, rollout, release } = run;
  const env = stack.stack;
  const events: EventEnvelope[] = [];
  const flush = async () => events.push(...(await publisher.publish(deployment.pullEvents())));
  const updates: RolloutUpdate[] = [];
  let gates: readonly GateState[] = [];
  let verify: VerifyReport | undefined;
  let outputs: Readonly<Record<string, unknown>> = {};
  let watchedMs = 0;
  const steps = rollout.shifts.length;

  await flush(); // requested
  deployment.start(ports.clock.now());
  await flush(); // started

  // What serves the previous release on each cloud, read before anything moves.
  const versions = liveVersionsOf(await guard(stack.outputs(), env));
  const previous: ReleaseTraffic["previous"] = { id: run.previous.id, artifacts: run.previous.artifacts, ...(versions ? { versions } : {}) };
  const step = (weight: number, extra: Partial<Parameters<Deployment["recordRelease"]>[2]> = {}) => ({
    releaseId: release.id,
    previousReleaseId: previous.id,
    strategy: rollout.strategy,
    weight,
    steps,
    ...extra,
  });

  // Ctrl-C during the rollout: shift everything back after the update in flight (never half-cancel one).
  const interrupted = new AbortController();
  const onInterrupt = () => {
    if (interrupted.signal.aborted) return;
    ports.progress.note("aborting the release: everything shifts back to the previous release after the update in flight");
    interrupted.abort();
  };

  const update = async (purpose: RolloutUpdate["purpose"], traffic: ReleaseTraffic | undefined, message: string, extra: Readonly<Record<string, unknown>> = {}): Promise<UpOutcome> => {
    const value: Release = { id: release.id, artifacts: release.artifacts, ...(traffic ? { traffic } : {}) };
    await guard(stack.setAllConfig(encodeValues({ ...extra, "semantest:release": value })), env);
    const weight = traffic ? traffic.weight : 1;
    const title = purpose === "complete" ? `Release ${release.id}: 100% (complete)` : purpose === "revert" ? `Release ${release.id}: shift everything back to ${previous.id}` : `Release ${release.id}: ${percent(weight)} on the new release`;
    const outcome = await ports.progress.step(title, () =>
      stack.up({ message, ...run.upOptions, env: publisher.engineEnvironment(deployment.id), onProgress: (p) => ports.progress.engine(p) }),
    );
    updates.push({ purpose, weight, version: outcome.version ?? null, changes: outcome.changes });
    outputs = outcome.outputs;
    return outcome;
  };

  const revert = async (reason: RevertReason, detail: string, at: { strategyStep: number }): Promise<RolloutOutcome> => {
    const traffic: ReleaseTraffic = { weight: 0, previous, rollout: { strategy: rollout.strategy, step: at.strategyStep, steps, waitSeconds: 0 } };
    try {
      const outcome = await update("revert", traffic, rolloutMessage(deployment.id, { strategy: rollout.strategy, phase: "reverted", reason }, run.note));
      deployment.recordRelease("reverted", ports.clock.now(), step(0, { reason, detail, version: outcome.version, ...(gates.length ? { gates } : {}) }));
      deployment.fail(ports.clock.now(), `release ${release.id} reverted (${reason}): ${detail}; everything is back on ${previous.id}`);
      await flush();
      return finish("reverted", { reason, detail });
    } catch (error) {
      deployment.fail(ports.clock.now(), `release ${release.id} could not shift back after ${reason} (${detail}): ${message(error)}`);
      await flush();
      return finish("failed", { reason, detail, error });
    }
  };

  const finish = async (status: RolloutOutcome["status"], extra: Partial<RolloutOutcome> = {}): Promise<RolloutOutcome> => ({
    status,
    strategy: rollout.strategy,
    updates,
    gates,
    ...(verify ? { verify } : {}),
    outputs,
    events,
    delivery: await publisher.close(),
    watchedMs,
    ...extra,
  });

  /** Watches one step: gates every GATE_POLL_SECONDS, an abort by another process, Ctrl-C; then the verify gate. */
  const watch = async (waitSeconds: number): Promise<Verdict> => {
    let left = waitSeconds * 1000;
    while (left > 0) {
      const chunk = Math.min(left, GATE_POLL_SECONDS * 1000);
      const started = ports.clock.now().getTime();
      await ports.clock.wait(chunk, interrupted.signal);
      // An interrupted wait counts what it really waited; a full one, its chunk.
      watchedMs += interrupted.signal.aborted ? Math.min(chunk, Math.max(0, ports.clock.now().getTime() - started)) : chunk;
      left -= chunk;
      if (interrupted.signal.aborted) return { ok: false, reason: "aborted", detail: `interrupted (Ctrl-C) by ${ports.operator ?? "the operator"}` };
      const external = await abortedElsewhere(stack, release.id);
      if (external) return { ok: false, reason: "aborted", detail: external, external: true };
      const breach = await readGates();
      if (breach) return breach;
    }
    if (rollout.gates.verify && run.verify) {
      verify = await ports.progress.step(`Verify the endpoints of ${env}`, () => verifyOutputs(outputs, run.verify!));
      if (!verify.ok) {
        const failed = verify.checks.filter((c) => c.status === "fail").map((c) => c.name);
        return { ok: false, reason: "verify", detail: verify.problem ?? `verify failed: ${failed.join(", ")}` };
      }
    }
    return { ok: true };
  };

  const readGates = async (): Promise<Verdict | undefined> => {
    if (!rollout.gates.alarms) return undefined;
    try {
      gates = await ports.gates().states(outputs);
    } catch (error) {
      return { ok: false, reason: "alarm", detail: `could not read the release alarms: ${message(error)}` };
    }
    const firing = gates.filter((g) => g.state === "alarm");
    return firing.length > 0 ? { ok: false, reason: "alarm", detail: `alarm ${firing.map((g) => `${g.name} (${g.cloud})`).join(", ")} in ALARM` } : undefined;
  };

  return ports.onInterrupt(onInterrupt, async () => {
    for (const [index, shift] of rollout.shifts.entries()) {
      const number = index + 1;
      const traffic: ReleaseTraffic = { weight: shift.weight, previous, rollout: { strategy: rollout.strategy, step: number, steps, waitSeconds: shift.waitSeconds } };
      try {
        const outcome = await update("shift", traffic, rolloutMessage(deployment.id, { strategy: rollout.strategy, phase: "step", step: number, steps, weight: shift.weight }, run.note), index === 0 ? run.config : {});
        deployment.recordRelease("shifted", ports.clock.now(), step(shift.weight, { step: number, waitSeconds: shift.waitSeconds, version: outcome.version }));
        await flush();
      } catch (error) {
        return revert("failed", `the update to ${percent(shift.weight)} failed: ${message(error)}`, { strategyStep: number });
      }
      const alarms = releaseAlarmsOf(outputs);
      if (number === 1 && rollout.gates.alarms && alarms.aws.length + alarms.azure.length === 0) {
        ports.progress.note(`  ! the stack exports no releaseAlarms: the alarm gate of this ${rollout.strategy} watches nothing`);
      }
      const verdict = await watch(shift.waitSeconds);
      if (!verdict.ok) {
        if (verdict.external) {
          // Another process (semantest-iac rollback) already shifted back: nothing left to update.
          deployment.fail(ports.clock.now(), `release ${release.id} aborted: ${verdict.detail}`);
          await flush();
          return finish("aborted", { reason: "aborted", detail: verdict.detail });
        }
        return revert(verdict.reason, verdict.detail, { strategyStep: number });
      }
    }
    try {
      const outcome = await update("complete", undefined, rolloutMessage(deployment.id, { strategy: rollout.strategy, phase: "completed" }, run.note));
      deployment.recordRelease("completed", ports.clock.now(), step(1, { version: outcome.version, ...(gates.length ? { gates } : {}) }));
      deployment.complete(ports.clock.now(), endpointsOf(outcome.outputs));
      await flush();
      return finish("completed");
    } catch (error) {
      return revert("failed", `the final update to 100% failed: ${message(error)}`, { strategyStep: steps });
    }
  });
}

/** A strategy with shifts to run (canary, linear, blue-green); all-at-once is one plain update. */
export function runsInSteps(rollout: Rollout): boolean {
  return (GATED_STRATEGIES as readonly string[]).includes(rollout.strategy) && rollout.shifts.length > 0;
}

/** Whether someone else ended this rollout: the stack's release is another one, or shifted back to 0. */
async function abortedElsewhere(stack: StackEngine, releaseId: string): Promise<string | undefined> {
  const values = configValues(await stack.getConfig());
  const parsed = parseRelease(values["semantest:release"]);
  const live = parsed.ok ? parsed.value : undefined;
  if (!live) return undefined;
  if (live.id !== releaseId) return `the stack now runs release ${live.id} (another deploy or rollback took over)`;
  if (live.traffic && live.traffic.weight === 0) return "shifted back to the previous release by `semantest-iac rollback` (abort)";
  return undefined;
}

export function percent(weight: number): string {
  return `${Number((weight * 100).toFixed(2))}%`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}

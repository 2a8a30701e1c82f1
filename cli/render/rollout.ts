/** Text views of a release rolled out in steps: what `deploy` did, and a rollout in progress for `status`. */
import type { DeployRollout } from "../../application/deploy";
import type { ReleaseProgressView } from "../../application/release/progress";
import type { RolloutMark } from "../../application/release/records";

const pct = (weight: number) => `${Number((weight * 100).toFixed(2))}%`;

/** The lines `deploy` prints about its rollout: each update, then how it ended. */
export function rolloutLines(rollout: DeployRollout, extra: { reason?: string | null; detail?: string | null } = {}): string[] {
  if (rollout.status === "all-at-once") return rollout.note ? [`  strategy: ${rollout.strategy} went out all at once (${rollout.note})`] : [];
  const lines = [`  strategy: ${rollout.steps ?? rollout.strategy}`];
  for (const update of rollout.updates) {
    const what = update.purpose === "shift" ? `shifted to ${pct(update.weight)}` : update.purpose === "revert" ? "shifted back: 100% on the previous release" : "completed: 100% on the new release";
    lines.push(`    update${update.version ? ` v${update.version}` : ""}: ${what}`);
  }
  if (rollout.gates.length > 0) lines.push(`  gates: ${rollout.gates.map((g) => `${g.name} (${g.cloud}) ${g.state}`).join(", ")}`);
  lines.push(`  watched: ${rollout.watchedSeconds}s, outcome: ${rollout.status}${extra.reason ? ` (${extra.reason}${extra.detail ? `: ${extra.detail}` : ""})` : ""}`);
  return lines;
}

/** What `status` shows about a release in progress or shifted back. */
export function releaseProgressLines(view: ReleaseProgressView): string[] {
  const lines = [
    view.state === "in-progress"
      ? `Release ${view.releaseId} in progress: ${pct(view.weight)} on it, ${pct(1 - view.weight)} on ${view.previousReleaseId}`
      : `Release ${view.releaseId} was shifted back: 100% on ${view.previousReleaseId}`,
  ];
  if (view.strategy) lines.push(`  strategy:    ${view.strategy}${view.step ? ` step ${view.step}/${view.steps}` : ""}`);
  if (view.state === "in-progress" && view.secondsLeft !== null) lines.push(`  time left:   ${view.secondsLeft}s (this step ${view.stepSecondsLeft}s, then ${view.remainingSteps} more step(s) and the final update)`);
  if (view.versions) lines.push(`  previous:    ${Object.entries(view.versions).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  if (view.gatesError) lines.push(`  gates:       could not read: ${view.gatesError}`);
  else lines.push(`  gates:       ${view.gates.length ? view.gates.map((g) => `${g.name} (${g.cloud}) ${g.state}`).join(", ") : "no release alarms exported (releaseAlarms)"}`);
  if (view.state === "in-progress") lines.push(`  abort:       semantest-iac rollback --env ${view.stack}`);
  return lines;
}

/** `canary 1/1 10%`, `linear completed`, `canary reverted (alarm)`: one update of a rollout, as history shows it. */
export function markText(mark: RolloutMark): string {
  if (mark.phase === "step") return `${mark.strategy} ${mark.step}/${mark.steps} ${pct(mark.weight)}`;
  return mark.phase === "completed" ? `${mark.strategy} completed` : `${mark.strategy} reverted (${mark.reason})`;
}

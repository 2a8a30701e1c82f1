/**
 * Which release wrote a log line, from stack history: the release of the newest succeeded update
 * that had finished when the line was written. A line written while an update ran may come from
 * either side of it (a Lambda alias moves, a Function App restarts): it carries both ids.
 */
import type { DeploymentRecord } from "../release/records";

export interface ReleaseWindow {
  readonly releaseId: string;
  readonly startMs: number;
  readonly endMs: number;
}

export interface LineRelease {
  /** The release id, or null when history names none (an update semantest-iac did not make, or before any). */
  readonly id: string | null;
  /** While an update ran: the release it replaced (the line may be from either). */
  readonly during?: { readonly previous: string | null };
}

/** The succeeded updates that shipped a release, oldest first. */
export function releaseTimeline(records: readonly DeploymentRecord[]): ReleaseWindow[] {
  return records
    .filter((r) => r.result === "succeeded" && r.release && r.endTime)
    .map((r) => ({ releaseId: r.release!.id, startMs: Date.parse(r.startTime), endMs: Date.parse(r.endTime!) }))
    .sort((a, b) => a.endMs - b.endMs);
}

export function releaseAt(timeline: readonly ReleaseWindow[], atMs: number): LineRelease {
  let live: string | null = null;
  for (const window of timeline) {
    if (window.endMs <= atMs) {
      live = window.releaseId;
      continue;
    }
    if (window.startMs <= atMs) return { id: window.releaseId, during: { previous: live } };
    break;
  }
  return { id: live };
}

/** The release as the CLI prints it: its id, or `<previous>→<new>` for a line written while an update ran. */
export function releaseLabel(release: LineRelease): string {
  if (!release.during) return release.id ?? "-";
  return `${release.during.previous ?? "-"}→${release.id ?? "-"}`;
}

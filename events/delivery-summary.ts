import type { FlushReport } from "./publisher";

/** What became of one sink's events in a flush or close. */
export interface SinkDelivery {
  /** The sink id (`http:https://…`, `file:…`). */
  readonly sink: string;
  readonly delivered: number;
  /** Still in the outbox, re-sent by the next run or `semantest-iac events flush`. */
  readonly pending: number;
  /** Refused for good by the sink (never retried). */
  readonly rejected: number;
  /** Why the latest attempt failed, when it did. */
  readonly failure?: string;
  /** The stack's config no longer names this sink: its events wait, undelivered. */
  readonly orphaned: boolean;
}

/**
 * A flush or close, per sink, ready to print: the CLI shows it after deploy / rollback / events
 * flush (`--json` included), so a run with a sink down says how many events wait instead of
 * nothing. `complete` is false while any event is pending or the outbox was busy.
 */
export interface DeliverySummary {
  readonly complete: boolean;
  readonly delivered: number;
  readonly pending: number;
  readonly sinks: readonly SinkDelivery[];
  /** Set when another process held the outbox lock for the whole wait. */
  readonly skipped?: string;
}

export function summarizeDelivery(report: FlushReport): DeliverySummary {
  const ids = new Set([...Object.keys(report.delivered), ...Object.keys(report.pending), ...Object.keys(report.rejected), ...Object.keys(report.failures), ...Object.keys(report.orphaned)]);
  const sinks = [...ids].sort().map((sink): SinkDelivery => ({
    sink,
    delivered: report.delivered[sink] ?? 0,
    pending: (report.pending[sink] ?? 0) + (report.orphaned[sink] ?? 0),
    rejected: report.rejected[sink]?.length ?? 0,
    ...(report.failures[sink] ? { failure: report.failures[sink] } : {}),
    orphaned: report.orphaned[sink] !== undefined,
  }));
  const pending = sinks.reduce((sum, s) => sum + s.pending, 0);
  return {
    complete: pending === 0 && !report.skipped,
    delivered: sinks.reduce((sum, s) => sum + s.delivered, 0),
    pending,
    sinks,
    ...(report.skipped ? { skipped: report.skipped } : {}),
  };
}

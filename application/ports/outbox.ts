/** The outbox port: deliver what a stack's local outbox holds (`events flush`). Adapter: events/ (`flushOutbox`). */
import type { EventsConfig } from "../../domain";
import type { DeliveryReport } from "./events";

/** What a flush reports, per sink (events/ `FlushReport` has this shape). */
export interface OutboxReport extends DeliveryReport {
  /** Events a sink refused for good, with its reason. */
  readonly rejected: Readonly<Record<string, readonly { readonly id: string; readonly reason: string }[]>>;
  /** Events waiting for a sink the config no longer names. */
  readonly orphaned: Readonly<Record<string, number>>;
  /** Set when another process held the outbox for the whole wait. */
  readonly skipped?: string;
}

/** Delivers what a stack's outbox holds to these sinks. */
export type OutboxFlusher = (events: EventsConfig, stack: string, awsRegion: string | undefined) => Promise<OutboxReport>;

import type { SinkKind } from "../domain/config/events-config";
import type { EventEnvelope } from "../domain/events";

/** What one delivery attempt achieved. Events neither delivered nor rejected stay pending in the outbox. */
export interface DeliveryResult {
  /** Ids the sink accepted. */
  readonly delivered: readonly string[];
  /** Ids the sink refused for good (malformed for it, too large): never retried, reported. */
  readonly rejected: readonly { readonly id: string; readonly reason: string }[];
  /** Set when the sink is unavailable (down, timing out, unauthorised): the rest wait for the next run. */
  readonly failure?: string;
}

/**
 * The `EventPublisher` port's adapters (DESIGN §6): each takes a batch of envelopes, oldest first,
 * and says what became of each. A sink never throws for an outage; it reports `failure`.
 */
export interface EventSink {
  /** Stable identity, used to track delivery in the outbox: `<kind>:<target>`. */
  readonly id: string;
  readonly kind: SinkKind;
  /** Network sinks are skipped during a preview unless `publishOnPreview` is set. */
  readonly network: boolean;
  /** Largest batch `deliver` accepts (EventBridge PutEvents: 10). */
  readonly batchSize: number;
  deliver(batch: readonly EventEnvelope[]): Promise<DeliveryResult>;
  close?(): Promise<void> | void;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error && cause.message !== error.message ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

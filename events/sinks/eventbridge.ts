import { EventBridgeClient, PutEventsCommand, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { EventBridgeSinkConfig } from "../../domain/config/events-config";
import type { EventEnvelope } from "../../domain/events";
import { backoffDelay, BackoffPolicy, DEFAULT_BACKOFF, sleep } from "../retry";
import { DeliveryResult, errorMessage, EventSink } from "../sink";

/** `Source` of every entry; rules match on it (`{"source": ["semantest.infrastructure"]}`). */
export const EVENTBRIDGE_SOURCE = "semantest.infrastructure";
/** PutEvents takes at most 10 entries per call (Amazon EventBridge API Reference, PutEvents). */
export const PUT_EVENTS_MAX_ENTRIES = 10;
/** Entry-level error codes AWS documents as transient: retry just those entries. */
const RETRYABLE_ENTRY_ERRORS = new Set(["InternalFailure", "InternalException", "ThrottlingException", "ServiceUnavailable"]);

export interface EventBridgeSinkOptions {
  /** Default region when the sink config names none (the stack's aws:region). */
  readonly region?: string;
  /** A ready client (tests point one at a local server). */
  readonly client?: EventBridgeClient;
  readonly backoff?: BackoffPolicy;
  /** Attempts for entries that failed with a transient error code. */
  readonly entryAttempts?: number;
}

/** The envelope as one PutEvents entry: detail-type = the event type, detail = the whole envelope. */
export function toPutEventsEntry(event: EventEnvelope, eventBusName: string): PutEventsRequestEntry {
  return {
    Source: EVENTBRIDGE_SOURCE,
    DetailType: event.type,
    Detail: JSON.stringify(event),
    EventBusName: eventBusName,
    Time: new Date(event.timestamp),
  };
}

/**
 * Amazon EventBridge `PutEvents`, batches of up to 10. A partial failure (`FailedEntryCount` > 0)
 * is handled per entry: transient codes are retried with backoff, others are rejected; a failed
 * call (network, credentials) after the SDK's own retries makes the sink unavailable for this run.
 */
export class EventBridgeSink implements EventSink {
  readonly kind = "eventbridge" as const;
  readonly network = true;
  readonly batchSize = PUT_EVENTS_MAX_ENTRIES;
  readonly id: string;
  private readonly client: EventBridgeClient;
  private readonly backoff: BackoffPolicy;
  private readonly entryAttempts: number;

  constructor(
    private readonly config: EventBridgeSinkConfig,
    options: EventBridgeSinkOptions = {},
  ) {
    const region = config.region ?? options.region;
    this.id = `eventbridge:${config.eventBusName}${region ? `@${region}` : ""}`;
    this.client = options.client ?? new EventBridgeClient({ ...(region ? { region } : {}) });
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.entryAttempts = options.entryAttempts ?? 4;
  }

  async deliver(batch: readonly EventEnvelope[]): Promise<DeliveryResult> {
    const delivered: string[] = [];
    const rejected: { id: string; reason: string }[] = [];
    for (let start = 0; start < batch.length; start += PUT_EVENTS_MAX_ENTRIES) {
      let remaining = batch.slice(start, start + PUT_EVENTS_MAX_ENTRIES);
      for (let attempt = 1; remaining.length > 0; attempt++) {
        let response;
        try {
          response = await this.client.send(new PutEventsCommand({ Entries: remaining.map((event) => toPutEventsEntry(event, this.config.eventBusName)) }));
        } catch (error) {
          return { delivered, rejected, failure: `EventBridge PutEvents on bus ${this.config.eventBusName} failed: ${errorMessage(error)}` };
        }
        const retry: EventEnvelope[] = [];
        const entries = response.Entries ?? [];
        remaining.forEach((event, i) => {
          const entry = entries[i];
          if (entry?.EventId && !entry.ErrorCode) delivered.push(event.id);
          else if (entry?.ErrorCode && !RETRYABLE_ENTRY_ERRORS.has(entry.ErrorCode)) rejected.push({ id: event.id, reason: `${entry.ErrorCode}: ${entry.ErrorMessage ?? ""}`.trim() });
          else retry.push(event);
        });
        remaining = retry;
        if (remaining.length === 0) break;
        if (attempt >= this.entryAttempts) {
          return { delivered, rejected, failure: `EventBridge kept failing ${remaining.length} entries (${entries.find((e) => e?.ErrorCode)?.ErrorCode ?? "no entry result"})` };
        }
        await sleep(backoffDelay(attempt - 1, this.backoff));
      }
    }
    return { delivered, rejected };
  }

  close(): void {
    this.client.destroy();
  }
}

import type { HttpSinkConfig } from "../../domain/config/events-config";
import type { EventEnvelope } from "../../domain/events";
import { backoffDelay, BackoffPolicy, DEFAULT_BACKOFF, sleep } from "../retry";
import { DeliveryResult, errorMessage, EventSink } from "../sink";

export interface HttpSinkOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly backoff?: BackoffPolicy;
}

/** Statuses worth retrying (RFC 9110: 408, 429, 5xx); other 4xx mean this event will never be accepted. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
/** The server refuses us, not the event: keep the events for later instead of rejecting them. */
function refusesClient(status: number): boolean {
  return status === 401 || status === 403 || status === 404 || status === 405;
}

/**
 * POSTs each envelope as JSON to a Semantest server's `/events` endpoint, in order, one request
 * per event with an `Idempotency-Key: <id>` header. Each request has `timeoutMs`; failures and
 * timeouts are retried up to `maxAttempts` with exponential backoff and full jitter. When an event
 * exhausts its attempts the sink reports itself unavailable and the rest wait in the outbox.
 */
export class HttpSink implements EventSink {
  readonly kind = "http" as const;
  readonly network = true;
  readonly batchSize = 100;
  readonly id: string;
  private readonly backoff: BackoffPolicy;
  private readonly token: string | undefined;

  constructor(
    private readonly config: HttpSinkConfig,
    options: HttpSinkOptions = {},
  ) {
    this.id = `http:${config.url}`;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.token = config.tokenEnv ? (options.env ?? process.env)[config.tokenEnv] : undefined;
  }

  async deliver(batch: readonly EventEnvelope[]): Promise<DeliveryResult> {
    const delivered: string[] = [];
    const rejected: { id: string; reason: string }[] = [];
    for (const event of batch) {
      const outcome = await this.post(event);
      if (outcome.kind === "delivered") delivered.push(event.id);
      else if (outcome.kind === "rejected") rejected.push({ id: event.id, reason: outcome.reason });
      else return { delivered, rejected, failure: outcome.reason };
    }
    return { delivered, rejected };
  }

  private async post(event: EventEnvelope): Promise<{ kind: "delivered" } | { kind: "rejected" | "unavailable"; reason: string }> {
    const body = JSON.stringify(event);
    let last = "";
    for (let attempt = 1; attempt <= this.config.maxAttempts; attempt++) {
      try {
        const response = await fetch(this.config.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "idempotency-key": event.id,
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          },
          body,
          signal: AbortSignal.timeout(this.config.timeoutMs),
        });
        // Drain the body so the keep-alive connection can be reused.
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return { kind: "delivered" };
        last = `${this.config.url} answered ${response.status} ${response.statusText}`;
        if (refusesClient(response.status)) return { kind: "unavailable", reason: last };
        if (!retryable(response.status)) return { kind: "rejected", reason: last };
      } catch (error) {
        const timedOut = (error as Error).name === "TimeoutError" || (error as Error).name === "AbortError";
        last = timedOut ? `${this.config.url} did not answer within ${this.config.timeoutMs} ms` : `${this.config.url}: ${errorMessage(error)}`;
      }
      if (attempt < this.config.maxAttempts) await sleep(backoffDelay(attempt - 1, this.backoff));
    }
    return { kind: "unavailable", reason: `${last} (after ${this.config.maxAttempts} attempts)` };
  }
}

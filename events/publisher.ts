import type { EventsConfig } from "../domain/config/events-config";
import type { DomainEvent } from "../domain/deployment/domain-event";
import { EventEnvelope, isEventType, toEnvelope, UnknownEventTypeError } from "../domain/events";
import { ulidGenerator } from "./ids";
import { Outbox } from "./outbox";
import type { EventSink } from "./sink";
import { createSink, SinkFactoryOptions } from "./sinks";

export interface PublisherOptions extends Omit<SinkFactoryOptions, "projectDir"> {
  /** The Pulumi project directory: the outbox lives in `<projectDir>/.semantest/outbox/<stack>/`. */
  readonly projectDir: string;
  readonly stack: string;
  /**
   * A preview: events go only to the file sinks unless `publishOnPreview` is set (a plain
   * `pulumi preview` never publishes to a network sink by default).
   */
  readonly preview?: boolean;
  /** ULID generator (default: ulidx, monotonic). */
  readonly newId?: () => string;
  /** Ready sinks instead of building them from the config (tests, embedding). */
  readonly sinks?: readonly EventSink[];
  /** Where the publisher reports sink outages (default: stderr). It never throws for them. */
  readonly onWarning?: (message: string) => void;
  /** Deliver in the background after each publish (default true); false = only on flush(). */
  readonly autoDeliver?: boolean;
  /** How long a sink that failed sits out background rounds (default 30 s). flush() always tries it. */
  readonly suspendMs?: number;
}

export interface PublishOptions {
  /** Default: each event's aggregate id (the deployment id). */
  readonly correlationId?: string;
  /**
   * The cause of the first event. Default: the last event this publisher published for the same
   * correlation id, so requested -> started -> completed form a chain.
   */
  readonly causationId?: string | null;
}

export interface FlushReport {
  /** Events each sink accepted, over this publisher's life (background rounds and flushes). */
  readonly delivered: Readonly<Record<string, number>>;
  /** Events a sink refused for good, with its reason, over this publisher's life. */
  readonly rejected: Readonly<Record<string, readonly { readonly id: string; readonly reason: string }[]>>;
  /** Events still waiting, per sink (its outage is in `failures`). */
  readonly pending: Readonly<Record<string, number>>;
  /** Sinks whose latest attempt failed, with the reason. */
  readonly failures: Readonly<Record<string, string>>;
  /** Events waiting for a sink the config no longer names (kept, reported, not delivered). */
  readonly orphaned: Readonly<Record<string, number>>;
  /** Set when another process held the outbox for the whole wait. */
  readonly skipped?: string;
}

/**
 * The `EventPublisher` port (DESIGN §6). `publish` appends durably to the outbox before it
 * returns its promise, then delivers in the background; `flush` delivers everything pending and
 * reports; `close` flushes and releases the sinks. No method throws for a sink outage.
 */
export interface EventPublisher {
  /** Ids of the sinks events go to (`file:…`, `http:…`, `eventbridge:…`, `eventgrid:…`). */
  readonly sinks: readonly string[];
  readonly outbox: Outbox;
  publish(events: readonly (DomainEvent<object> | EventEnvelope)[], options?: PublishOptions): Promise<readonly EventEnvelope[]>;
  /** The same, synchronously (resource hooks, exit paths): durable when it returns. */
  publishSync(events: readonly (DomainEvent<object> | EventEnvelope)[], options?: PublishOptions): readonly EventEnvelope[];
  flush(options?: { readonly waitForLockMs?: number }): Promise<FlushReport>;
  close(options?: { readonly waitForLockMs?: number }): Promise<FlushReport>;
  /** The id of the last event published for `correlationId` (to chain causation across processes). */
  lastEventId(correlationId: string): string | undefined;
}

export function createPublisher(config: EventsConfig, options: PublisherOptions): EventPublisher {
  return new OutboxPublisher(config, options);
}

/** Delivers what the outbox holds for the configured sinks (`semantest-iac events flush`). */
export async function flushOutbox(config: EventsConfig, options: PublisherOptions & { readonly waitForLockMs?: number }): Promise<FlushReport> {
  const publisher = new OutboxPublisher(config, { ...options, autoDeliver: false });
  return publisher.close({ waitForLockMs: options.waitForLockMs });
}

export function isEnvelope(value: DomainEvent<object> | EventEnvelope): value is EventEnvelope {
  return typeof (value as EventEnvelope).id === "string" && typeof (value as EventEnvelope).timestamp === "string";
}

class OutboxPublisher implements EventPublisher {
  readonly outbox: Outbox;
  readonly sinks: readonly string[];
  private readonly all: readonly EventSink[];
  private readonly destinations: readonly string[];
  private readonly newId: () => string;
  private readonly warn: (message: string) => void;
  private readonly last = new Map<string, string>();
  private readonly suspendedUntil = new Map<string, number>();
  private readonly delivered: Record<string, number> = {};
  private readonly rejected: Record<string, { id: string; reason: string }[]> = {};
  private readonly failures: Record<string, string> = {};
  private round: Promise<FlushReport> | undefined;
  private again = false;
  private closed = false;

  constructor(
    config: EventsConfig,
    private readonly options: PublisherOptions,
  ) {
    this.outbox = Outbox.forStack(options.projectDir, options.stack);
    this.all = options.sinks ?? config.sinks.map((sink) => createSink(sink, options));
    this.sinks = this.all.map((sink) => sink.id);
    const quiet = options.preview === true && !config.publishOnPreview;
    this.destinations = this.all.filter((sink) => !(quiet && sink.network)).map((sink) => sink.id);
    this.newId = options.newId ?? ulidGenerator();
    this.warn = options.onWarning ?? ((message) => process.stderr.write(`semantest-iac events: ${message}\n`));
  }

  lastEventId(correlationId: string): string | undefined {
    return this.last.get(correlationId);
  }

  async publish(events: readonly (DomainEvent<object> | EventEnvelope)[], options: PublishOptions = {}): Promise<readonly EventEnvelope[]> {
    return this.publishSync(events, options);
  }

  publishSync(events: readonly (DomainEvent<object> | EventEnvelope)[], options: PublishOptions = {}): readonly EventEnvelope[] {
    if (this.closed) throw new Error("the event publisher is closed");
    const envelopes: EventEnvelope[] = [];
    for (const event of events) {
      const correlationId = isEnvelope(event) ? event.correlationId : (options.correlationId ?? event.aggregateId);
      let envelope: EventEnvelope;
      if (isEnvelope(event)) {
        if (!isEventType(event.type)) throw new UnknownEventTypeError(event.type);
        envelope = event;
      } else {
        const causationId = envelopes.length === 0 && options.causationId !== undefined ? options.causationId : (this.last.get(correlationId) ?? null);
        envelope = toEnvelope(event, { newId: this.newId, correlationId, causationId });
      }
      this.last.set(correlationId, envelope.id);
      envelopes.push(envelope);
    }
    this.outbox.append(envelopes, this.destinations);
    if (this.options.autoDeliver !== false && envelopes.length > 0) this.schedule();
    return envelopes;
  }

  flush(options: { readonly waitForLockMs?: number } = {}): Promise<FlushReport> {
    return this.enqueue(() => this.deliverPending(false, options.waitForLockMs ?? 10000));
  }

  async close(options: { readonly waitForLockMs?: number } = {}): Promise<FlushReport> {
    const report = await this.flush(options);
    this.closed = true;
    for (const sink of this.all) await sink.close?.();
    return report;
  }

  /** Coalesces publishes into background rounds, one at a time. */
  private schedule(): void {
    if (this.round) {
      this.again = true;
      return;
    }
    this.enqueue(() => this.deliverPending(true, 2000)).catch((error) => this.warn(`delivery failed: ${(error as Error).message}`));
  }

  private enqueue(work: () => Promise<FlushReport>): Promise<FlushReport> {
    const previous = this.round ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(work);
    this.round = next;
    void next.finally(() => {
      if (this.round === next) this.round = undefined;
      if (this.again && !this.closed) {
        this.again = false;
        this.schedule();
      }
    }).catch(() => undefined);
    return next;
  }

  private async deliverPending(background: boolean, waitForLockMs: number): Promise<FlushReport> {
    const { delivered, rejected, failures } = this;
    const held = await this.outbox.withLock(async () => {
      const state = this.outbox.read();
      for (const sink of this.all) {
        const pending = state.pending.get(sink.id) ?? [];
        if (pending.length === 0) continue;
        if (background && (this.suspendedUntil.get(sink.id) ?? 0) > Date.now()) continue;
        for (let start = 0; start < pending.length; start += sink.batchSize) {
          const batch = pending.slice(start, start + sink.batchSize);
          const result = await sink.deliver(batch);
          this.outbox.acknowledge(sink.id, result.delivered, "delivered");
          for (const refusal of result.rejected) this.outbox.acknowledge(sink.id, [refusal.id], "rejected", refusal.reason);
          delivered[sink.id] = (delivered[sink.id] ?? 0) + result.delivered.length;
          if (result.rejected.length > 0) {
            rejected[sink.id] = [...(rejected[sink.id] ?? []), ...result.rejected];
            this.warn(`${sink.id} refused ${result.rejected.length} event(s): ${result.rejected[0].reason}`);
          }
          if (result.failure) {
            failures[sink.id] = result.failure;
            this.suspendedUntil.set(sink.id, Date.now() + (this.options.suspendMs ?? 30000));
            this.warn(`${sink.id} is unavailable; its events stay in the outbox (${this.outbox.dir}) for the next run: ${result.failure}`);
            break;
          }
          this.suspendedUntil.delete(sink.id);
          delete failures[sink.id];
        }
      }
      const after = this.outbox.read();
      if (after.settled > 0 && (after.settled === after.records || after.settled >= 1000)) this.outbox.compact();
      return after;
    }, waitForLockMs);
    // Without the lock the outbox is still readable (appends are whole fsynced lines): what waits is
    // reported as pending, never as nothing.
    const state = held ? held.value : this.outbox.read();
    const pending: Record<string, number> = {};
    const orphaned: Record<string, number> = {};
    for (const [sink, events] of state.pending) {
      if (this.sinks.includes(sink)) pending[sink] = events.length;
      else orphaned[sink] = events.length;
    }
    const report = { delivered: { ...delivered }, rejected: { ...rejected }, failures: { ...failures }, pending, orphaned };
    return held ? report : { ...report, skipped: `another process is delivering this stack's events (${this.outbox.lockFile})` };
  }
}

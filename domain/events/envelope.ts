import { DomainEvent, EVENT_TYPES, EventType } from "../deployment/domain-event";

/** Where Semantest's event bus carries every infrastructure event (DESIGN §6, contract). */
export const EVENTS_TOPIC = "infrastructure.events";
export const ENVELOPE_METADATA = { source: "infrastructure", version: 1 } as const;
export type EnvelopeMetadata = typeof ENVELOPE_METADATA;

/** Semantest's envelope (DESIGN §6, contract). `id` is the idempotency key consumers de-duplicate by. */
export interface EventEnvelope<P extends object = object> {
  /** ULID: unique, sortable by creation time. */
  readonly id: string;
  readonly type: EventType;
  /** ISO-8601 UTC, e.g. 2026-11-22T17:00:00.000Z. */
  readonly timestamp: string;
  /** The deployment id: every event of one deployment shares it. */
  readonly correlationId: string;
  /** The id of the event that caused this one, or null. */
  readonly causationId: string | null;
  /** The deployment id (the aggregate the event belongs to). */
  readonly aggregateId: string;
  readonly payload: P;
  readonly metadata: EnvelopeMetadata;
}

/** How to wrap domain events: ids come from outside (a ULID generator), so the domain stays deterministic. */
export interface EnvelopeContext {
  readonly newId: () => string;
  /** Default: the event's aggregate id (the deployment id). */
  readonly correlationId?: string;
  /** The event that caused the first of the wrapped events; default null. */
  readonly causationId?: string | null;
}

export class UnknownEventTypeError extends Error {
  readonly code = "UNKNOWN_EVENT_TYPE";
  constructor(readonly type: unknown) {
    super(`event type ${JSON.stringify(type)} is not an infrastructure event type; allowed: ${EVENT_TYPES.join(", ")}`);
    this.name = "UnknownEventTypeError";
  }
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && (EVENT_TYPES as readonly string[]).includes(value);
}

/** Wraps one domain event. Throws UnknownEventTypeError rather than ever producing an envelope of an unknown type. */
export function toEnvelope<P extends object>(event: DomainEvent<P>, context: EnvelopeContext): EventEnvelope<P> {
  if (!isEventType(event.type)) throw new UnknownEventTypeError(event.type);
  if (!(event.occurredAt instanceof Date) || Number.isNaN(event.occurredAt.getTime())) {
    throw new RangeError(`event ${event.type} of ${event.aggregateId}: occurredAt ${String(event.occurredAt)} is not a valid date`);
  }
  return {
    id: context.newId(),
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    correlationId: context.correlationId ?? event.aggregateId,
    causationId: context.causationId ?? null,
    aggregateId: event.aggregateId,
    payload: event.payload,
    metadata: ENVELOPE_METADATA,
  };
}

/**
 * Wraps a sequence of events of one deployment as a causal chain: the first is caused by
 * `context.causationId` (or nothing), each next one by the one before (requested -> started -> completed).
 */
export function toEnvelopeChain(events: readonly DomainEvent[], context: EnvelopeContext): EventEnvelope[] {
  const envelopes: EventEnvelope[] = [];
  let cause = context.causationId ?? null;
  for (const event of events) {
    const envelope = toEnvelope(event, { ...context, causationId: cause });
    envelopes.push(envelope);
    cause = envelope.id;
  }
  return envelopes;
}

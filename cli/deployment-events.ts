/**
 * Where the CLI sends a deployment's domain events. The events package (events/) owns the real
 * publisher with its outbox and sinks; until it is wired here, the CLI writes Semantest's envelope
 * (DESIGN §6) as JSON lines to the stack's `file` sinks itself.
 */
import * as fs from "fs";
import * as path from "path";
import { ulid } from "ulidx";
import type { DomainEvent } from "../domain";

export interface EventEnvelope {
  readonly id: string;
  readonly type: string;
  readonly timestamp: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly aggregateId: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly metadata: { readonly source: "infrastructure"; readonly version: 1 };
}

/** The port the commands use: publish a deployment's events, in order. Never throws on a sink outage. */
export interface DeploymentEventPublisher {
  publish(events: readonly DomainEvent[]): Promise<readonly EventEnvelope[]>;
}

/** Wraps domain events in the envelope; each event is caused by the one before it in the same deployment. */
export class Enveloper {
  private readonly last = new Map<string, string>();

  wrap(event: DomainEvent): EventEnvelope {
    const id = ulid(event.occurredAt.getTime());
    const envelope: EventEnvelope = {
      id,
      type: event.type,
      timestamp: event.occurredAt.toISOString(),
      correlationId: event.aggregateId,
      causationId: this.last.get(event.aggregateId) ?? null,
      aggregateId: event.aggregateId,
      payload: { ...event.payload },
      metadata: { source: "infrastructure", version: 1 },
    };
    this.last.set(event.aggregateId, id);
    return envelope;
  }
}

/** Appends envelopes as JSON lines to each file (the DESIGN's default `file` sink). */
export class JsonlFilePublisher implements DeploymentEventPublisher {
  private readonly enveloper = new Enveloper();

  constructor(
    private readonly files: readonly string[],
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  async publish(events: readonly DomainEvent[]): Promise<readonly EventEnvelope[]> {
    const envelopes = events.map((event) => this.enveloper.wrap(event));
    if (envelopes.length === 0) return envelopes;
    const text = envelopes.map((envelope) => JSON.stringify(envelope)).join("\n") + "\n";
    for (const file of this.files) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.appendFileSync(file, text);
      } catch (error) {
        // A sink outage never fails a deployment.
        this.warn(`could not write deployment events to ${file}: ${(error as Error).message}`);
      }
    }
    return envelopes;
  }
}

/** The `file` sinks of `semantest:events` (default `.semantest/events.jsonl`), resolved against the project. */
export function fileSinks(eventsConfig: unknown, projectDir: string): string[] {
  const sinks = eventsConfig && typeof eventsConfig === "object" ? (eventsConfig as { sinks?: unknown }).sinks : undefined;
  if (!Array.isArray(sinks)) return [path.resolve(projectDir, ".semantest/events.jsonl")];
  return sinks
    .filter((sink): sink is { kind: string; path?: string } => Boolean(sink) && typeof sink === "object" && (sink as { kind?: unknown }).kind === "file")
    .map((sink) => path.resolve(projectDir, typeof sink.path === "string" ? sink.path : ".semantest/events.jsonl"));
}

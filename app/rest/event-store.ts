import type { EventEnvelope } from "./envelope";

/** Where the REST app puts accepted events. `duplicate` when an event with that id was already accepted (consumers de-duplicate by id). */
export interface EventStore {
  append(event: EventEnvelope): Promise<"accepted" | "duplicate">;
}

/** Keeps the last `capacity` events in memory; enough for the reference app and tests. */
export class MemoryEventStore implements EventStore {
  private readonly events = new Map<string, EventEnvelope>();

  constructor(private readonly capacity = 10_000) {}

  async append(event: EventEnvelope): Promise<"accepted" | "duplicate"> {
    if (this.events.has(event.id)) return "duplicate";
    this.events.set(event.id, event);
    if (this.events.size > this.capacity) this.events.delete(this.events.keys().next().value as string);
    return "accepted";
  }

  get(id: string): EventEnvelope | undefined {
    return this.events.get(id);
  }

  get size(): number {
    return this.events.size;
  }
}

import type { EventEnvelope } from "../../domain/events";

/**
 * In-process listeners for the events the program emits. Kept on `globalThis` under a registered
 * symbol because the offline preview and the tests load the program in a fresh module registry
 * (jest.isolateModules, require of index.ts): the listener and the emitter must meet whichever
 * copy of this module each of them loaded.
 */
const KEY = Symbol.for("semantest-iac.events.listeners");
type Listener = (event: EventEnvelope) => void;

function listeners(): Set<Listener> {
  const holder = globalThis as unknown as Record<symbol, Set<Listener> | undefined>;
  return (holder[KEY] ??= new Set<Listener>());
}

export function notifyListeners(event: EventEnvelope): void {
  for (const listener of listeners()) listener(event);
}

/** Collects every event emitted from now until `stop()`, which returns them in order. */
export function recordEvents(): { readonly events: readonly EventEnvelope[]; stop(): EventEnvelope[] } {
  const events: EventEnvelope[] = [];
  const listener: Listener = (event) => events.push(event);
  listeners().add(listener);
  return {
    events,
    stop() {
      listeners().delete(listener);
      return events;
    },
  };
}

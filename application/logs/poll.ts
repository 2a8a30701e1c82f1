/**
 * `follow` by polling, for a log store without a push API (Log Analytics) or where the push API is
 * unavailable: read from a cursor every `intervalMs`, re-reading an overlap window because both
 * clouds index an entry some time after its timestamp, and drop entries already delivered.
 */
import type { LogBatch, LogEvent, LogQuery } from "./ports";

export interface PollOptions {
  /** Between two reads. */
  readonly intervalMs: number;
  /** How far behind the newest delivered entry each read starts again (late indexing). */
  readonly overlapMs: number;
  readonly now?: () => number;
}

const keyOf = (event: LogEvent) => event.id ?? `${event.timestamp}|${event.stream ?? ""}|${event.message}`;

export async function pollFollow(read: (query: LogQuery) => Promise<LogBatch>, query: LogQuery, onEvent: (event: LogEvent) => void, signal: AbortSignal, options: PollOptions): Promise<void> {
  const now = options.now ?? Date.now;
  let cursor = query.startMs;
  const seen = new Map<string, number>();
  while (!signal.aborted) {
    const { events } = await read({ startMs: Math.max(query.startMs, cursor - options.overlapMs), endMs: now() + 1, filter: query.filter });
    for (const event of [...events].sort((a, b) => a.timestamp - b.timestamp)) {
      const key = keyOf(event);
      if (seen.has(key)) continue;
      seen.set(key, event.timestamp);
      cursor = Math.max(cursor, event.timestamp);
      if (!signal.aborted) onEvent(event);
    }
    for (const [key, at] of seen) if (at < cursor - options.overlapMs) seen.delete(key);
    await sleep(options.intervalMs, signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

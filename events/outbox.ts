import * as fs from "fs";
import * as path from "path";
import type { EventEnvelope } from "../domain/events";
import { appendDurably, readJsonLines, replaceDurably } from "./durable-file";
import { sleep } from "./retry";

/** One outbox line: an event and the sinks it must reach (fixed when it was published). */
export interface OutboxRecord {
  readonly event: EventEnvelope;
  readonly sinks: readonly string[];
}

/** One ack line: what a sink did with some events. */
export interface AckRecord {
  readonly sink: string;
  readonly ids: readonly string[];
  readonly status: "delivered" | "rejected";
  readonly at: string;
  readonly reason?: string;
}

export interface OutboxState {
  /** Per sink id, the events it still has to receive, oldest first. */
  readonly pending: ReadonlyMap<string, readonly EventEnvelope[]>;
  readonly records: number;
  /** Records every destination has acknowledged. */
  readonly settled: number;
  /** Lines that could not be read (a torn last line after a crash). */
  readonly corrupt: number;
}

export const OUTBOX_DIR = ".semantest/outbox";
const STALE_LOCK_MS = 10 * 60 * 1000;

/**
 * The durable outbox (DESIGN §6): every event is appended here, fsynced, before any sink sees it;
 * each sink's deliveries are acknowledged in a second append-only file. What is not acknowledged
 * is pending, whichever process or run published it, until some flush delivers it. Delivery is
 * therefore at-least-once: a crash between a delivery and its ack re-sends that event, and
 * consumers de-duplicate by `id`.
 *
 * Files (one directory per stack): events.jsonl, acks.jsonl, and `lock`, held by whoever delivers.
 */
export class Outbox {
  readonly eventsFile: string;
  readonly acksFile: string;
  readonly lockFile: string;

  constructor(readonly dir: string) {
    this.eventsFile = path.join(dir, "events.jsonl");
    this.acksFile = path.join(dir, "acks.jsonl");
    this.lockFile = path.join(dir, "lock");
  }

  static forStack(projectDir: string, stack: string): Outbox {
    return new Outbox(path.join(projectDir, OUTBOX_DIR, stack.replace(/[^A-Za-z0-9._-]/g, "_")));
  }

  /** Durable once it returns (fsync). Synchronous on purpose: nothing can run between publish and append. */
  append(events: readonly EventEnvelope[], sinks: readonly string[]): void {
    if (events.length === 0) return;
    appendDurably(this.eventsFile, events.map((event) => JSON.stringify({ event, sinks } satisfies OutboxRecord) + "\n").join(""));
  }

  acknowledge(sink: string, ids: readonly string[], status: AckRecord["status"], reason?: string): void {
    if (ids.length === 0) return;
    const ack: AckRecord = { sink, ids, status, at: new Date().toISOString(), ...(reason ? { reason } : {}) };
    appendDurably(this.acksFile, JSON.stringify(ack) + "\n");
  }

  read(): OutboxState {
    return this.readFrom(this.eventsFile);
  }

  private readFrom(eventsFile: string): OutboxState {
    const { records, corrupt: badRecords } = this.readRecords(eventsFile);
    const acks = readJsonLines<AckRecord>(this.acksFile);
    const acked = new Map<string, Set<string>>();
    for (const ack of acks.values) {
      if (!ack || typeof ack.sink !== "string" || !Array.isArray(ack.ids)) continue;
      const set = acked.get(ack.sink) ?? new Set<string>();
      for (const id of ack.ids) set.add(id);
      acked.set(ack.sink, set);
    }
    const pending = new Map<string, EventEnvelope[]>();
    let settled = 0;
    for (const record of records) {
      let open = false;
      for (const sink of record.sinks) {
        if (acked.get(sink)?.has(record.event.id)) continue;
        open = true;
        const list = pending.get(sink) ?? [];
        list.push(record.event);
        pending.set(sink, list);
      }
      if (!open) settled++;
    }
    return { pending, records: records.length, settled, corrupt: badRecords + acks.corrupt };
  }

  /**
   * Drops settled records (call while holding the lock). The events file is moved aside first; a
   * writer that was appending to it notices the move and appends again to the new file, and any
   * still-pending record of the old file is carried over, so nothing pending is ever dropped.
   */
  compact(): { readonly kept: number; readonly dropped: number } {
    if (!fs.existsSync(this.eventsFile)) return { kept: 0, dropped: 0 };
    const aside = `${this.eventsFile}.compacting-${process.pid}`;
    fs.renameSync(this.eventsFile, aside);
    const state = this.readFrom(aside);
    const keptIds = new Set<string>();
    for (const events of state.pending.values()) for (const event of events) keptIds.add(event.id);
    const { records } = this.readRecords(aside);
    const kept = records.filter((record) => keptIds.has(record.event.id));
    if (kept.length > 0) appendDurably(this.eventsFile, kept.map((record) => JSON.stringify(record) + "\n").join(""));
    const acks = readJsonLines<AckRecord>(this.acksFile).values
      .map((ack) => ({ ...ack, ids: ack.ids.filter((id) => keptIds.has(id)) }))
      .filter((ack) => ack.ids.length > 0);
    replaceDurably(this.acksFile, acks.map((ack) => JSON.stringify(ack) + "\n").join(""));
    fs.unlinkSync(aside);
    return { kept: kept.length, dropped: records.length - kept.length };
  }

  /**
   * Runs `work` holding the outbox lock (one deliverer at a time per stack, across processes).
   * A lock left by a dead process (SIGKILL) is taken over. Returns undefined if another live
   * process kept it for `waitMs`.
   */
  async withLock<T>(work: () => Promise<T>, waitMs = 10000): Promise<{ readonly value: T } | undefined> {
    const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
    const deadline = Date.now() + waitMs;
    fs.mkdirSync(this.dir, { recursive: true });
    for (;;) {
      try {
        fs.writeFileSync(this.lockFile, token, { flag: "wx" });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (this.lockIsStale()) {
          fs.rmSync(this.lockFile, { force: true });
          continue;
        }
        if (Date.now() >= deadline) return undefined;
        await sleep(20);
      }
    }
    // Released on every path: when `work` ends or throws, and when the process exits while it
    // runs (process.exit from a command, an uncaught error). Only SIGKILL and fatal signals skip
    // this; the next deliverer then takes the lock over, since its pid is dead (lockIsStale).
    const release = () => {
      try {
        if (fs.readFileSync(this.lockFile, "utf8") === token) fs.rmSync(this.lockFile, { force: true });
      } catch {
        // already gone
      }
    };
    process.once("exit", release);
    try {
      return { value: await work() };
    } finally {
      process.removeListener("exit", release);
      release();
    }
  }

  private lockIsStale(): boolean {
    try {
      const holder = fs.readFileSync(this.lockFile, "utf8");
      const pid = Number(holder.split(":")[0]);
      if (Date.now() - fs.statSync(this.lockFile).mtimeMs > STALE_LOCK_MS) return true;
      if (!Number.isInteger(pid) || pid <= 0) return true;
      try {
        process.kill(pid, 0);
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === "ESRCH";
      }
    } catch {
      return false;
    }
  }

  private readRecords(eventsFile: string): { readonly records: OutboxRecord[]; readonly corrupt: number } {
    const lines = readJsonLines<OutboxRecord>(eventsFile);
    const byId = new Map<string, OutboxRecord>();
    let corrupt = lines.corrupt;
    for (const record of lines.values) {
      if (!record || typeof record !== "object" || !record.event || typeof record.event.id !== "string" || !Array.isArray(record.sinks)) {
        corrupt++;
        continue;
      }
      const seen = byId.get(record.event.id);
      byId.set(record.event.id, seen ? { event: seen.event, sinks: [...new Set([...seen.sinks, ...record.sinks])] } : record);
    }
    return { records: [...byId.values()], corrupt };
  }
}

/**
 * An in-memory `Connections` registry: used by tests and by hosts that hold their sockets in one
 * process (the local gateway). Each connection is registered with a sink that delivers a frame
 * (e.g. `ws.send`) and closes it.
 */
import type { BroadcastOptions, BroadcastResult, Connections } from "./port";

export interface ConnectionSink {
  /** Delivers one text frame; throws (or rejects) when the connection is gone. */
  send(data: string): void | Promise<void>;
  close(reason?: string): void | Promise<void>;
}

export class MemoryConnections implements Connections {
  private readonly sinks = new Map<string, ConnectionSink>();
  private readonly topics = new Map<string, Set<string>>();

  register(connectionId: string, sink: ConnectionSink): void {
    this.sinks.set(connectionId, sink);
  }

  /** Forgets a connection and its subscriptions (on disconnect, or when found gone). */
  unregister(connectionId: string): void {
    this.sinks.delete(connectionId);
    for (const [topic, members] of this.topics) {
      members.delete(connectionId);
      if (members.size === 0) this.topics.delete(topic);
    }
  }

  has(connectionId: string): boolean {
    return this.sinks.has(connectionId);
  }

  ids(): string[] {
    return [...this.sinks.keys()];
  }

  subscribers(topic: string): string[] {
    return [...(this.topics.get(topic) ?? [])];
  }

  topicsOf(connectionId: string): string[] {
    return [...this.topics].filter(([, members]) => members.has(connectionId)).map(([topic]) => topic);
  }

  get size(): number {
    return this.sinks.size;
  }

  async send(connectionId: string, data: string): Promise<void> {
    const sink = this.sinks.get(connectionId);
    if (!sink) return;
    try {
      await sink.send(data);
    } catch {
      this.unregister(connectionId);
    }
  }

  async broadcast(data: string, options: BroadcastOptions = {}): Promise<BroadcastResult> {
    const except = new Set(options.except ?? []);
    const targets = (options.topic === undefined ? this.ids() : this.subscribers(options.topic)).filter((id) => !except.has(id));
    let delivered = 0;
    let gone = 0;
    await Promise.all(
      targets.map(async (id) => {
        const sink = this.sinks.get(id);
        if (!sink) return;
        try {
          await sink.send(data);
          delivered += 1;
        } catch {
          gone += 1;
          this.unregister(id);
        }
      }),
    );
    return { delivered, gone };
  }

  async close(connectionId: string, reason?: string): Promise<void> {
    const sink = this.sinks.get(connectionId);
    this.unregister(connectionId);
    if (sink) await sink.close(reason);
  }

  async subscribe(connectionId: string, topic: string): Promise<void> {
    if (!this.sinks.has(connectionId)) return;
    const members = this.topics.get(topic) ?? new Set<string>();
    members.add(connectionId);
    this.topics.set(topic, members);
  }

  async unsubscribe(connectionId: string, topic: string): Promise<void> {
    const members = this.topics.get(topic);
    if (!members) return;
    members.delete(connectionId);
    if (members.size === 0) this.topics.delete(topic);
  }
}

import { StateNotWritableError, type ConnectionState } from "../../app/websocket/port";

/**
 * The `ConnectionState` a host hands one invocation: read at most once (lazily), written by the
 * host after the handler returns, so a handler's writes cost one store call however many `set`s
 * it makes. `readOnlyIn` names the event when writes are refused (see the port).
 */
export class InvocationState implements ConnectionState {
  private value: Record<string, unknown> | undefined;
  private loading: Promise<Record<string, unknown>> | undefined;
  private dirty = false;

  constructor(
    private readonly load: () => Promise<Record<string, unknown>>,
    private readonly readOnlyIn?: string,
  ) {}

  async get(): Promise<Readonly<Record<string, unknown>>> {
    return { ...(await this.current()) };
  }

  async set(values: Readonly<Record<string, unknown>>): Promise<void> {
    if (this.readOnlyIn) throw new StateNotWritableError(this.readOnlyIn);
    const next = { ...(await this.current()) };
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    this.value = next;
    this.dirty = true;
  }

  /** The state to store, when the handler changed it. */
  changed(): Record<string, unknown> | undefined {
    return this.dirty ? { ...this.value } : undefined;
  }

  private async current(): Promise<Record<string, unknown>> {
    if (this.value) return this.value;
    this.loading ??= this.load();
    this.value = await this.loading;
    return this.value;
  }
}

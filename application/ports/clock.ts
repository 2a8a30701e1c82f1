/** The clock and id port: use cases never read the time, wait or make ids themselves, so tests can fix all three. */
export interface Clock {
  now(): Date;
  /** A new deployment / rollback id (a ULID). */
  newId(): string;
  /**
   * Resolves after `ms` milliseconds (a rollout step's watch), or as soon as `signal` aborts. The
   * test clock returns at once and moves its time forward instead.
   */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
}

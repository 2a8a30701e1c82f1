/** The clock and id port: use cases never read the time or make ids themselves, so tests can fix both. */
export interface Clock {
  now(): Date;
  /** A new deployment / rollback id (a ULID). */
  newId(): string;
}

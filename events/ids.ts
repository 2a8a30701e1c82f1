import { monotonicFactory } from "ulidx";

/** ULIDs, monotonic within a millisecond so ids of one process sort in emission order (ulidx). */
export function ulidGenerator(): () => string {
  const next = monotonicFactory();
  return () => next();
}

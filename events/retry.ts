/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * the n-th retry waits a random time in [0, min(cap, base * 2^n)], so that many clients retrying
 * after one outage do not hit the server in lockstep.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 100, capMs: 5000 };

/** Delay before retry number `retry` (0 = the first retry). `random` is injectable for tests. */
export function backoffDelay(retry: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}

/**
 * A wait that keeps the process alive: the timer is deliberately NOT unref'd. A retry or a lock
 * wait is pending work; an unref'd timer let Node end the CLI in the middle of it, exit 0 with
 * nothing printed and the outbox lock left behind (issue 14).
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

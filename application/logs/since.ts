/**
 * `--since`: how far back `logs` starts. A duration (`30s`, `15m`, `2h`, `7d`, up to 30 days) or an
 * ISO 8601 time with a zone (`2026-11-30T07:00:00Z`), never in the future. Every refusal names the
 * flag, quotes the value and says what is allowed.
 */

/** The longest look-back: CloudWatch FilterLogEvents and Log Analytics both answer it, and a longer one is a query, not a tail. */
export const MAX_SINCE_MS = 30 * 24 * 3600 * 1000;

export const SINCE_ALLOWED = "a whole number with s, m, h or d (30s, 15m, 2h, 7d; at most 30d), or an ISO 8601 time with a zone (2026-11-30T07:00:00Z), not in the future";

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^([0-9]{1,9})([smhd])$/;
// A date, a time and a zone: `Date.parse` alone accepts "1", "May 5" and local times.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export type SinceResult = { readonly ok: true; readonly startMs: number } | { readonly ok: false; readonly problem: string };

/** The start time (epoch ms) `text` names, seen from `nowMs`. */
export function parseSince(text: string, nowMs: number): SinceResult {
  const refuse = (why: string): SinceResult => ({ ok: false, problem: `--since ${JSON.stringify(text)} ${why}; allowed: ${SINCE_ALLOWED}` });
  const duration = DURATION.exec(text);
  if (duration) {
    const ms = Number(duration[1]) * UNIT_MS[duration[2]];
    if (ms <= 0) return refuse("is not a positive duration");
    if (ms > MAX_SINCE_MS) return refuse("is longer than 30 days");
    return { ok: true, startMs: nowMs - ms };
  }
  if (ISO_TIME.test(text)) {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return refuse("is not a valid time");
    if (at > nowMs) return refuse("is in the future");
    if (nowMs - at > MAX_SINCE_MS) return refuse("is more than 30 days ago");
    return { ok: true, startMs: at };
  }
  return refuse("is not a duration or a time");
}

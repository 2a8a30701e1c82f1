/** `--since` (application/logs/since.ts): every input is either a start time or a refusal naming the flag, the value and what is allowed. */
import fc from "fast-check";
import { MAX_SINCE_MS, parseSince } from "../../application/logs/since";
import { OPS_PROPERTIES, SEED } from "./support/fuzz-cases";

const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);
const UNITS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

describe("parseSince", () => {
  it("reads the documented examples", () => {
    expect(parseSince("15m", NOW)).toEqual({ ok: true, startMs: NOW - 15 * 60_000 });
    expect(parseSince("30s", NOW)).toEqual({ ok: true, startMs: NOW - 30_000 });
    expect(parseSince("2h", NOW)).toEqual({ ok: true, startMs: NOW - 2 * 3_600_000 });
    expect(parseSince("7d", NOW)).toEqual({ ok: true, startMs: NOW - 7 * 86_400_000 });
    expect(parseSince("2026-11-30T07:00:00Z", NOW)).toEqual({ ok: true, startMs: Date.UTC(2026, 10, 30, 7) });
    expect(parseSince("2026-11-30T09:00:00+02:00", NOW)).toEqual({ ok: true, startMs: Date.UTC(2026, 10, 30, 7) });
  });

  it("refuses with the flag, the quoted value and what is allowed", () => {
    for (const [text, why] of [
      ["15x", "is not a duration or a time"],
      ["0m", "is not a positive duration"],
      ["31d", "is longer than 30 days"],
      ["", "is not a duration or a time"],
      ["-5m", "is not a duration or a time"],
      ["1.5h", "is not a duration or a time"],
      ["2026-11-30T07:00:00", "is not a duration or a time"], // no zone: whose 07:00?
      ["2026-11-30T09:00:00Z", "is in the future"],
      ["2026-10-01T00:00:00Z", "is more than 30 days ago"],
      ["2026-13-45T07:00:00Z", "is not a valid time"],
    ] as const) {
      const result = parseSince(text, NOW);
      expect(result).toEqual({ ok: false, problem: expect.stringContaining(`--since ${JSON.stringify(text)} ${why}; allowed: a whole number with s, m, h or d`) });
    }
  });

  it("any duration n<unit> within 30 days starts exactly n units before now (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(UNITS) as (keyof typeof UNITS)[])), fc.integer({ min: 1, max: 2_592_000 }), (unit, n) => {
        const result = parseSince(`${n}${unit}`, NOW);
        const ms = n * UNITS[unit];
        if (ms > MAX_SINCE_MS) expect(result).toEqual({ ok: false, problem: expect.stringContaining("is longer than 30 days") });
        else expect(result).toEqual({ ok: true, startMs: NOW - ms });
      }),
      { seed: 22, numRuns: 300 },
    );
  });

  it("any instant in the last 30 days, written as ISO 8601, parses back to itself (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_SINCE_MS }), (ago) => {
        const at = NOW - ago;
        expect(parseSince(new Date(at).toISOString(), NOW)).toEqual({ ok: true, startMs: at });
      }),
      { seed: 22, numRuns: 300 },
    );
  });

  it("never throws, and every result is a start within 30 days before now or a refusal quoting the input (property)", () => {
    fc.assert(OPS_PROPERTIES.since, { seed: SEED, numRuns: 1000 });
  });
});

/** `--filter` (application/logs/filter.ts) and what each cloud receives for it. */
import fc from "fast-check";
import { MAX_FILTER_LENGTH, parseFilter } from "../../application/logs/filter";
import { filterPattern } from "../../adapters/logs/cloudwatch";
import { componentQuery } from "../../adapters/logs/log-analytics";

describe("parseFilter", () => {
  it("keeps text and refuses what one phrase on both clouds cannot express, naming the flag and the value", () => {
    expect(parseFilter(undefined)).toEqual({ ok: true, filter: undefined });
    expect(parseFilter("ERROR dispatch")).toEqual({ ok: true, filter: "ERROR dispatch" });
    expect(parseFilter('say "hi"')).toEqual({ ok: false, problem: expect.stringContaining(`--filter ${JSON.stringify('say "hi"')} contains a double quote; allowed:`) });
    expect(parseFilter("a\nb")).toEqual({ ok: false, problem: expect.stringContaining("contains a control character") });
    expect(parseFilter("")).toEqual({ ok: false, problem: expect.stringContaining("is empty") });
    expect(parseFilter("x".repeat(MAX_FILTER_LENGTH + 1))).toEqual({ ok: false, problem: expect.stringContaining(`is ${MAX_FILTER_LENGTH + 1} characters long`) });
  });

  it("whatever it accepts is one quoted CloudWatch term and one KQL verbatim string, never breaking out of either (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => {
        const result = parseFilter(text);
        if (!result.ok) {
          expect(result.problem).toContain(`--filter ${JSON.stringify(text)}`);
          return;
        }
        const pattern = filterPattern(result.filter)!;
        // One term: opens and closes with the only two quotes.
        expect(pattern).toBe(`"${text}"`);
        expect(pattern.split('"').length).toBe(3);
        const kql = componentQuery("semantest-dev-rest-api-1", result.filter, 10);
        const line = kql.split("\n").find((l) => l.includes("contains_cs"))!;
        expect(line).toBe(`| where Message contains_cs @"${text}"`);
        expect(kql.split("\n")).toHaveLength(8);
      }),
      { seed: 22, numRuns: 500 },
    );
  });
});

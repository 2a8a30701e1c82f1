/** `--filter` (application/logs/filter.ts) and what each cloud receives for it. */
import fc from "fast-check";
import { MAX_FILTER_LENGTH, parseFilter } from "../../application/logs/filter";
import { OPS_PROPERTIES, SEED } from "./support/fuzz-cases";

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
    fc.assert(OPS_PROPERTIES.filter, { seed: SEED, numRuns: 500 });
  });

  it("the logs output parser never throws, and what it accepts every reader can use (property)", () => {
    fc.assert(OPS_PROPERTIES.sources, { seed: SEED, numRuns: 500 });
  });
});

import fc from "fast-check";
import { DEFAULTS, DeploymentConfiguration, Environment, parseTraffic } from "../../domain";

const dev = Environment.of("dev");
const production = Environment.of("production");

describe("semantest:traffic", () => {
  it("defaults per environment when absent", () => {
    expect(parseTraffic(undefined, dev)).toEqual({ ok: true, value: DEFAULTS.dev.traffic });
    expect(parseTraffic(undefined, production)).toEqual({ ok: true, value: DEFAULTS.production.traffic });
    expect(DEFAULTS.production.traffic.restApi.requestsPerMonth).toBeGreaterThan(DEFAULTS.dev.traffic.restApi.requestsPerMonth);
  });

  it("keeps the defaults of the fields it omits", () => {
    const parsed = parseTraffic({ "rest-api": { requestsPerMonth: 42 }, storageGb: 0.5 }, production);
    expect(parsed).toEqual({
      ok: true,
      value: { ...DEFAULTS.production.traffic, restApi: { ...DEFAULTS.production.traffic.restApi, requestsPerMonth: 42 }, storageGb: 0.5 },
    });
  });

  it("names the field, the value and what is allowed for every bad figure, in one run", () => {
    const parsed = parseTraffic({ "rest-api": { requestsPerMonth: -1, meanDurationMs: 1e7, typo: 1 }, websocket: "lots", storageGb: "5" }, dev);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "semantest:traffic.rest-api.typo: 1 is not a known setting; allowed: requestsPerMonth, meanDurationMs, requestBytes, responseBytes",
      "semantest:traffic.rest-api.requestsPerMonth: -1 is negative; allowed: 0 to 1000000000000000",
      "semantest:traffic.rest-api.meanDurationMs: 10000000 is above the maximum of 900000",
      'semantest:traffic.websocket: "lots" is not an object; expected a map with connectionsPerMonth, connectionMinutesPerMonth, messagesPerMonth, messageBytes, meanDurationMs',
      'semantest:traffic.storageGb: "5" is not a number; allowed: 0 to 1000000000000000',
    ]);
  });

  it("is read by the stack config parser, which reports its problems with the others", () => {
    const ok = DeploymentConfiguration.parse({ stack: "dev", values: { "semantest:traffic": { "rest-api": { requestsPerMonth: 7 } } } });
    expect(ok.ok && ok.value.traffic.restApi.requestsPerMonth).toBe(7);
    const bad = DeploymentConfiguration.parse({ stack: "dev", values: { "semantest:traffic": [1], "semantest:tags": 3 } });
    expect(bad.ok ? [] : bad.error.map((p) => p.path)).toEqual(["semantest:tags", "semantest:traffic"]);
  });

  it("never throws and returns only non-negative finite figures (fuzz, seeded)", () => {
    fc.assert(fc.property(fc.anything({ maxDepth: 3 }), fc.dictionary(fc.constantFrom("rest-api", "websocket", "storageGb", "natDataGbPerMonth"), fc.anything({ maxDepth: 2 })), (raw, mixed) => {
      for (const input of [raw, mixed]) {
        const parsed = parseTraffic(input, dev);
        if (!parsed.ok) continue;
        const figures = [parsed.value.logBytesPerInvocation, parsed.value.storageGb, parsed.value.natDataGbPerMonth, ...Object.values(parsed.value.restApi), ...Object.values(parsed.value.websocket)];
        for (const f of figures) expect(Number.isFinite(f) && f >= 0).toBe(true);
      }
    }), { seed: 21, numRuns: 300 });
  });
});

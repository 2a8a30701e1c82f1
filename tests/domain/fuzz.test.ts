import fc from "fast-check";
import { DeploymentConfiguration, formatProblem } from "../../domain";
import { fuzzFamily, hostileStackConfig, judgeHostile, judgeMutated, judgeValid, mutatedStackConfig, validStackConfig } from "./config-fuzz";

/**
 * The suite's seeded, bounded share of the config fuzz (issue 14). The full-size run, 10,000 hostile
 * configs and more, is `npm run bench:fuzz` (bench/fuzz/config.ts), with the same generators.
 */
describe("DeploymentConfiguration.parse on generated configs", () => {
  it("never throws on 1,000 hostile configs, and every problem names its path, quotes its value and says what is allowed", () => {
    const figures = fuzzFamily(hostileStackConfig, judgeHostile, 1000, 20261122);
    expect(figures.firstFailures).toEqual([]);
    expect(figures).toMatchObject({ configs: 1000, crashes: 0, wrong: 0 });
  });

  it("refuses every one of 300 valid configs given one known mistake, with a problem at the mistake's path", () => {
    expect(fuzzFamily(mutatedStackConfig, judgeMutated, 300, 7).firstFailures).toEqual([]);
  });

  it("accepts 300 configs within every limit", () => {
    expect(fuzzFamily(validStackConfig, judgeValid, 300, 11).firstFailures).toEqual([]);
  });

  it("is deterministic: the same raw config always gives the same result", () => {
    fc.assert(
      fc.property(hostileStackConfig, (raw) => {
        expect(JSON.stringify(DeploymentConfiguration.parse(raw))).toEqual(JSON.stringify(DeploymentConfiguration.parse(raw)));
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it("accepts every config within the clouds' limits, and round-trips it: settings written back parse to the same settings", () => {
    fc.assert(
      fc.property(validStackConfig, (raw) => {
        const parsed = DeploymentConfiguration.parse(raw);
        if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join("\n"));
        const configuration = parsed.value;
        const components: Record<string, unknown> = {};
        for (const { kind, secrets, ...settings } of configuration.components) {
          // Secret variables are written back the way a stack file holds them: { secure: ... }.
          const written: Record<string, unknown> = { ...settings, variables: { ...settings.variables, ...Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, { secure: value }])) } };
          if (written.entry === undefined) delete written.entry;
          components[kind] = written;
        }
        const again = DeploymentConfiguration.parse({
          stack: raw.stack,
          values: {
            ...Object.fromEntries(Object.entries(raw.values).filter(([key]) => !key.startsWith("semantest:"))),
            "semantest:environment": configuration.environment.name,
            "semantest:components": components,
            "semantest:events": configuration.events,
            ...(configuration.release ? { "semantest:release": configuration.release } : {}),
            "semantest:tags": configuration.tags,
          },
        });
        if (!again.ok) throw new Error(again.error.map(formatProblem).join("\n"));
        expect(again.value.components).toEqual(configuration.components);
        expect(again.value.events).toEqual(configuration.events);
        expect(again.value.environment.name).toBe(configuration.environment.name);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});

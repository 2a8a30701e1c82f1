/** host.json per component (artifacts/azure.ts): `timeoutSeconds` reaches the host as `functionTimeout`. */
import fc from "fast-check";
import { azureArtifactSpec, functionTimeout, hostJson } from "../../artifacts/azure";

describe("host.json functionTimeout", () => {
  it("formats seconds as hh:mm:ss", () => {
    expect(functionTimeout(30)).toBe("00:00:30");
    expect(functionTimeout(230)).toBe("00:03:50");
    expect(functionTimeout(3600)).toBe("01:00:00");
  });

  it("round-trips every whole number of seconds up to a day", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 86_400 }), (seconds) => {
        const [h, m, s] = functionTimeout(seconds).split(":").map(Number);
        expect(h! * 3600 + m! * 60 + s!).toBe(seconds);
        expect(functionTimeout(seconds)).toMatch(/^\d{2}:[0-5]\d:[0-5]\d$/);
      }),
      { seed: 13, numRuns: 500 },
    );
  });

  it("refuses what is not a positive whole number, naming the value", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => functionTimeout(bad)).toThrow(/timeoutSeconds .* is not a positive whole number/);
  });

  it("puts the component's timeout into the artifact's host.json, keeping the route prefix", () => {
    const settings = { kind: "rest-api", provider: "azure", timeoutSeconds: 45 } as Parameters<typeof azureArtifactSpec>[0];
    const spec = azureArtifactSpec(settings, "/project");
    const json = JSON.parse(String(spec.extraFiles!["host.json"]));
    expect(json).toMatchObject({ version: "2.0", functionTimeout: "00:00:45", extensions: { http: { routePrefix: "" } } });
    expect(hostJson({ timeoutSeconds: 120 }).functionTimeout).toBe("00:02:00");
  });
});

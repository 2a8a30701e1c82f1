/**
 * `semantest:release.traffic` as the AWS alias takes it: the domain parser (every problem named,
 * never a throw) and the pure alias routing, with seeded fast-check properties.
 */
import fc from "fast-check";
import { parseRelease, type ReleaseTraffic } from "../../domain";
import { aliasRouting, aliasRoutingProblems, awsTrafficProblems } from "../../components/aws/release-traffic";
import { canaryDimensions } from "../../components/aws/canary-alarms";
import { closesCanary, forwardStatements } from "../../components/aws/websocket-pinning";
import { traffic } from "./fixtures";

const SEED = 20;
const parsedTraffic = (raw: unknown) => {
  const parsed = parseRelease({ id: "r1", artifacts: {}, traffic: raw });
  return parsed;
};

describe("parseRelease: traffic", () => {
  it("reads previous { id, artifacts, versions } and weight", () => {
    const parsed = parsedTraffic(traffic(0.25));
    expect(parsed.ok && parsed.value?.traffic).toEqual({
      previous: { id: expect.any(String), artifacts: { "rest-api": `sha256:${"a".repeat(64)}`, websocket: `sha256:${"b".repeat(64)}` }, versions: { "rest-api": "7", websocket: "7" } },
      weight: 0.25,
    });
  });

  it("keeps a release without traffic as it was (all-at-once)", () => {
    const parsed = parseRelease({ id: "r1", artifacts: {} });
    expect(parsed.ok && parsed.value).toEqual({ id: "r1", artifacts: {} });
  });

  it.each([
    ["a weight above 1", { ...traffic(1.5) }, "semantest:release.traffic.weight", "allowed: a number from 0"],
    ["a weight as a percentage string", { ...traffic(0.1), weight: "10%" }, "semantest:release.traffic.weight", "allowed: a number from 0"],
    ["no previous release", { weight: 0.1 }, "semantest:release.traffic.previous", "is not an object"],
    ["an unknown key", { ...traffic(0.1), extra: 1 }, "semantest:release.traffic.extra", "is not a known setting"],
    ["a bad previous digest", { ...traffic(0.1), previous: { id: "p", artifacts: { "rest-api": "md5:1" } } }, "semantest:release.traffic.previous.artifacts.rest-api", "is not an artifact digest"],
    ["a numeric version", { ...traffic(0.1), previous: { id: "p", versions: { "rest-api": 7 } } }, "semantest:release.traffic.previous.versions.rest-api", "is not a version name"],
    ["versions that are not a map", { ...traffic(0.1), previous: { id: "p", versions: "7" } }, "semantest:release.traffic.previous.versions", "is not a map of component to the version serving it"],
    ["a version of an unknown component", { ...traffic(0.1), previous: { id: "p", versions: { api: "7" } } }, "semantest:release.traffic.previous.versions.api", "is not a known setting"],
    ["a strategy name instead of a split", "canary", "semantest:release.traffic", "is not an object"],
  ])("refuses %s, naming the field", (_, raw, path, allowed) => {
    const parsed = parsedTraffic(raw);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const found = parsed.error.find((p) => p.path === path);
    expect(found).toBeDefined();
    expect(JSON.stringify(found)).toContain(allowed);
  });

  it("never throws on any value, and accepts exactly the weights in [0, 1] (seeded)", () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        parsedTraffic(raw); // must not throw
      }),
      { seed: SEED, numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (weight) => {
        const parsed = parsedTraffic(traffic(weight));
        expect(parsed.ok).toBe(Number.isFinite(weight) && weight >= 0 && weight <= 1);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

const split = (weight: number, versions?: Record<string, string>): ReleaseTraffic => {
  const parsed = parsedTraffic(traffic(weight, versions));
  if (!parsed.ok || !parsed.value?.traffic) throw new Error(JSON.stringify(parsed));
  return parsed.value.traffic;
};

describe("aliasRouting", () => {
  it("keeps the primary on the previous version and weights the new one during a canary", () => {
    expect(aliasRouting("8", split(0.1), "rest-api")).toEqual({ functionVersion: "7", additionalVersionWeights: { "8": 0.1 } });
  });

  it.each([
    ["no traffic (all-at-once)", undefined, { functionVersion: "8" }],
    ["weight 1 (shift complete)", split(1), { functionVersion: "8" }],
    ["weight 0 (rollback)", split(0), { functionVersion: "7" }],
    ["nothing new was published", split(0.5, { "rest-api": "8" }), { functionVersion: "8" }],
  ])("%s", (_, t, expected) => {
    expect(aliasRouting("8", t, "rest-api")).toEqual(expected);
  });

  it("refuses a function version that is not published", () => {
    expect(() => aliasRouting("$LATEST", split(0.1), "rest-api")).toThrow(/"\$LATEST" is not a published version/);
  });

  it("always gives an alias the pack accepts, and sends the new version exactly `weight` (seeded)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (previous, next, weight) => {
        const routing = aliasRouting(String(next), split(weight, { "rest-api": String(previous) }), "rest-api");
        expect(aliasRoutingProblems(routing.functionVersion, routing.additionalVersionWeights)).toEqual([]);
        const newShare = routing.functionVersion === String(next) ? 1 - (routing.additionalVersionWeights?.[String(previous)] ?? 0) : (routing.additionalVersionWeights?.[String(next)] ?? 0);
        expect(newShare).toBe(previous === next ? 1 : weight);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe("awsTrafficProblems", () => {
  it("needs the previous version unless the new release takes everything", () => {
    expect(awsTrafficProblems(split(1, {}), "websocket")).toEqual([]);
    expect(awsTrafficProblems({ weight: 0.5, previous: { id: "p", artifacts: {} } }, "websocket")[0]).toContain("missing");
    expect(awsTrafficProblems(split(0, {}), "websocket")).toEqual([
      "semantest:release.traffic.previous.versions.websocket: missing; a weight of 0 on AWS needs the Lambda version serving the previous release (the stack output liveVersions.websocket)",
    ]);
  });

  it("refuses a previous version that is an alias or $LATEST", () => {
    expect(awsTrafficProblems(split(0.5, { websocket: "live" }), "websocket")[0]).toContain('"live" is not a published Lambda version; allowed: a version number such as "7"');
  });
});

describe("aliasRoutingProblems (the pack's rule)", () => {
  it.each([
    [{ "8": 0 }, "the weight of version 8 is 0; allowed: a number between 0 and 1, both excluded"],
    [{ "7": 0.5 }, "additional version 7 is the alias's own functionVersion"],
    [{ live: 0.5 }, 'additional version "live" is not a published version; allowed: digits only'],
    [[0.5], "routingConfig.additionalVersionWeights is not a map of version to weight"],
  ])("refuses %j", (weights, message) => {
    expect(aliasRoutingProblems("7", weights)).toContain(message);
  });

  it("accepts an alias without routing, even on $LATEST (no split)", () => {
    expect(aliasRoutingProblems("$LATEST", undefined)).toEqual([]);
    expect(aliasRoutingProblems("7", {})).toEqual([]);
  });
});

describe("the canary's metric and the pinning's rights", () => {
  it("measures the new version behind the live alias", () => {
    expect(canaryDimensions("fn-123", "8")).toEqual({ FunctionName: "fn-123", Resource: "fn-123:live", ExecutedVersion: "8" });
  });

  it("lets the function invoke its own qualified versions only", () => {
    expect(forwardStatements("arn:aws:lambda:us-east-1:123456789012:function:ws")).toEqual([
      { Sid: "ForwardToOwnVersions", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: "arn:aws:lambda:us-east-1:123456789012:function:ws:*" },
    ]);
  });

  it("closes the canary's connections on a rollback only", () => {
    expect(closesCanary(undefined)).toBe(false);
    expect(closesCanary(split(0.1))).toBe(false);
    expect(closesCanary(split(0))).toBe(true);
    expect(closesCanary(split(0, { "rest-api": "7" }))).toBe(false);
  });
});

describe("dev --env with a release in progress", () => {
  it("runs the stack's traffic weight locally (two versions side by side)", async () => {
    const { stackComponents } = await import("../../cli/commands/dev");
    const values = { "aws:region": "us-east-1", "semantest:components": { "rest-api": { provider: "aws" }, websocket: { provider: "aws" } }, "semantest:release": { id: "r", traffic: traffic(0.25) } };
    expect(stackComponents("dev", () => values).traffic).toEqual({ weight: 0.25 });
    expect(stackComponents("dev", () => ({ ...values, "semantest:release": { id: "r" } })).traffic).toBeUndefined();
  });
});

/**
 * `semantest:rollout` and `semantest:release.traffic`, parsed in the domain: strategies, steps,
 * gates, per-environment defaults, and every problem naming the field, the value and what is allowed.
 */
import fc from "fast-check";
import { Deployment, DeploymentConfiguration, Environment, inProgress, isGated, overrideStrategy, parseRelease, parseReleaseTraffic, parseRollout, parseSteps, servingRelease, ungatedRolloutReason } from "../../domain";

import { ENVIRONMENTS, judgeRollout, judgeTraffic, rolloutInput, trafficInput } from "./rollout-fuzz";

const dev = Environment.of("dev");
const production = Environment.of("production");
const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;
const SEED = { seed: 20, numRuns: 300 };

/** The value of a parse that must succeed (fails the test with the problems otherwise). */
function valueOf<T>(parsed: { ok: true; value: T } | { ok: false; error: readonly { message: string }[] }): T {
  if (!parsed.ok) throw new Error(parsed.error.map((p) => p.message).join("; "));
  return parsed.value;
}
const messages = (parsed: { ok: boolean; error?: readonly { path: string; message: string }[] }) => (parsed.ok ? [] : parsed.error!.map((p) => `${p.path}: ${p.message}`));

describe("semantest:rollout", () => {
  it("defaults per environment: production a canary gated by alarms and verify, dev all at once", () => {
    expect(parseRollout(undefined, production)).toEqual({ ok: true, value: { strategy: "canary", steps: "canary 10% 5m", shifts: [{ weight: 0.1, waitSeconds: 300 }], gates: { alarms: true, verify: true } } });
    expect(parseRollout(undefined, dev)).toEqual({ ok: true, value: { strategy: "all-at-once", steps: null, shifts: [], gates: { alarms: true, verify: false } } });
    expect(isGated(valueOf(parseRollout(undefined, production)))).toBe(true);
    expect(isGated(valueOf(parseRollout(undefined, Environment.of("staging"))))).toBe(false);
  });

  it("reads each strategy's steps into shifts before the final 100%", () => {
    expect(parseSteps("canary 10% 5m", "canary", "p")).toEqual({ ok: true, value: [{ weight: 0.1, waitSeconds: 300 }] });
    expect(parseSteps("linear 25% every 2m", "linear", "p")).toEqual({ ok: true, value: [0.25, 0.5, 0.75].map((weight) => ({ weight, waitSeconds: 120 })) });
    expect(parseSteps("linear 30% every 30s", "linear", "p")).toEqual({ ok: true, value: [0.3, 0.6, 0.9].map((weight) => ({ weight, waitSeconds: 30 })) });
    expect(parseSteps("  Blue-Green   1h ", "blue-green", "p")).toEqual({ ok: true, value: [{ weight: 1, waitSeconds: 3600 }] });
    expect(parseSteps("canary 0.5% 1m", "canary", "p")).toEqual({ ok: true, value: [{ weight: 0.005, waitSeconds: 60 }] });
  });

  it("takes the strategy from the steps, and the short string form", () => {
    expect(parseRollout({ steps: "linear 50% every 1m" }, dev)).toMatchObject({ ok: true, value: { strategy: "linear", shifts: [{ weight: 0.5, waitSeconds: 60 }] } });
    expect(parseRollout("blue-green", dev)).toMatchObject({ ok: true, value: { strategy: "blue-green", steps: "blue-green 5m" } });
  });

  it("names the field, the value and what is allowed for every mistake, all at once", () => {
    const parsed = parseRollout({ strategy: "canary", steps: "canary 150% 5m", gates: { alarms: "yes", typo: true }, extra: 1 }, production);
    expect(messages(parsed)).toEqual([
      'semantest:rollout.extra: 1 is not a known setting; allowed: strategy, steps, gates',
      'semantest:rollout.gates.typo: true is not a known setting; allowed: alarms, verify',
      'semantest:rollout.gates.alarms: "yes" is not a boolean; allowed: true, false',
      'semantest:rollout.steps: "canary 150% 5m" has "150%" as its share, not a percentage above 0% and below 100% (at most 2 decimals); expected "canary <percent>% <duration>", e.g. "canary 10% 5m"',
    ]);
    expect(messages(parseRollout({ strategy: "big-bang" }, dev))).toEqual(['semantest:rollout.strategy: "big-bang" is not a rollout strategy; allowed: all-at-once, canary, linear, blue-green']);
    expect(messages(parseRollout({ strategy: "canary", steps: "linear 10% every 1m" }, dev))[0]).toMatch(/does not start with the strategy "canary"/);
    expect(messages(parseRollout({ strategy: "canary", steps: "canary 10% 2d" }, dev))[0]).toMatch(/"2d" as its duration, not a whole number of s, m or h \(1s to 24h\)/);
    expect(messages(parseRollout({ strategy: "canary", steps: "canary 10% 25h" }, dev))[0]).toMatch(/"25h" as its duration/);
    expect(messages(parseRollout({ strategy: "linear", steps: "linear 0.5% every 1m" }, dev))).toEqual(['semantest:rollout.steps: "linear 0.5% every 1m" takes 199 steps; allowed: at most 100 (a share of at least 1%)']);
    expect(messages(parseRollout({ strategy: "all-at-once", steps: "canary 10% 5m" }, dev))[0]).toMatch(/is not allowed with strategy all-at-once/);
    expect(messages(parseRollout(42, dev))[0]).toMatch(/^semantest:rollout: 42 is not an object; expected \{ strategy: all-at-once \| canary/);
    expect(messages(parseRollout({ strategy: "canary", steps: 10 }, dev))[0]).toMatch(/steps: 10 is not a string; expected "canary <percent>% <duration>"/);
  });

  it("is part of the stack configuration, with every other problem in the same run", () => {
    const parsed = DeploymentConfiguration.parse({ stack: "dev", values: { "semantest:rollout": { strategy: "slow" }, "semantest:tags": 3 } });
    expect(messages(parsed)).toEqual(expect.arrayContaining([expect.stringMatching(/^semantest:rollout.strategy: "slow"/), expect.stringMatching(/^semantest:tags/)]));
    const good = DeploymentConfiguration.parse({ stack: "production", values: { "semantest:rollout": { strategy: "linear", gates: { verify: false } } } });
    expect(good.ok && good.value.rollout).toEqual({ strategy: "linear", steps: "linear 25% every 2m", shifts: [0.25, 0.5, 0.75].map((weight) => ({ weight, waitSeconds: 120 })), gates: { alarms: true, verify: false } });
  });

  it("--strategy overrides the configured strategy, keeping the gates; a bad one names the flag", () => {
    const configured = valueOf(parseRollout({ strategy: "canary", steps: "canary 5% 1m", gates: { verify: false } }, production));
    expect(overrideStrategy(configured, "canary")).toEqual({ ok: true, value: configured });
    expect(overrideStrategy(configured, "linear")).toMatchObject({ ok: true, value: { strategy: "linear", steps: "linear 25% every 2m", gates: { alarms: true, verify: false } } });
    expect(messages(overrideStrategy(configured, "yolo"))).toEqual(['--strategy: "yolo" is not a rollout strategy; allowed: all-at-once, canary, linear, blue-green']);
  });

  it("says why a rollout is not gated (what production refuses)", () => {
    const value = (raw: unknown) => valueOf(parseRollout(raw, production));
    expect(ungatedRolloutReason(value(undefined))).toBeUndefined();
    expect(ungatedRolloutReason(value("all-at-once"))).toMatch(/strategy all-at-once shifts every request at once/);
    expect(ungatedRolloutReason(value({ strategy: "canary", gates: { alarms: false, verify: false } }))).toMatch(/every gate off/);
  });

  it("property: any well-formed step string parses to increasing shares in (0, 1] with the written wait", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.constantFrom("s", "m", "h"), fc.integer({ min: 1, max: 24 }), fc.constantFrom("canary", "linear"), (bp, unit, n, strategy) => {
        const percent = `${Math.floor(bp / 100)}${bp % 100 ? `.${String(bp % 100).padStart(2, "0")}` : ""}%`;
        const text = strategy === "canary" ? `canary ${percent} ${n}${unit}` : `linear ${percent} every ${n}${unit}`;
        const parsed = parseSteps(text, strategy, "p");
        if (strategy === "linear" && Math.ceil(10_000 / bp) - 1 > 100) return !parsed.ok;
        if (!parsed.ok) return false;
        const weights = parsed.value.map((s) => s.weight);
        const wait = n * { s: 1, m: 60, h: 3600 }[unit];
        return weights.every((w, i) => w > 0 && w < 1 && (i === 0 || w > weights[i - 1])) && parsed.value.every((s) => s.waitSeconds === wait) && Math.abs(weights[0] - bp / 10_000) < 1e-12;
      }),
      SEED,
    );
  });

  it("property: never throws; a parse is in range, a refusal names the path and what is allowed (bench/fuzz/rollout.ts runs it full size)", () => {
    fc.assert(fc.property(rolloutInput, fc.constantFrom(...ENVIRONMENTS), (input, env) => judgeRollout(input, env) === undefined), SEED);
    fc.assert(fc.property(trafficInput, (input) => judgeTraffic(input) === undefined), SEED);
  });
});

describe("semantest:release.traffic", () => {
  const previous = { id: "01JD0000000000000000000AAA", artifacts: { "rest-api": A }, versions: { "rest-api": "7" } };

  it("parses the new release's share and what it shifts from", () => {
    const parsed = parseRelease({ id: "01JD0000000000000000000BBB", artifacts: { "rest-api": B }, traffic: { weight: 0.1, previous, rollout: { strategy: "canary", step: 1, steps: 1, waitSeconds: 300 } } });
    expect(parsed).toEqual({ ok: true, value: { id: "01JD0000000000000000000BBB", artifacts: { "rest-api": B }, traffic: { weight: 0.1, previous, rollout: { strategy: "canary", step: 1, steps: 1, waitSeconds: 300 } } } });
  });

  it("knows which release serves everything: weight 0 puts everything back on previous", () => {
    const release = { id: "N", artifacts: { "rest-api": B } };
    expect(servingRelease({ ...release, traffic: { weight: 0, previous } })).toEqual({ id: previous.id, artifacts: previous.artifacts });
    expect(servingRelease({ ...release, traffic: { weight: 0.5, previous } })).toEqual(release);
    expect(servingRelease(release)).toEqual(release);
  });

  it("refuses a weight outside [0, 1], a previous without an id, bad digests and versions, naming each", () => {
    expect(messages(parseReleaseTraffic({ weight: 1.5, previous: { artifacts: { "rest-api": "sha1:x" }, versions: { websocket: "" } }, extra: true }))).toEqual([
      "semantest:release.traffic.extra: true is not a known setting; allowed: weight, previous, rollout",
      "semantest:release.traffic.weight: 1.5 is not a share of traffic; allowed: a number from 0 (all on previous) to 1 (all on the new release)",
      "semantest:release.traffic.previous.id: (missing) is not a deployment id",
      'semantest:release.traffic.previous.artifacts.rest-api: "sha1:x" is not an artifact digest; expected "sha256:" and 64 hex digits',
      'semantest:release.traffic.previous.versions.websocket: "" is not a version name (Lambda version number, app or slot name)',
    ]);
    expect(messages(parseReleaseTraffic({ weight: 0.5, previous, rollout: { strategy: "canary", step: 3, steps: 2, waitSeconds: -1 } }))).toEqual([
      "semantest:release.traffic.rollout.step: 3 is not a whole number from 1 to 2",
      "semantest:release.traffic.rollout.waitSeconds: -1 is not a whole number from 0 to 86400",
    ]);
    expect(messages(parseRelease({ id: "x", traffic: "half" }))).toEqual(['semantest:release.traffic: "half" is not an object; expected { weight, previous: { id, artifacts, versions? } }']);
  });

  it("property: any weight in [0, 1] is kept exactly; any other number is refused naming weight", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: false }), fc.anything()), (weight) => {
        const parsed = parseReleaseTraffic({ weight, previous });
        const valid = typeof weight === "number" && weight >= 0 && weight <= 1;
        return valid ? parsed.ok && parsed.value.weight === weight : !parsed.ok && parsed.error.some((p) => p.path === "semantest:release.traffic.weight");
      }),
      SEED,
    );
  });
});

describe("a release's shape problems and its events", () => {
  const previous = { id: "01JD0000000000000000000AAA", artifacts: {} };

  it("names every wrongly shaped part of traffic", () => {
    expect(messages(parseReleaseTraffic({ weight: 0, previous: "A" }))).toEqual(['semantest:release.traffic.previous: "A" is not an object; expected the release traffic shifts from: { id, artifacts, versions? }']);
    expect(messages(parseReleaseTraffic({ weight: 0, previous: { ...previous, versions: ["7"] } }))[0]).toMatch(/versions: \["7"\] is not a map of component to the version serving it; allowed keys: rest-api, websocket/);
    expect(messages(parseReleaseTraffic({ weight: 0, previous, rollout: 3 }))[0]).toMatch(/rollout: 3 is not an object; expected \{ strategy, step, steps, waitSeconds \}/);
    expect(messages(parseReleaseTraffic({ weight: 0, previous, rollout: { strategy: "big-bang", step: 1, steps: 1, waitSeconds: 0 } }))[0]).toMatch(/rollout.strategy: "big-bang" is not a rollout strategy/);
    expect(messages(parseReleaseTraffic({ weight: 0, previous: { ...previous, artifacts: "x" } }))[0]).toMatch(/previous.artifacts: "x" is not a map of component to digest/);
  });

  it("a rollout is in progress only while the new release serves a share", () => {
    const release = { id: "B", artifacts: {} };
    expect(inProgress(undefined)).toBe(false);
    expect(inProgress(release)).toBe(false);
    expect(inProgress({ ...release, traffic: { weight: 0, previous } })).toBe(false);
    expect(inProgress({ ...release, traffic: { weight: 0.25, previous } })).toBe(true);
  });

  it("records release events only while the deployment is in progress, in the contract's words", () => {
    const deployment = Deployment.request({ id: "D", stack: "production", environment: "production", components: [], requestedAt: new Date(0) });
    const step = { releaseId: "D", previousReleaseId: "A", strategy: "canary" as const, weight: 0.1, steps: 1, step: 1, waitSeconds: 300 };
    expect(deployment.recordRelease("shifted", new Date(1), step)).toMatchObject({ ok: false, error: { code: "ILLEGAL_TRANSITION", message: expect.stringContaining("cannot record release.shifted while PENDING") } });
    deployment.start(new Date(1));
    expect(deployment.recordRelease("shifted", new Date(2), step).ok).toBe(true);
    expect(deployment.recordRelease("reverted", new Date(3), { ...step, weight: 0, reason: "alarm", detail: "x" }).ok).toBe(true);
    expect(deployment.pullEvents().map((e) => [e.type, e.payload.status, e.payload.weight])).toEqual([
      ["infrastructure.deployment.requested", "PENDING", undefined],
      ["infrastructure.deployment.started", "IN_PROGRESS", undefined],
      ["infrastructure.release.shifted", "IN_PROGRESS", 0.1],
      ["infrastructure.release.reverted", "IN_PROGRESS", 0],
    ]);
  });
});

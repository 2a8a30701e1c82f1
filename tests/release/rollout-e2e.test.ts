/**
 * `deploy --strategy` end to end against the fake engine (in-process CLI, fake clock, fake gates):
 * success, an alarm breach shifted back automatically, a verify failure shifted back, a failed
 * shift; with the engine updates, the config each ran with, the events and the history asserted.
 */
import { expectValidEvents } from "../events/support/schema";
import { ALARMS, BUILDS, cli, OUTPUTS, RELEASE_A, rolloutWorld, type RolloutWorld } from "./world";

const NO_VERIFY = { strategy: "canary", steps: "canary 10% 5m", gates: { alarms: true, verify: false } };

/** The `semantest:release` each `up` ran with, from the history the fake engine records. */
function releasesOfUpdates(w: RolloutWorld) {
  return [...w.state().stacks.production.history].reverse().slice(1).map((u) => ({ message: u.message, release: JSON.parse(u.config["semantest:release"].value) }));
}

describe("deploy --strategy canary against the fake engine", () => {
  let w: RolloutWorld;
  afterEach(() => w.cleanup());

  it("shifts 10%, watches 5 minutes of gates, then completes with one update without traffic", async () => {
    w = rolloutWorld({ rollout: NO_VERIFY });
    const result = await cli(w, ["deploy", "--env", "production", "--json"]);
    expect(result.stderr).not.toMatch(/^error/m);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.rollout).toMatchObject({ strategy: "canary", steps: "canary 10% 5m", status: "completed", watchedSeconds: 300 });
    expect(out.rollout.updates.map((u: { purpose: string; weight: number }) => [u.purpose, u.weight])).toEqual([["shift", 0.1], ["complete", 1]]);

    const updates = releasesOfUpdates(w);
    expect(updates.map((u) => u.message)).toEqual([`semantest-iac deploy ${out.deploymentId} [canary step 1/1: 10%]`, `semantest-iac deploy ${out.deploymentId} [canary completed]`]);
    // Step 1: the new release with 10%, the previous one and what serves it (copied from liveVersions).
    expect(updates[0].release).toEqual({
      id: out.deploymentId,
      artifacts: BUILDS,
      traffic: { weight: 0.1, previous: { ...RELEASE_A, versions: OUTPUTS.liveVersions }, rollout: { strategy: "canary", step: 1, steps: 1, waitSeconds: 300 } },
    });
    // The end: all on the new release, no traffic record left.
    expect(updates[1].release).toEqual({ id: out.deploymentId, artifacts: BUILDS });
    expect(w.release()).toEqual({ id: out.deploymentId, artifacts: BUILDS });
    // The wait went through the clock port, polled every 30 s, each poll reading the gates.
    expect(w.calls("wait").map((c) => c.ms)).toEqual(Array(10).fill(30_000));
    expect(w.calls("gates")).toHaveLength(10);
    expect(w.calls("up")).toHaveLength(2);

    const events = w.events().filter((e) => e.correlationId === out.deploymentId);
    expect(events.map((e) => e.type)).toEqual([
      "infrastructure.deployment.requested",
      "infrastructure.deployment.started",
      "infrastructure.release.shifted",
      "infrastructure.release.completed",
      "infrastructure.deployment.completed",
    ]);
    expect(events[2].payload).toMatchObject({ releaseId: out.deploymentId, previousReleaseId: RELEASE_A.id, strategy: "canary", weight: 0.1, step: 1, steps: 1, waitSeconds: 300, version: 2 });
    expect(events[3].payload).toMatchObject({ weight: 1, version: 3, gates: [{ name: ALARMS.aws[0], cloud: "aws", state: "ok" }, { name: ALARMS.azure[0], cloud: "azure", state: "ok" }] });
    expectValidEvents(events);

    // History records the strategy and the outcome of each update.
    const history = await cli(w, ["history", "--env", "production"]);
    expect(history.stdout).toMatch(/v3 +\S+ +deploy canary completed +succeeded/);
    expect(history.stdout).toMatch(/v2 +\S+ +deploy canary 1\/1 10% +succeeded/);
  });

  it("says so when the stack exports no releaseAlarms: the alarm gate would watch nothing", async () => {
    const { releaseAlarms: _none, ...outputs } = OUTPUTS;
    w = rolloutWorld({ rollout: NO_VERIFY, outputs });
    const result = await cli(w, ["deploy", "--env", "production"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("the stack exports no releaseAlarms: the alarm gate of this canary watches nothing");
    expect(w.calls("gates").every((c) => Array.isArray(c.states) && c.states.length === 0)).toBe(true);
  });

  it("goes out all at once, saying why, when the stack does not say what serves a component now (no liveVersions)", async () => {
    w = rolloutWorld({ rollout: NO_VERIFY, outputs: { ...OUTPUTS, liveVersions: { "rest-api": "7" } } });
    const result = await cli(w, ["deploy", "--env", "production"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/strategy: canary went out all at once \(the stack's liveVersions output does not name what serves websocket now/);
    expect(w.calls("up")).toHaveLength(1);
    expect(w.release()).toEqual({ id: expect.any(String), artifacts: BUILDS });
  });

  it("linear: one update per step at 25%, 50%, 75%, each watched 2 minutes, then 100%", async () => {
    w = rolloutWorld({ rollout: { strategy: "canary", gates: { verify: false } } });
    const result = await cli(w, ["deploy", "--env", "production", "--strategy", "linear", "--json"]);
    expect(result.code).toBe(0);
    expect(releasesOfUpdates(w).map((u) => u.release.traffic?.weight ?? 1)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(w.calls("wait").reduce((sum, c) => sum + (c.ms as number), 0)).toBe(3 * 120_000);
    expect(JSON.parse(result.stdout).rollout).toMatchObject({ strategy: "linear", steps: "linear 25% every 2m", watchedSeconds: 360 });
  });

  it("blue-green: all traffic on the new release with the old one kept beside it, then released", async () => {
    w = rolloutWorld({ rollout: { strategy: "blue-green", steps: "blue-green 1m", gates: { verify: false } } });
    expect((await cli(w, ["deploy", "--env", "production", "--json"])).code).toBe(0);
    expect(releasesOfUpdates(w).map((u) => u.release.traffic?.weight ?? "none")).toEqual([1, "none"]);
    expect(releasesOfUpdates(w)[0].release.traffic.previous.id).toBe(RELEASE_A.id);
  });

  it("an alarm breach shifts everything back with ONE update, and the deploy fails saying why", async () => {
    // ok at the first two reads, ALARM from the third (1m30s into the step).
    w = rolloutWorld({ rollout: NO_VERIFY, alarms: { [ALARMS.aws[0]]: { cloud: "aws", states: ["ok", "ok", "alarm"] } } });
    const result = await cli(w, ["deploy", "--env", "production"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: release \S+ reverted \(alarm\): alarm rest-api-canary-errors \(aws\) in ALARM; everything is back on 01JD0000000000000000000AAA/);
    expect(result.stderr).toMatch(/update v3: shifted back: 100% on the previous release/);
    expect(result.stderr).toMatch(/watched: 90s, outcome: reverted \(alarm/);
    const updates = releasesOfUpdates(w);
    expect(updates.map((u) => u.release.traffic?.weight)).toEqual([0.1, 0]);
    expect(updates[1].message).toMatch(/\[canary reverted: alarm\]$/);
    // Breach -> 100% on the old release: exactly one engine update after the breach was read.
    const calls = (w.state().calls ?? []).map((c) => c.op);
    expect(calls.slice(calls.lastIndexOf("gates") + 1).filter((op) => op === "up")).toHaveLength(1);
    expect(w.calls("wait")).toHaveLength(3);
    const events = w.events();
    expect(events.map((e) => e.type).slice(-3)).toEqual(["infrastructure.release.shifted", "infrastructure.release.reverted", "infrastructure.deployment.failed"]);
    expect(events[events.length - 2].payload).toMatchObject({ weight: 0, reason: "alarm", gates: expect.arrayContaining([{ name: ALARMS.aws[0], cloud: "aws", state: "alarm" }]) });
    expectValidEvents(events);
    // status shows the release shifted back.
    const status = await cli(w, ["status", "--env", "production"]);
    expect(status.stdout).toMatch(/Release \S+ was shifted back: 100% on 01JD0000000000000000000AAA/);
    expect(status.stdout).toMatch(/rollout: +canary reverted \(alarm\)/);
  });

  it("a verify failure at the end of the step shifts back automatically", async () => {
    // Endpoints on a closed local port: the contract suite fails for real, without leaving the machine.
    const outputs = { ...OUTPUTS, restApiUrl: "http://127.0.0.1:9", webSocketUrl: "ws://127.0.0.1:9" };
    w = rolloutWorld({ rollout: { strategy: "canary", steps: "canary 10% 30s", gates: { alarms: false, verify: true } }, outputs });
    const result = await cli(w, ["deploy", "--env", "production", "--json"]);
    expect(result.code).toBe(1);
    const error = JSON.parse(result.stdout).error;
    expect(error).toMatchObject({ code: "RELEASE_REVERTED", rollout: { status: "reverted", reason: "verify" } });
    expect(error.rollout.detail).toMatch(/^verify failed: health/);
    expect(error.verify.ok).toBe(false);
    expect(releasesOfUpdates(w).map((u) => u.release.traffic?.weight)).toEqual([0.1, 0]);
    expect(w.calls("gates")).toHaveLength(0);
  });

  it("a failed shift is followed by one update back to the previous release", async () => {
    w = rolloutWorld({ rollout: NO_VERIFY, fail: true });
    const result = await cli(w, ["deploy", "--env", "production", "--json"]);
    expect(result.code).toBe(1);
    // The shift back fails too on this engine: the command says the stack may still split and how to abort.
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: "RELEASE_STUCK", fix: expect.stringContaining("semantest-iac rollback --env production") });
    expect(w.calls("up")).toHaveLength(2);
  });

  it("refuses an ungated rollout in production, and a bad --strategy, before touching the engine", async () => {
    w = rolloutWorld({ rollout: NO_VERIFY });
    const ungated = await cli(w, ["deploy", "--env", "production", "--strategy", "all-at-once"]);
    expect(ungated.code).toBe(1);
    expect(ungated.stderr).toMatch(/production must ship through a gated rollout \(policy production-gated-rollout\): strategy all-at-once/);
    const bad = await cli(w, ["deploy", "--env", "production", "--strategy", "yolo"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--strategy.*yolo/);
    expect(w.calls("up")).toHaveLength(0);
  });
});

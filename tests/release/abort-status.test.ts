/**
 * While a release is rolled out in steps: `status` shows it (shares, time left, gate states), a
 * new deploy is refused, `rollback --env` aborts it with one update and the running rollout stops
 * at its next check; Ctrl-C shifts back too. The use cases run in-process on the fake engine with
 * the CLI's own ports; the waits of the fake clock are where the "other terminal" acts.
 */
import { deploy } from "../../application/deploy";
import { abortRelease } from "../../application/release/abort";
import { rollback } from "../../application/rollback";
import { status } from "../../application/status";
import type { Clock } from "../../application/ports";
import { expectValidEvents } from "../events/support/schema";
import { ALARMS, cli, RELEASE_A, rolloutWorld, worldPorts, type RolloutWorld } from "./world";

const CANARY = { strategy: "canary", steps: "canary 10% 5m", gates: { alarms: true, verify: false } };

/** A clock that runs `act` after the n-th wait of the fake clock. */
function clockActingAt(clock: Clock, n: number, act: () => Promise<void>): Clock {
  let waits = 0;
  return { now: () => clock.now(), newId: () => clock.newId(), wait: async (ms, signal) => {
    await clock.wait(ms, signal);
    if (++waits === n) await act();
  } };
}

describe("a release in progress", () => {
  let w: RolloutWorld;
  afterEach(() => w.cleanup());

  it("status shows the shares, the time left and the gate states; a new deploy is refused; rollback --env aborts it with one update", async () => {
    w = rolloutWorld({ rollout: CANARY });
    const ports = worldPorts(w);
    const seen: Record<string, unknown> = {};
    const clock = clockActingAt(ports.clock, 2, async () => {
      seen.status = await status(worldPorts(w), { stack: "production" });
      seen.text = (await cli(w, ["status", "--env", "production"])).stdout;
      seen.deploy = await deploy(worldPorts(w), { stack: "production", gateVerify: { transport: undefined as never } }).catch((e) => e);
      seen.abort = await abortRelease(worldPorts(w), { stack: "production", yes: true });
    });
    const error = await deploy({ ...ports, clock }, { stack: "production" }).catch((e) => e);

    // status, 60 s into the 5-minute step.
    expect(seen.status).toMatchObject({ release: { state: "in-progress", weight: 0.1, previousReleaseId: RELEASE_A.id, strategy: "canary", step: 1, steps: 1, remainingSteps: 0, versions: { "rest-api": "7" } } });
    const view = (seen.status as { release: { stepSecondsLeft: number; secondsLeft: number; gates: unknown[] } }).release;
    // 300 s minus the 60 s the fake clock moved, minus the real time the test took since the shift.
    expect(view.stepSecondsLeft).toBeGreaterThanOrEqual(225);
    expect(view.stepSecondsLeft).toBeLessThanOrEqual(240);
    expect(view.secondsLeft).toBe(view.stepSecondsLeft);
    expect(view.gates).toEqual([{ name: ALARMS.aws[0], cloud: "aws", state: "ok" }, { name: ALARMS.azure[0], cloud: "azure", state: "ok" }]);
    expect(seen.text).toMatch(/Release \S+ in progress: 10% on it, 90% on 01JD0000000000000000000AAA/);
    expect(seen.text).toMatch(/time left: +2[234]\ds \(this step 2[234]\ds, then 0 more step\(s\) and the final update\)/);
    expect(seen.text).toMatch(/abort: +semantest-iac rollback --env production/);
    // A second deploy meanwhile: refused, saying how to abort.
    expect(seen.deploy).toMatchObject({ code: "RELEASE_IN_PROGRESS", exitCode: 3, fix: expect.stringContaining("semantest-iac rollback --env production") });

    // The abort: one update, weight 0, a rollback of its own with release.reverted (aborted).
    const abort = seen.abort as Awaited<ReturnType<typeof abortRelease>>;
    expect(abort).toMatchObject({ status: "COMPLETED", aborted: { weight: 0.1, previousReleaseId: RELEASE_A.id, strategy: "canary" } });
    expect(abort.events.map((e) => e.type)).toEqual(["infrastructure.rollback.requested", "infrastructure.deployment.started", "infrastructure.release.reverted", "infrastructure.rollback.completed"]);
    // The running deploy saw it at its next check and stopped without another update.
    expect(error).toMatchObject({ code: "RELEASE_ABORTED", exitCode: 1, details: { rollout: { status: "aborted", reason: "aborted" } } });
    expect(w.calls("up")).toHaveLength(2); // the shift, the abort
    expect(w.release().traffic).toMatchObject({ weight: 0, previous: { id: RELEASE_A.id } });
    expect(w.calls("wait")).toHaveLength(2); // seen at the check that follows the wait it happened in
    const history = w.state().stacks.production.history;
    expect(history[0].message).toBe(`semantest-iac rollback ${abort.rollbackId} aborts ${abort.aborted.releaseId} [canary reverted: aborted]`);
    expectValidEvents(w.events());
    expect(w.events().map((e) => e.type)).toContain("infrastructure.deployment.failed");

    // After the abort: status says it was shifted back, and a new deploy builds on the previous release.
    expect(await status(worldPorts(w), { stack: "production" })).toMatchObject({ deployment: { kind: "rollback", rollout: { phase: "reverted", reason: "aborted" } }, release: { state: "reverted" } });
    expect((await cli(w, ["rollback", "--env", "production", "--yes"])).stderr).toMatch(/error: stack production has no release in progress to abort/);
  });

  it("Ctrl-C during a step shifts everything back after the update in flight", async () => {
    w = rolloutWorld({ rollout: CANARY });
    let interrupt: () => void = () => undefined;
    const ports = worldPorts(w, { onInterrupt: (handler, work) => ((interrupt = handler), work()) });
    const clock = clockActingAt(ports.clock, 1, async () => interrupt());
    const error = await deploy({ ...ports, clock }, { stack: "production" }).catch((e) => e);
    expect(error).toMatchObject({ code: "RELEASE_REVERTED", details: { rollout: { reason: "aborted", detail: expect.stringMatching(/interrupted \(Ctrl-C\)/) } } });
    expect(w.release().traffic?.weight).toBe(0);
    expect(w.calls("up")).toHaveLength(2);
  });

  it("a failed shift is shifted back with one update that succeeds", async () => {
    w = rolloutWorld({ rollout: CANARY, nextUps: [{ outcome: "fail", error: "ResourceConflictException" }] });
    const result = await cli(w, ["deploy", "--env", "production", "--json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: "RELEASE_REVERTED", rollout: { reason: "failed", detail: expect.stringContaining("ResourceConflictException") } });
    expect(w.release()).toMatchObject({ traffic: { weight: 0, previous: { id: RELEASE_A.id } } });
    expect(w.state().stacks.production.history.map((u) => u.result)).toEqual(["succeeded", "failed", "succeeded"]);
  });

  it("rollback --to refuses a step in the middle of a rollout, and restores the update before it", async () => {
    w = rolloutWorld({ rollout: CANARY, alarms: { [ALARMS.aws[0]]: { states: ["alarm"] } } });
    expect((await cli(w, ["deploy", "--env", "production"])).code).toBe(1); // v2 = 10% step, v3 = shifted back
    await expect(rollback(worldPorts(w), { stack: "production", toVersion: 2, yes: true })).rejects.toMatchObject({ code: "TARGET_MID_RELEASE", message: expect.stringContaining("version 2 is a step of a rollout (10% on release") });
    const restored = await rollback(worldPorts(w), { stack: "production", toVersion: 1, yes: true, skipChecks: true });
    expect(restored.status).toBe("COMPLETED");
    expect(w.release()).toEqual(RELEASE_A);
  });

  it("a deploy after a shift back builds on the release that serves (the previous one)", async () => {
    w = rolloutWorld({ rollout: CANARY, alarms: { [ALARMS.aws[0]]: { states: ["alarm", "ok"] } } });
    expect((await cli(w, ["deploy", "--env", "production", "--component", "rest-api"])).code).toBe(1);
    const second = await cli(w, ["deploy", "--env", "production", "--component", "rest-api", "--json"]);
    expect(second.code).toBe(0);
    const out = JSON.parse(second.stdout);
    // websocket was not rebuilt: it keeps the artifact that serves (release A's), not the reverted one's.
    expect(out.components.find((c: { kind: string }) => c.kind === "websocket").artifact).toBe(RELEASE_A.artifacts.websocket);
    const updates = [...w.state().stacks.production.history].reverse().map((u) => JSON.parse(u.config["semantest:release"].value));
    expect(updates[3].traffic.previous.id).toBe(RELEASE_A.id);
  });
});

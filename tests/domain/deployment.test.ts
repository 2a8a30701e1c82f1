import { Deployment, EVENT_TYPES, EventTypes } from "../../domain";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 17, minute));
const request = (kind?: "deploy" | "rollback") =>
  Deployment.request({
    id: "01JD8X0000000000000000TEST",
    kind,
    stack: "production",
    environment: "production",
    components: [{ kind: "rest-api", provider: "aws" }],
    requestedAt: at(0),
    ...(kind === "rollback" ? { targetVersion: 12, targetDeploymentId: "01JD7Y" } : {}),
    requestedBy: "ci",
  });

describe("Deployment", () => {
  it("goes PENDING -> IN_PROGRESS -> COMPLETED and records requested, started, completed", () => {
    const deployment = request();
    expect(deployment.status).toBe("PENDING");
    expect(deployment.start(at(1)).ok).toBe(true);
    expect(deployment.status).toBe("IN_PROGRESS");
    expect(deployment.complete(at(2), { restApiUrl: "https://api.example.com" }).ok).toBe(true);
    expect(deployment.status).toBe("COMPLETED");
    expect(deployment.endpoints).toEqual({ restApiUrl: "https://api.example.com" });
    const events = deployment.pullEvents();
    expect(events.map((e) => e.type)).toEqual([EventTypes.deploymentRequested, EventTypes.deploymentStarted, EventTypes.deploymentCompleted]);
    expect(events.every((e) => e.aggregateId === "01JD8X0000000000000000TEST")).toBe(true);
    expect(events[0].payload).toMatchObject({ stack: "production", environment: "production", kind: "deploy", requestedBy: "ci", components: [{ kind: "rest-api", provider: "aws" }] });
    expect(events[2].payload).toMatchObject({ endpoints: { restApiUrl: "https://api.example.com" }, status: "COMPLETED" });
    expect(events.map((e) => e.occurredAt)).toEqual([at(0), at(1), at(2)]);
  });

  it("records a verification of a completed deployment only, keeping it COMPLETED", () => {
    const deployment = request();
    const verification = { passed: false, checks: { passed: 7, failed: 1, skipped: 0 }, failedChecks: ["health"] };
    expect(deployment.recordVerification(at(1), verification)).toMatchObject({ ok: false, error: { code: "ILLEGAL_TRANSITION", message: expect.stringContaining("cannot record a verification while PENDING") } });
    deployment.start(at(1));
    deployment.complete(at(2), {});
    deployment.pullEvents();
    expect(deployment.recordVerification(at(3), verification).ok).toBe(true);
    expect(deployment.status).toBe("COMPLETED");
    const [event] = deployment.pullEvents();
    expect(event).toMatchObject({ type: EventTypes.deploymentVerified, occurredAt: at(3), payload: { status: "COMPLETED", verification } });
  });

  it("hands each event out once", () => {
    const deployment = request();
    expect(deployment.pullEvents()).toHaveLength(1);
    expect(deployment.pullEvents()).toHaveLength(0);
  });

  it("records the error when it fails", () => {
    const deployment = request();
    deployment.start(at(1));
    expect(deployment.fail(at(2), "update failed: AccessDenied").ok).toBe(true);
    expect(deployment.status).toBe("FAILED");
    expect(deployment.error).toBe("update failed: AccessDenied");
    expect(deployment.pullEvents().at(-1)).toMatchObject({ type: EventTypes.deploymentFailed, payload: { error: "update failed: AccessDenied" } });
  });

  it("can fail before it starts (e.g. the build broke)", () => {
    const deployment = request();
    expect(deployment.fail(at(1), "esbuild: syntax error").ok).toBe(true);
  });

  it("rejects illegal transitions, says which, and records nothing for them", () => {
    const deployment = request();
    const early = deployment.complete(at(1), {});
    expect(early).toEqual({
      ok: false,
      error: expect.objectContaining({ code: "ILLEGAL_TRANSITION", from: "PENDING", to: "COMPLETED" }),
    });
    expect(!early.ok && early.error.message).toBe(
      "deployment 01JD8X0000000000000000TEST cannot go from PENDING to COMPLETED; allowed from PENDING: IN_PROGRESS, FAILED",
    );
    deployment.start(at(1));
    expect(deployment.start(at(2)).ok).toBe(false);
    deployment.fail(at(3), "x");
    const afterFail = deployment.complete(at(4), {});
    expect(!afterFail.ok && afterFail.error.message).toContain("nothing (final)");
    expect(deployment.error).toBe("x");
    expect(deployment.pullEvents().map((e) => e.type)).toEqual([
      EventTypes.deploymentRequested,
      EventTypes.deploymentStarted,
      EventTypes.deploymentFailed,
    ]);
  });

  it("marks a completed deployment ROLLED_BACK, and only a completed one", () => {
    const deployment = request();
    expect(deployment.markRolledBack().ok).toBe(false);
    deployment.start(at(1));
    deployment.complete(at(2), {});
    expect(deployment.markRolledBack().ok).toBe(true);
    expect(deployment.status).toBe("ROLLED_BACK");
    expect(deployment.markRolledBack().ok).toBe(false);
  });

  it("speaks of a rollback in rollback events", () => {
    const rollback = request("rollback");
    expect(rollback.isRollback).toBe(true);
    rollback.start(at(1));
    rollback.complete(at(2), {});
    const failed = request("rollback");
    failed.start(at(1));
    failed.fail(at(2), "artifact missing");
    expect(rollback.pullEvents().map((e) => e.type)).toEqual([
      EventTypes.rollbackRequested,
      EventTypes.deploymentStarted,
      EventTypes.rollbackCompleted,
    ]);
    const events = failed.pullEvents();
    expect(events[0].payload).toMatchObject({ targetVersion: 12, targetDeploymentId: "01JD7Y", kind: "rollback" });
    expect(events.at(-1)?.type).toBe(EventTypes.rollbackFailed);
  });

  it("only ever uses the contract's dotted event types", () => {
    expect(EVENT_TYPES).toHaveLength(19);
    for (const type of EVENT_TYPES) expect(type).toMatch(/^infrastructure\.(deployment|rollback|release|resource|preview|policy)\.[a-z]+$/);
  });
});

/**
 * The use cases, called directly with in-memory ports (tests/application/memory-ports.ts): no
 * CLI, no process, no file. What each one asks of its ports, and what it returns or throws.
 */
import { deploy } from "../../application/deploy";
import { destroy } from "../../application/destroy";
import { flushEvents } from "../../application/events-flush";
import { previewOnline } from "../../application/preview";
import { rollback } from "../../application/rollback";
import { history, status } from "../../application/status";
import { EngineError, EngineErrorCodes } from "../../application/ports";
import { digest, memoryWorld, MemoryStack, object, plain } from "./memory-ports";

const COMPONENTS = { "rest-api": { provider: "aws" }, websocket: { provider: "aws" } };
const FILE = { "aws:region": "us-east-1", "azure-native:location": "westeurope", "semantest:environment": "dev", "semantest:components": COMPONENTS };
const RELEASE_A = { id: "01JD0000000000000000000AAA", artifacts: { "rest-api": digest("ra"), websocket: digest("wa") } };

function devStack(extra: Partial<MemoryStack> = {}): MemoryStack {
  const config = { "aws:region": plain("us-east-1"), "azure-native:location": plain("westeurope"), "semantest:environment": plain("dev"), "semantest:components": object(COMPONENTS), "semantest:release": object(RELEASE_A) };
  return {
    config,
    history: [{ version: 1, kind: "update", startTime: new Date("2026-11-20T10:00:00Z"), result: "succeeded", message: `semantest-iac deploy ${RELEASE_A.id}`, environment: {}, config }],
    outputs: { restApiUrl: "https://a.example", release: RELEASE_A },
    ...extra,
  };
}

describe("use cases with in-memory ports", () => {
  it("deploy: checks the stack file before the engine, so a missing stack is a usage error even without Pulumi", async () => {
    const w = memoryWorld({ files: { dev: FILE } });
    w.pulumiInstalled = false;
    await expect(deploy(w.ports, { stack: "nowhere", yes: true })).rejects.toMatchObject({ code: "STACK_FILE", exitCode: 2 });
    expect(w.calls).toEqual([]);
    await expect(deploy(w.ports, { stack: "dev" })).rejects.toMatchObject({ code: "NO_PULUMI_CLI", exitCode: 3 });
  });

  it("deploy: records a new release, publishes requested/started/completed in one chain, returns the endpoints", async () => {
    const w = memoryWorld({ files: { dev: FILE }, stacks: { dev: devStack({ next: { changes: { update: 1 }, outputs: { restApiUrl: "https://b.example" } } }) } });
    const result = await deploy(w.ports, { stack: "dev", component: "rest-api" });
    expect(result).toMatchObject({ stack: "dev", status: "COMPLETED", version: 2, endpoints: { restApiUrl: "https://b.example" }, changes: { update: 1 }, eventsPending: {} });
    expect(result.components).toEqual([
      { kind: "rest-api", provider: "aws", artifact: digest("built-rest-api") },
      { kind: "websocket", provider: "aws", artifact: digest("wa") },
    ]);
    expect(JSON.parse(w.stacks.dev.config["semantest:release"].value)).toEqual({ id: result.deploymentId, artifacts: { "rest-api": digest("built-rest-api"), websocket: digest("wa") } });
    expect(result.events.map((e) => e.type)).toEqual(["infrastructure.deployment.requested", "infrastructure.deployment.started", "infrastructure.deployment.completed"]);
    expect(w.published.map((e) => e.causationId)).toEqual([null, w.published[0].id, w.published[1].id]);
    expect(w.calls.find((c) => c.op === "up")).toMatchObject({ message: `semantest-iac deploy ${result.deploymentId}`, env: { SEMANTEST_DEPLOYMENT_ID: result.deploymentId } });
  });

  it("deploy: on a machine whose stack file has no release, a component not rebuilt keeps the artifact the stack runs (its release output)", async () => {
    const stack = devStack();
    delete (stack.config as Record<string, unknown>)["semantest:release"];
    const w = memoryWorld({ files: { dev: FILE }, stacks: { dev: stack } });
    const result = await deploy(w.ports, { stack: "dev", component: "rest-api" });
    expect(result.components.find((c) => c.kind === "websocket")?.artifact).toBe(digest("wa"));
  });

  it("deploy: events a sink did not take are reported as pending, and the deploy's outcome is still its own", async () => {
    const w = memoryWorld({ files: { dev: FILE }, stacks: { dev: devStack() } });
    w.downSinks.push("http:https://hooks.example");
    const result = await deploy(w.ports, { stack: "dev" });
    expect(result.eventsPending).toEqual({ "http:https://hooks.example": 3 });
    w.stacks.dev.next = { error: new EngineError(EngineErrorCodes.updateFailed, "AccessDenied") };
    await expect(deploy(w.ports, { stack: "dev" })).rejects.toMatchObject({ code: "UPDATE_FAILED", exitCode: 1, details: { status: "FAILED", eventsPending: { "http:https://hooks.example": 3 } } });
  });

  it("deploy: a move between clouds needs a yes (asked, or in the request)", async () => {
    const w = memoryWorld({ files: { dev: FILE }, stacks: { dev: devStack() }, answer: false });
    await expect(deploy(w.ports, { stack: "dev", component: "websocket", provider: "azure" })).rejects.toMatchObject({ code: "CONFIRMATION_REQUIRED", details: { moves: [{ kind: "websocket", from: "aws", to: "azure" }] } });
    expect(w.calls.some((c) => c.op === "up")).toBe(false);
  });

  it("rollback: refuses when an artifact it needs is gone, before changing anything", async () => {
    const w = memoryWorld({ files: { dev: FILE }, stacks: { dev: devStack() } });
    w.artifacts = [digest("ra")];
    await expect(rollback(w.ports, { stack: "dev", toVersion: 1, yes: true })).rejects.toMatchObject({ code: "ARTIFACT_MISSING", exitCode: 1, details: { missing: [{ kind: "websocket", location: `memory://${digest("wa")}` }] } });
    expect(w.calls.some((c) => c.op === "setAllConfig" || c.op === "up")).toBe(false);
  });

  it("rollback: shows the plan, restores the exact config and names what it restored", async () => {
    const w = memoryWorld({ files: { dev: FILE }, stacks: { dev: devStack() } });
    w.artifacts = [digest("ra"), digest("wa")];
    w.stacks.dev.config = { ...w.stacks.dev.config, "semantest:tags": object({ team: "x" }) };
    const plans: unknown[] = [];
    const result = await rollback(w.ports, { deploymentId: RELEASE_A.id, yes: true, onPlan: (plan) => plans.push(plan) });
    expect(result).toMatchObject({ stack: "dev", status: "COMPLETED", restored: { version: 1, deploymentId: RELEASE_A.id } });
    expect(plans).toEqual([result.plan]);
    expect(result.plan.changes).toEqual([{ key: "semantest:tags", live: '{"team":"x"}', restore: null }]);
    expect(w.stacks.dev.config["semantest:tags"]).toBeUndefined();
  });

  it("status and history read the records back from stack history", async () => {
    const w = memoryWorld({ files: { dev: FILE }, stacks: { dev: devStack() } });
    expect(await status(w.ports, { deploymentId: RELEASE_A.id.toLowerCase() })).toMatchObject({ stack: "dev", live: true, deployment: { deploymentId: RELEASE_A.id, kind: "deploy" }, endpoints: { restApiUrl: "https://a.example" } });
    expect((await history(w.ports, { stack: "dev", limit: 1 })).deployments).toHaveLength(1);
    await expect(history(w.ports, { stack: "dev", limit: 0 })).rejects.toMatchObject({ code: "USAGE" });
  });

  it("preview (online): a stack file without semantest:release previews with the release the stack runs, then puts the config back", async () => {
    const stack = devStack();
    delete (stack.config as Record<string, unknown>)["semantest:release"];
    const w = memoryWorld({ files: { dev: FILE }, stacks: { dev: stack } });
    const before = { ...w.stacks.dev.config };
    const result = await previewOnline(w.ports, { stack: "dev" });
    expect(result.releaseFromStack).toBe(RELEASE_A.id);
    const previewed = w.calls.find((c) => c.op === "preview")!.config as Record<string, { value: string }>;
    expect(JSON.parse(previewed["semantest:release"].value)).toEqual(RELEASE_A);
    expect(w.stacks.dev.config).toEqual(before);
  });

  it("events flush: pending events make the flush incomplete", async () => {
    const w = memoryWorld({ files: { dev: FILE } });
    expect(await flushEvents(w.ports, { stack: "dev" })).toMatchObject({ stack: "dev", complete: true, pendingTotal: 0 });
    w.downSinks.push("http:x");
    expect(await flushEvents(w.ports, { stack: "dev" })).toMatchObject({ complete: false, pendingTotal: 1, pending: { "http:x": 1 } });
    await expect(flushEvents(w.ports, {})).rejects.toMatchObject({ code: "USAGE", exitCode: 2 });
  });

  it("destroy: production needs the explicit guard, checked before the engine", async () => {
    const w = memoryWorld({ files: { production: { ...FILE, "semantest:environment": "production" } } });
    await expect(destroy(w.ports, { stack: "production", yes: true })).rejects.toMatchObject({ code: "PRODUCTION_GUARD", exitCode: 2 });
    expect(w.calls).toEqual([]);
  });

  it("destroy: a purge that fails destroys nothing and says so", async () => {
    const w = memoryWorld({ files: { dev: FILE }, stacks: { dev: devStack() } });
    w.ports.artifactStore = () => ({ locate: () => "x", locations: () => ["s3://b"], exists: async () => true, purge: async () => Promise.reject(new Error("AccessDenied")), list: async () => [], remove: async () => 0 });
    await expect(destroy(w.ports, { stack: "dev", yes: true, purgeArtifacts: true })).rejects.toMatchObject({ code: "ARTIFACT_PURGE_FAILED", exitCode: 1, details: { status: "FAILED" } });
    expect(w.calls.some((c) => c.op === "destroy")).toBe(false);
    expect(w.published.map((e) => e.type)).toEqual(["infrastructure.deployment.requested", "infrastructure.deployment.started", "infrastructure.deployment.failed"]);
  });
});

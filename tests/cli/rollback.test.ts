import { runCli } from "../support/cli";
import { createWorld, digest, object, plain, stackConfig, STEPS, ULID_A, ULID_B, update, World } from "./fake-world";

const COMPONENTS = { "rest-api": { provider: "aws", memoryMb: 512 }, websocket: { provider: "aws" } };
const RELEASE_A = { id: ULID_A, artifacts: { "rest-api": digest("rest-a"), websocket: digest("ws-a") } };
const RELEASE_B = { id: ULID_B, artifacts: { "rest-api": digest("rest-b"), websocket: digest("ws-b") } };

/** v1 = deploy A (succeeded), v2 = deploy B (succeeded, also added a tag and a secret), v3 = a failed deploy. Live = B. */
function world(options: { artifacts?: string[] } = {}): World {
  return createWorld((eventsFile) => {
    const configA = stackConfig(eventsFile, COMPONENTS, { "semantest:release": object(RELEASE_A) });
    const configB = stackConfig(eventsFile, { ...COMPONENTS, "rest-api": { provider: "aws", memoryMb: 1024 } }, {
      "semantest:release": object(RELEASE_B),
      "semantest:tags": object({ owner: "devops" }),
      "semantest-infrastructure:apiKey": { value: "s3cr3t", secret: true },
    });
    return {
      artifacts: options.artifacts ?? [...Object.values(RELEASE_A.artifacts), ...Object.values(RELEASE_B.artifacts)],
      stacks: {
        dev: {
          config: configB,
          history: [
            update(3, "semantest-iac deploy 01JD0000000000000000000CCC", { ...configB, "semantest:release": object({ id: "01JD0000000000000000000CCC", artifacts: {} }) }, "failed"),
            update(2, `semantest-iac deploy ${ULID_B}`, configB),
            update(1, `semantest-iac deploy ${ULID_A}`, configA),
          ],
          outputs: { restApiUrl: "https://b.example", artifactStore: { aws: { bucket: "semantest-dev-artifacts" } } },
          nextUp: { steps: STEPS, outputs: { restApiUrl: "https://a.example" } },
        },
      },
    };
  });
}

describe("semantest-iac rollback (subprocess, fake engine)", () => {
  let w: World;
  afterEach(() => w.cleanup());

  it("restores exactly the chosen update's config, runs up without building, and emits rollback events", async () => {
    w = world();
    const before = w.state();
    const result = await runCli(["rollback", "--deployment", ULID_A, "--yes", "--json"], { env: w.env });
    expect(result.stderr).not.toMatch(/error:/);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.restored).toEqual({ version: 1, deploymentId: ULID_A });

    const after = w.state();
    const target = before.stacks.dev.history.find((u) => u.version === 1)!;
    // Exactly: the keys v2 added (tags, the secret) are gone, every v1 value is back, byte for byte.
    expect(after.stacks.dev.config).toEqual(target.config);
    const calls = after.calls!;
    expect(calls.map((c) => c.op)).toEqual(["setAllConfig", "up"]);
    expect(calls[0]).toMatchObject({ replace: true, config: target.config });
    expect(calls[1].message).toBe(`semantest-iac rollback ${output.rollbackId} to ${ULID_A} (v1)`);
    expect(after.stacks.dev.history[0]).toMatchObject({ version: 4, result: "succeeded" });

    const events = w.events();
    expect(events.map((e) => e.type)).toEqual(["infrastructure.rollback.requested", "infrastructure.deployment.started", "infrastructure.rollback.completed"]);
    expect(new Set(events.map((e) => e.correlationId))).toEqual(new Set([output.rollbackId]));
    expect(events[0].payload).toMatchObject({ kind: "rollback", targetVersion: 1, targetDeploymentId: ULID_A });
  });

  it("rolls back by update version and shows what is live against what it restores", async () => {
    w = world();
    const result = await runCli(["rollback", "--env", "dev", "--to", "1", "--yes"], { env: w.env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Rollback of stack dev to version 1");
    expect(result.stderr).toMatch(/semantest:release\n\s+live:\s+.*rest-b|semantest:release\n\s+live:\s+\{"id":"01JD0000000000000000000BBB"/);
    expect(result.stderr).toMatch(/semantest:tags\n\s+live:\s+\{"owner":"devops"\}\n\s+restore: \(not set\)/);
    expect(result.stderr).toMatch(/semantest-infrastructure:apiKey\n\s+live:\s+\[secret\]/);
    expect(result.stderr).not.toContain("s3cr3t");
    expect(result.stdout).toMatch(/^Rollback [0-9A-Z]{26} completed: stack dev runs the config of version 1/);
  });

  it("refuses, before changing anything, when an artifact the target needs is gone", async () => {
    w = world({ artifacts: [RELEASE_A.artifacts["rest-api"], ...Object.values(RELEASE_B.artifacts)] });
    const result = await runCli(["rollback", "--deployment", ULID_A, "--yes"], { env: w.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot roll back to version 1: websocket artifact fake:\/\/artifacts\/artifacts\/websocket\/[0-9a-f]{64}\.zip no longer exists$/m);
    expect(result.stderr).toContain("fix: redeploy that code with `semantest-iac deploy`");
    expect(w.state().calls ?? []).toEqual([]);
    expect(w.events()).toEqual([]);
  });

  it("refuses to restore an update that failed", async () => {
    w = world();
    const result = await runCli(["rollback", "--env", "dev", "--to", "3", "--yes", "--json"], { env: w.env });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: "TARGET_NOT_SUCCEEDED", message: "version 3 failed; only a succeeded update can be restored (stack dev)" });
    expect(w.state().calls ?? []).toEqual([]);
  });

  it("exits 2 with the fix for an unknown deployment id", async () => {
    w = world();
    const result = await runCli(["rollback", "--deployment", "01JD00000000000000000ZZZZZ", "--yes"], { env: w.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: no deployment 01JD00000000000000000ZZZZZ in the history of /m);
    expect(result.stderr).toContain("fix: check the id with `semantest-iac history --env <env>`");
  });

  it("asks for confirmation: without --yes and without a terminal it exits 2 and changes nothing", async () => {
    w = world();
    const result = await runCli(["rollback", "--env", "dev", "--to", "1"], { env: w.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: rolling back stack dev to version 1 needs confirmation");
    expect(w.state().calls ?? []).toEqual([]);
  });

  it("emits rollback.failed and exits 1 when the restoring update fails", async () => {
    w = world();
    const state = w.state();
    state.stacks.dev.nextUp = { outcome: "fail", error: "UpdateFunctionCode: ResourceConflictException", steps: STEPS };
    require("fs").writeFileSync(w.stateFile, JSON.stringify(state));
    const result = await runCli(["rollback", "--env", "dev", "--to", "1", "--yes"], { env: w.env });
    expect(result.code).toBe(1);
    expect(w.events().map((e) => e.type)).toEqual(["infrastructure.rollback.requested", "infrastructure.deployment.started", "infrastructure.rollback.failed"]);
  });

  it("rejects a malformed --to before touching the engine", async () => {
    w = world();
    const result = await runCli(["rollback", "--env", "dev", "--to", "latest"], { env: w.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --to "latest" is not an update version; expected a whole number >= 1');
  });
});

describe("semantest-iac status / history (subprocess, fake engine)", () => {
  let w: World;
  afterEach(() => w.cleanup());

  it("status --deployment finds a deployment in any stack's history, with who, components and artifacts", async () => {
    w = world();
    const result = await runCli(["status", "--deployment", ULID_A, "--json"], { env: w.env });
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status).toMatchObject({ stack: "dev", live: false, endpoints: {} });
    expect(status.deployment).toMatchObject({
      deploymentId: ULID_A,
      kind: "deploy",
      version: 1,
      result: "succeeded",
      by: { "git.author": "Ada Lovelace", "git.head": expect.stringMatching(/^c0ffee1/) },
      components: [{ kind: "rest-api", provider: "aws" }, { kind: "websocket", provider: "aws" }],
      release: RELEASE_A,
    });
  });

  it("status --env shows the newest update and the live endpoints of the live deployment", async () => {
    w = world();
    const latest = await runCli(["status", "--env", "dev"], { env: w.env });
    expect(latest.code).toBe(0);
    expect(latest.stdout).toMatch(/^Deployment 01JD0000000000000000000CCC — failed, update v3/);

    const live = await runCli(["status", "--deployment", ULID_B], { env: w.env });
    expect(live.stdout).toMatch(/^Deployment 01JD0000000000000000000BBB — succeeded, update v2 \(live\)/);
    expect(live.stdout).toContain("endpoints:   restApiUrl https://b.example");
    expect(live.stdout).toMatch(/by:\s+commit c0ffee200000 by Ada Lovelace via auto.local/);
  });

  it("history lists updates newest first with their deployment ids", async () => {
    w = world();
    const json = await runCli(["history", "--env", "dev", "--limit", "2", "--json"], { env: w.env });
    expect(json.code).toBe(0);
    const { deployments } = JSON.parse(json.stdout);
    expect(deployments.map((d: { version: number; deploymentId: string }) => [d.version, d.deploymentId])).toEqual([
      [3, "01JD0000000000000000000CCC"],
      [2, ULID_B],
    ]);
    const table = await runCli(["history", "--env", "dev"], { env: w.env });
    const lines = table.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^VERSION\s+DEPLOYMENT\s+KIND\s+RESULT\s+STARTED\s+TOOK\s+COMPONENTS\s+BY$/);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^v1\s+01JD0000000000000000000AAA\s+deploy\s+succeeded\s+2026-11-20T10:01:00Z\s+42s\s+rest-api@aws websocket@aws/);
  });

  it("unknown deployment id: exits 2, JSON error on stdout with --json", async () => {
    w = world();
    const result = await runCli(["status", "--deployment", "01JD00000000000000000ZZZZZ", "--env", "dev", "--json"], { env: w.env });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: "UNKNOWN_DEPLOYMENT", fix: expect.stringContaining("history") });
  });

  it("status of a stack that does not exist exits 2 with the fix", async () => {
    w = world();
    const result = await runCli(["status", "--env", "qa"], { env: w.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: no such stack (stack qa)");
  });

  it("shows the rollback a deployment was restored by", async () => {
    w = world();
    const rollback = await runCli(["rollback", "--env", "dev", "--to", "1", "--yes", "--json"], { env: w.env });
    const { rollbackId } = JSON.parse(rollback.stdout);
    const status = await runCli(["status", "--deployment", rollbackId, "--json"], { env: w.env });
    expect(JSON.parse(status.stdout).deployment).toMatchObject({ kind: "rollback", deploymentId: rollbackId, restored: { deploymentId: ULID_A, version: 1 }, release: RELEASE_A });
    void plain;
  });
});

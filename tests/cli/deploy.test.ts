import { spawn } from "child_process";
import * as path from "path";
import { BIN, runCli } from "../support/cli";
import { createWorld, digest, object, stackConfig, STEPS, World } from "./fake-world";

const COMPONENTS = { "rest-api": { provider: "aws", memoryMb: 512 }, websocket: { provider: "aws" } };
const BUILDS = { "rest-api": digest("rest-api-v2"), websocket: digest("websocket-v2") };

function world(nextUp: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): World {
  return createWorld((eventsFile) => ({
    builds: BUILDS,
    stacks: {
      dev: {
        config: stackConfig(eventsFile, COMPONENTS),
        history: [],
        nextUp: { steps: STEPS, outputs: { restApiUrl: "https://abc.execute-api.us-east-1.amazonaws.com", webSocketUrl: "wss://ws.example/dev" }, ...nextUp },
        ...extra,
      },
    },
  }));
}

describe("semantest-iac deploy (subprocess, fake engine)", () => {
  let w: World;
  afterEach(() => w.cleanup());

  it("emits requested -> started -> completed in order with one correlation id, and records the release", async () => {
    w = world();
    const result = await runCli(["deploy", "--env", "dev", "--json"], { env: w.env });
    expect(result.stderr).not.toMatch(/error:/);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.deploymentId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(output.endpoints).toEqual({ restApiUrl: "https://abc.execute-api.us-east-1.amazonaws.com", webSocketUrl: "wss://ws.example/dev" });

    const events = w.events();
    expect(events.map((e) => e.type)).toEqual(["infrastructure.deployment.requested", "infrastructure.deployment.started", "infrastructure.deployment.completed"]);
    expect(new Set(events.map((e) => e.correlationId))).toEqual(new Set([output.deploymentId]));
    expect(events[0].causationId).toBeNull();
    expect(events[1].causationId).toBe(events[0].id);
    expect(events[2].causationId).toBe(events[1].id);
    expect(events[2].payload.endpoints).toEqual(output.endpoints);

    const state = w.state();
    const release = JSON.parse(state.stacks.dev.config["semantest:release"].value);
    expect(release).toEqual({ id: output.deploymentId, artifacts: BUILDS });
    expect(state.stacks.dev.history[0]).toMatchObject({ result: "succeeded", message: `semantest-iac deploy ${output.deploymentId}` });
    // Config is set before the update runs, and the update carries the deployment id.
    expect(state.calls!.map((c) => c.op)).toEqual(["setAllConfig", "up"]);
    // `up` runs the same policy pack, with the environment's levels, as the preview.
    expect(state.calls![1]).toMatchObject({ policyPacks: [expect.stringMatching(/\/policy$/)], policyPackConfigs: [expect.stringMatching(/\/policy\/config\.dev\.json$/)] });
    // The program's own resource events join the deployment: same correlation id, caused by `started`.
    expect(state.calls![1].env).toEqual({ SEMANTEST_DEPLOYMENT_ID: output.deploymentId, SEMANTEST_CAUSATION_ID: events[1].id });
  });

  it("prints per-resource progress lines when stderr is not a terminal", async () => {
    w = world();
    const result = await runCli(["deploy", "--env", "dev"], { env: w.env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("• Build artifacts");
    expect(result.stderr).toMatch(/~ updating aws:lambda\/function:Function rest-api-handler/);
    expect(result.stderr).toMatch(/✓ updated aws:lambda\/function:Function rest-api-handler/);
    expect(result.stdout).toMatch(/^Deployment [0-9A-Z]{26} completed on stack dev \(update v1\)/);
    expect(result.stdout).toContain("restApiUrl: https://abc.execute-api.us-east-1.amazonaws.com");
  });

  it("emits failed with the error and exits 1 when the update fails", async () => {
    w = world({ outcome: "fail", error: "creating Lambda Function (rest-api-handler): AccessDeniedException" });
    const result = await runCli(["deploy", "--env", "dev"], { env: w.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: the update of stack dev failed: creating Lambda Function \(rest-api-handler\): AccessDeniedException$/m);
    const events = w.events();
    expect(events.map((e) => e.type)).toEqual(["infrastructure.deployment.requested", "infrastructure.deployment.started", "infrastructure.deployment.failed"]);
    expect(new Set(events.map((e) => e.correlationId)).size).toBe(1);
    expect(String(events[2].payload.error)).toContain("AccessDeniedException");
    expect(w.state().stacks.dev.history[0].result).toBe("failed");
  });

  it("exits 3 with the lock holder and the fix when the stack is locked by another update", async () => {
    w = world({}, { lockedBy: "alice@ci-runner-7" });
    const result = await runCli(["deploy", "--env", "dev"], { env: w.env });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: stack dev is locked by another update: \[409\] Conflict: Another update is currently in progress \(alice@ci-runner-7\)$/m);
    expect(result.stderr).toContain("fix: wait for that update to finish and rerun; if nothing is running (a crashed run left the lock), clear it with `pulumi cancel --stack dev`");
    expect(w.events().map((e) => e.type)).toEqual(["infrastructure.deployment.requested", "infrastructure.deployment.started", "infrastructure.deployment.failed"]);
  });

  it("reports the lock as JSON on stdout with --json", async () => {
    w = world({}, { lockedBy: "bob" });
    const result = await runCli(["deploy", "--env", "dev", "--json"], { env: w.env });
    expect(result.code).toBe(3);
    const { error } = JSON.parse(result.stdout);
    expect(error).toMatchObject({ code: "STACK_LOCKED", fix: expect.stringContaining("pulumi cancel") });
  });

  it("cancels the running update on Ctrl-C (SIGINT) and records the deployment as failed", async () => {
    w = world({ outcome: "hang" });
    const child = spawn(process.execPath, [BIN, "deploy", "--env", "dev"], {
      cwd: path.resolve(__dirname, "../.."),
      env: { ...process.env, NO_COLOR: "1", ...w.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let signalled = false;
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      // Interrupt once the update is running (its first resource has started).
      if (!signalled && stderr.includes("updating aws:lambda/function:Function")) {
        signalled = true;
        child.kill("SIGINT");
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(signalled).toBe(true);
    expect(code).toBe(1);
    expect(stderr).toContain("cancelling the update");
    expect(stderr).toMatch(/error: the update of stack dev was cancelled/);
    expect(w.state().calls!.map((c) => c.op)).toEqual(["setAllConfig", "up", "cancelled"]);
    const events = w.events();
    expect(events.map((e) => e.type)).toEqual(["infrastructure.deployment.requested", "infrastructure.deployment.started", "infrastructure.deployment.failed"]);
    expect(String(events[2].payload.error)).toContain("CANCELLED");
  });

  it("needs --yes to move a component to another cloud, and changes only that component", async () => {
    w = world();
    const refused = await runCli(["deploy", "--env", "dev", "--component", "websocket", "--provider", "azure"], { env: w.env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("error: moving websocket from aws to azure replaces its endpoint (a new URL) and needs confirmation");
    expect(refused.stderr).toContain("fix: rerun with --yes");
    expect(w.state().calls ?? []).toEqual([]);

    const confirmed = await runCli(["deploy", "--env", "dev", "--component", "websocket", "--provider", "azure", "--yes", "--json"], { env: w.env });
    expect(confirmed.code).toBe(0);
    const components = JSON.parse(w.state().stacks.dev.config["semantest:components"].value);
    expect(components).toEqual({ "rest-api": { provider: "aws", memoryMb: 512 }, websocket: { provider: "azure" } });
  });

  it("exits 2 listing every problem when the stack config is invalid, before touching the stack", async () => {
    w = createWorld((eventsFile) => ({
      builds: BUILDS,
      stacks: { dev: { config: { ...stackConfig(eventsFile, { "rest-api": { provider: "aws", memoryMb: 20000, timeoutSeconds: 0 } }), "semantest:components": object({ "rest-api": { provider: "aws", memoryMb: 20000, timeoutSeconds: 0 } }) }, history: [] } },
    }));
    const result = await runCli(["deploy", "--env", "dev", "--json"], { env: w.env });
    expect(result.code).toBe(2);
    const { error } = JSON.parse(result.stdout);
    expect(error.code).toBe("INVALID_CONFIG");
    expect(error.problems.map((p: { path: string }) => p.path).sort()).toEqual(["semantest:components.rest-api.memoryMb", "semantest:components.rest-api.timeoutSeconds"]);
    expect(w.state().calls ?? []).toEqual([]);
    expect(w.events()).toEqual([]);
  });

  it("exits 3 and says how to log in when the CLI has no backend login", async () => {
    w = createWorld(() => ({ pulumi: { loggedIn: false }, stacks: {} }));
    const result = await runCli(["deploy", "--env", "dev"], { env: w.env });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: the Pulumi CLI is not logged in to a backend: PULUMI_ACCESS_TOKEN must be set/m);
    expect(result.stderr).toContain("fix: run `pulumi login`");
  });
});

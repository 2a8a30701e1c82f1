/**
 * The Automation API adapter against a fake `pulumi` executable (PulumiCommand.get({ root })):
 * the real LocalWorkspace/Stack code builds the argv and parses the output; only the binary is fake.
 */
import * as path from "path";
import { AutomationEngine, classify, fromConfigMap, toConfigJson, toProgress } from "../../adapters/engine/automation";
import { EngineError, EngineProgress } from "../../application/ports/engine";
import { runCli } from "../support/cli";
import { FakePulumi, installFakePulumi } from "./fake-pulumi/install";

const PROJECT_DIR = path.resolve(__dirname, "../..");
const URN = "urn:pulumi:dev::semantest-infrastructure::semantest:components:RestApi$aws:lambda/function:Function::rest-api-handler";

const HISTORY = [
  {
    version: 2,
    kind: "update",
    startTime: "2026-11-21T09:00:00Z",
    message: "semantest-iac deploy 01JD0000000000000000000BBB",
    environment: { "git.head": "0123456789abcdef0123456789abcdef01234567", "git.author": "Ada Lovelace", "exec.kind": "auto.local" },
    config: {
      "aws:region": { value: "us-east-1", secret: false },
      "semantest:components": { value: '{"rest-api":{"provider":"aws"}}', objectValue: { "rest-api": { provider: "aws" } }, secret: false },
      "semantest:release": { value: `{"id":"01JD0000000000000000000BBB","artifacts":{"rest-api":"sha256:${"b".repeat(64)}"}}`, objectValue: { id: "01JD0000000000000000000BBB", artifacts: { "rest-api": `sha256:${"b".repeat(64)}` } }, secret: false },
      "semantest-infrastructure:apiKey": { value: "s3cr3t", secret: true },
    },
    result: "succeeded",
    endTime: "2026-11-21T09:01:10Z",
    resourceChanges: { update: 2, same: 20 },
  },
  { version: 1, kind: "update", startTime: "2026-11-20T09:00:00Z", message: "manual up", environment: {}, config: {}, result: "failed", endTime: "2026-11-20T09:00:05Z" },
];

function world(extra: Record<string, unknown> = {}) {
  return {
    stacks: {
      dev: {
        config: { "aws:region": { value: "us-east-1", secret: false }, "semantest:tags": { value: '{"owner":"devops"}', objectValue: { owner: "devops" }, secret: false } },
        history: HISTORY,
        outputs: { restApiUrl: "https://api.example", apiKey: "s3cr3t" },
        secretOutputs: ["apiKey"],
        upEvents: [
          { resourcePreEvent: { metadata: { op: "update", urn: URN, type: "aws:lambda/function:Function", provider: "" } } },
          { resOutputsEvent: { metadata: { op: "update", urn: URN, type: "aws:lambda/function:Function", provider: "" } } },
          { summaryEvent: { maybeCorrupt: false, durationSeconds: 3, resourceChanges: { update: 1, same: 21 }, PolicyPacks: {} } },
        ],
      },
    },
    ...extra,
  };
}

describe("AutomationEngine against a fake pulumi executable", () => {
  let pulumi: FakePulumi;
  const engine = () => new AutomationEngine({ projectDir: PROJECT_DIR, pulumiRoot: pulumi.root, envVars: pulumi.env });
  afterEach(() => pulumi.cleanup());

  it("reads stack history into StackUpdates: dates, message, environment, config with objects and secrets", async () => {
    pulumi = installFakePulumi(world());
    const stack = await engine().openStack("dev");
    const history = await stack.history();
    expect(history.map((u) => u.version)).toEqual([2, 1]);
    expect(history[0].startTime.toISOString()).toBe("2026-11-21T09:00:00.000Z");
    expect(history[0].endTime?.toISOString()).toBe("2026-11-21T09:01:10.000Z");
    expect(history[0].message).toBe("semantest-iac deploy 01JD0000000000000000000BBB");
    expect(history[0].environment["git.author"]).toBe("Ada Lovelace");
    expect(history[0].config["semantest:components"]).toEqual({ value: '{"rest-api":{"provider":"aws"}}', secret: false, object: true });
    expect(history[0].config["semantest-infrastructure:apiKey"]).toEqual({ value: "s3cr3t", secret: true });
    expect(history[0].resourceChanges).toEqual({ update: 2, same: 20 });
    // The adapter asked for secrets so that a rollback can restore them.
    expect(pulumi.world().log).toContainEqual(["stack", "history", "--json", "--show-secrets", "--stack", "dev"]);
  });

  it("pages history with --limit", async () => {
    pulumi = installFakePulumi(world());
    const history = await (await engine().openStack("dev")).history(1);
    expect(history.map((u) => u.version)).toEqual([2]);
  });

  it("reads outputs, masking secret ones", async () => {
    pulumi = installFakePulumi(world());
    const outputs = await (await engine().openStack("dev")).outputs();
    expect(outputs).toEqual({ restApiUrl: "https://api.example", apiKey: "[secret]" });
  });

  it("reads config and restores config exactly: set-all --json, then removes the keys the target lacked", async () => {
    pulumi = installFakePulumi(world());
    const stack = await engine().openStack("dev");
    expect(await stack.getConfig()).toEqual({
      "aws:region": { value: "us-east-1", secret: false },
      "semantest:tags": { value: '{"owner":"devops"}', secret: false, object: true },
    });
    const target = (await stack.history())[0].config;
    await stack.setAllConfig(target, { replace: true });
    const after = pulumi.world().stacks.dev.config;
    expect(Object.keys(after).sort()).toEqual(Object.keys(target).sort());
    expect(after["semantest:release"].objectValue).toEqual({ id: "01JD0000000000000000000BBB", artifacts: { "rest-api": `sha256:${"b".repeat(64)}` } });
    expect(after["semantest-infrastructure:apiKey"]).toEqual({ value: "s3cr3t", secret: true });
    const log: string[][] = pulumi.world().log;
    expect(log).toContainEqual(["config", "rm-all", "--stack", "dev", "semantest:tags"]);
    expect(log.find((argv) => argv[1] === "set-all")?.slice(0, 5)).toEqual(["config", "set-all", "--stack", "dev", "--json"]);
  });

  it("runs up with the message and turns engine events into progress", async () => {
    pulumi = installFakePulumi(world());
    const stack = await engine().openStack("dev");
    const progress: EngineProgress[] = [];
    const outcome = await stack.up({ message: "semantest-iac deploy 01JD0000000000000000000CCC", onProgress: (p) => progress.push(p) });
    expect(outcome.version).toBe(3);
    expect(outcome.outputs.restApiUrl).toBe("https://api.example");
    const upArgv: string[] = pulumi.world().log.find((argv: string[]) => argv[0] === "up");
    expect(upArgv).toEqual(expect.arrayContaining(["--yes", "--skip-preview", "--message", "semantest-iac deploy 01JD0000000000000000000CCC"]));
    expect(progress).toEqual([
      { kind: "resource", phase: "started", op: "update", urn: URN, type: "aws:lambda/function:Function", planning: false },
      { kind: "resource", phase: "done", op: "update", urn: URN, type: "aws:lambda/function:Function", planning: false },
      { kind: "summary", changes: { update: 1, same: 21 }, durationSeconds: 3 },
    ]);
  });

  it("classifies a locked stack (409 Conflict) as STACK_LOCKED", async () => {
    pulumi = installFakePulumi(world());
    const w = pulumi.world();
    w.stacks.dev.lockedBy = "held by alice (update 41)";
    require("fs").writeFileSync(pulumi.worldFile, JSON.stringify(w));
    const stack = await engine().openStack("dev");
    const error = await stack.up({ message: "m" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: "STACK_LOCKED" });
    expect((error as EngineError).detail).toContain("Another update is currently in progress");
  });

  it("cancels a running update by sending SIGINT to pulumi when the signal aborts (Ctrl-C)", async () => {
    pulumi = installFakePulumi(world());
    const w = pulumi.world();
    w.stacks.dev.hangUp = true;
    require("fs").writeFileSync(pulumi.worldFile, JSON.stringify(w));
    const stack = await engine().openStack("dev");
    const controller = new AbortController();
    const error = await stack
      .up({
        message: "m",
        signal: controller.signal,
        // Abort once the engine reports the first resource: the update is running.
        onProgress: (p) => p.kind === "resource" && controller.abort(),
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CANCELLED" });
    expect(pulumi.world().interrupted).toBe(1);
  });

  it("classifies a missing stack, a failed update and a missing login", async () => {
    pulumi = installFakePulumi(world({ loggedOut: true }));
    await expect(engine().openStack("qa")).rejects.toMatchObject({ code: "STACK_NOT_FOUND" });
    await expect(engine().check()).rejects.toMatchObject({ code: "NOT_LOGGED_IN", detail: expect.stringContaining("PULUMI_ACCESS_TOKEN must be set") });
    const w = pulumi.world();
    w.stacks.dev.failUp = "update failed: 1 error occurred: creating Lambda Function: AccessDenied";
    require("fs").writeFileSync(pulumi.worldFile, JSON.stringify(w));
    const error = await (await engine().openStack("dev")).up({ message: "m" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UPDATE_FAILED", message: "update failed: 1 error occurred: creating Lambda Function: AccessDenied" });
  });

  it("creates a stack that does not exist when asked to", async () => {
    pulumi = installFakePulumi(world());
    const stack = await engine().openStack("staging", { create: true });
    expect(stack.stack).toBe("staging");
    expect(pulumi.world().log).toContainEqual(["stack", "init", "staging"]);
  });

  it("reports NO_PULUMI_CLI when the install root has no pulumi", async () => {
    pulumi = installFakePulumi(world());
    const missing = new AutomationEngine({ projectDir: PROJECT_DIR, pulumiRoot: path.join(pulumi.root, "nowhere") });
    await expect(missing.check()).rejects.toMatchObject({ code: "NO_PULUMI_CLI" });
  });
});

describe("Automation adapter mapping (pure)", () => {
  it("maps replacement steps, failures, diagnostics and policy events", () => {
    const metadata = { op: "create-replacement", urn: URN, type: "aws:lambda/function:Function", provider: "" };
    expect(toProgress({ sequence: 1, timestamp: 0, resourcePreEvent: { metadata: metadata as never } })).toMatchObject({ op: "replace", phase: "started" });
    expect(toProgress({ sequence: 2, timestamp: 0, resOpFailedEvent: { metadata: { ...metadata, op: "update" } as never, status: 1, steps: 1 } })).toMatchObject({ kind: "resource-failed", op: "update" });
    expect(toProgress({ sequence: 3, timestamp: 0, diagnosticEvent: { message: " boom \n", color: "never", severity: "error" } })).toEqual({ kind: "diagnostic", severity: "error", message: "boom" });
    expect(toProgress({ sequence: 4, timestamp: 0, diagnosticEvent: { message: "x", color: "never", severity: "info", ephemeral: true } })).toBeUndefined();
    expect(
      toProgress({
        sequence: 5,
        timestamp: 0,
        policyEvent: { resourceUrn: URN, message: "no public buckets", color: "", policyName: "s3-no-public-read", policyPackName: "semantest", policyPackVersion: "1", policyPackVersionTag: "1", enforcementLevel: "mandatory" },
      }),
    ).toEqual({ kind: "policy", policy: "s3-no-public-read", level: "mandatory", urn: URN, message: "no public buckets" });
    expect(toProgress({ sequence: 6, timestamp: 0, cancelEvent: {} })).toBeUndefined();
  });

  it("round-trips structured config through set-all's JSON shape", () => {
    const config = fromConfigMap({ a: { value: "x", secret: false }, b: { value: "[1,2]", objectValue: [1, 2], secret: false } as never });
    expect(toConfigJson(config)).toEqual({ a: { value: "x", secret: false }, b: { value: "[1,2]", secret: false, objectValue: [1, 2] } });
  });

  it("classifies plain errors by their text", () => {
    expect(classify(new Error("the stack is currently locked by 1 lock(s)"))).toMatchObject({ code: "STACK_LOCKED" });
    expect(classify(new Error("spawn pulumi ENOENT"))).toMatchObject({ code: "NO_PULUMI_CLI" });
    const aborted = new AbortController();
    aborted.abort();
    expect(classify(new Error("exit code 255"), aborted.signal)).toMatchObject({ code: "CANCELLED" });
  });
});

describe("semantest-iac through the Automation API (subprocess, fake pulumi on PATH)", () => {
  let pulumi: FakePulumi;
  afterEach(() => pulumi.cleanup());

  it("history and status read the real adapter's output", async () => {
    pulumi = installFakePulumi(world());
    const env = { ...pulumi.env, PATH: `${pulumi.bin}:${process.env.PATH}`, SEMANTEST_IAC_ENGINE: "" };
    const history = await runCli(["history", "--env", "dev", "--json"], { env: { ...env, SEMANTEST_IAC_ENGINE: "automation" } });
    expect(history.stderr).toBe("");
    expect(history.code).toBe(0);
    expect(JSON.parse(history.stdout).deployments.map((d: { deploymentId: string | null }) => d.deploymentId)).toEqual(["01JD0000000000000000000BBB", null]);

    const status = await runCli(["status", "--deployment", "01JD0000000000000000000BBB", "--env", "dev"], { env: { ...env, SEMANTEST_IAC_ENGINE: "automation" } });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("Deployment 01JD0000000000000000000BBB — succeeded, update v2 (live)");
    expect(status.stdout).toContain("endpoints:   restApiUrl https://api.example");
  });

  it("says how to log in (exit 3) when pulumi has no backend login", async () => {
    pulumi = installFakePulumi(world({ loggedOut: true }));
    const result = await runCli(["history", "--env", "dev"], { env: { ...pulumi.env, PATH: `${pulumi.bin}:${process.env.PATH}`, SEMANTEST_IAC_ENGINE: "automation" } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: the Pulumi CLI is not logged in to a backend: PULUMI_ACCESS_TOKEN must be set/m);
  });
});

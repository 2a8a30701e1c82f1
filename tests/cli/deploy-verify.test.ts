/**
 * `deploy --verify` (issue 19): after a successful update (fake engine), the contract suite runs
 * against the endpoints the update output, here a local API Gateway emulation started in this
 * process. The real binary: checks printed, `verify` in --json, exit 1 when a check fails while
 * the deployment itself stays recorded as succeeded.
 */
import * as path from "path";
import { startGateway, type Gateway } from "../../runtime/local/gateway";
import { createLog } from "../../runtime/local/log";
import { runCli } from "../support/cli";
import { createWorld, digest, stackConfig, STEPS, type World } from "./fake-world";

jest.setTimeout(180_000);

const PROJECT_DIR = path.resolve(__dirname, "../..");
const CHECKS = ["health", "rest-round-trip", "cors-preflight", "websocket-connect", "websocket-subscribe-publish", "dispatch-push", "websocket-refusal", "limits"];
const BUILDS = { "rest-api": digest("rest-api-v2"), websocket: digest("websocket-v2") };

interface VerifyJson {
  ok: boolean;
  summary: { passed: number; failed: number; skipped: number };
  checks: { name: string; status: string; detail: string }[];
  problem?: string;
}

describe("semantest-iac deploy --verify (fake engine, outputs pointing at a local gateway)", () => {
  let gateway: Gateway;
  let w: World | undefined;
  beforeAll(async () => {
    gateway = await startGateway({ provider: "aws", port: 0, projectDir: PROJECT_DIR, log: createLog(() => undefined, { color: false }) });
  });
  afterEach(() => w?.cleanup());
  afterAll(async () => gateway?.close());

  const deployWith = (outputs: Record<string, unknown>) =>
    (w = createWorld((eventsFile) => ({
      builds: BUILDS,
      stacks: { dev: { config: stackConfig(eventsFile, { "rest-api": { provider: "aws" }, websocket: { provider: "aws" } }), history: [], nextUp: { steps: STEPS, outputs } } },
    })));

  it("runs every check after the update, adds verify to --json and exits 0 when none fails", async () => {
    deployWith({ restApiUrl: gateway.restUrl, webSocketUrl: gateway.host.page.webSocketUrl });
    const result = await runCli(["deploy", "--env", "dev", "--verify", "--json"], { env: w!.env });
    expect(result.stderr).not.toMatch(/error:/);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { deploymentId: string; verify: VerifyJson };
    expect(output.verify.checks.map((c) => c.name)).toEqual(CHECKS);
    for (const check of output.verify.checks) {
      // dispatch-push is skipped only while the app has no dispatch route or no push wiring here.
      if (check.name === "dispatch-push" && check.status === "skip") expect(check.detail).toMatch(/404|PUSH_UNAVAILABLE/);
      else expect(check).toMatchObject({ status: "pass" });
    }
    expect(output.verify).toMatchObject({ ok: true, summary: { failed: 0 } });
    expect(output.verify.summary.passed + output.verify.summary.skipped).toBe(CHECKS.length);
    // The outcome is a deployment event of its own, after completed, in the same correlation.
    const events = w!.events().filter((e) => e.correlationId === output.deploymentId);
    expect(events.map((e) => e.type).slice(-2)).toEqual(["infrastructure.deployment.completed", "infrastructure.deployment.verified"]);
    expect(events.at(-1)!.payload).toMatchObject({ status: "COMPLETED", verification: { passed: true, checks: { failed: 0 }, failedChecks: [] } });
  });

  it("prints each check and exits 1 when a check fails, saying the deployment itself succeeded", async () => {
    deployWith({ restApiUrl: `${gateway.restUrl}/nowhere`, webSocketUrl: gateway.host.page.webSocketUrl });
    const result = await runCli(["deploy", "--env", "dev", "--verify"], { env: w!.env });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Deployment [0-9A-Z]{26} completed on stack dev \(update v1\)/);
    expect(result.stdout).toMatch(/FAIL {2}health +.*404/);
    expect(result.stdout).toMatch(/PASS {2}websocket-connect /); // one failure never stops the others
    expect(result.stdout).toMatch(/^FAILED: \d+ passed, [1-9]\d* failed/m);
    expect(result.stdout).toMatch(/The deployment [0-9A-Z]{26} itself succeeded and is live; verification failed \(exit 1\)\./);
    // The update is recorded as succeeded, with its completed event: verification does not undo it.
    expect(w!.state().stacks.dev.history[0].result).toBe("succeeded");
    expect(w!.events().map((e) => e.type)).toContain("infrastructure.deployment.completed");
    const verified = w!.events().find((e) => e.type === "infrastructure.deployment.verified")!;
    expect(verified.payload).toMatchObject({ status: "COMPLETED", verification: { passed: false } });
    expect(verified.payload.verification).toMatchObject({ failedChecks: expect.arrayContaining(["health"]) });
  });

  it("exits 1 naming the missing output when the stack has no endpoints to verify", async () => {
    deployWith({});
    const result = await runCli(["deploy", "--env", "dev", "--verify", "--json"], { env: w!.env });
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as { deploymentId: string; verify: VerifyJson };
    expect(output.deploymentId).toMatch(/^[0-9A-Z]{26}$/);
    expect(output.verify).toMatchObject({ ok: false, checks: [], summary: { passed: 0, failed: 0, skipped: 0 } });
    expect(output.verify.problem).toContain("restApiUrl");
  });

  it("without --verify nothing is checked and the result has no verify", async () => {
    deployWith({ restApiUrl: `${gateway.restUrl}/nowhere`, webSocketUrl: gateway.host.page.webSocketUrl });
    const result = await runCli(["deploy", "--env", "dev", "--json"], { env: w!.env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).not.toHaveProperty("verify");
  });
});

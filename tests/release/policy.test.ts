/**
 * production-gated-rollout (policy/governance/rollout.ts): compliant, non-compliant, missing
 * property (the environment's default), config override (environments), and the offline preview
 * handing it the stack's `semantest:rollout`.
 */
import { GATED_ROLLOUT_POLICY, productionGatedRollout, withStackRollout } from "../../policy/governance/rollout";
import { runOfflinePreview } from "../../adapters/engine/offline/preview";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { check, fake, messages } from "../policy/support";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const resources = (stack: string) => [fake("aws:s3/bucket:Bucket", "artifacts", {}, { stack })];
const run = (stack: string, rollout?: unknown, extra: Record<string, unknown> = {}) =>
  check(productionGatedRollout(), resources(stack), { environment: stack, config: { all: "mandatory", [GATED_ROLLOUT_POLICY]: { ...(rollout !== undefined ? { rollout } : {}), ...extra } } });

describe("production-gated-rollout", () => {
  it("passes a gated canary, linear or blue-green in production", async () => {
    expect(await run("production", { strategy: "canary", steps: "canary 5% 10m" })).toEqual([]);
    expect(await run("production", { strategy: "linear", gates: { alarms: false, verify: true } })).toEqual([]);
    expect(await run("production", "blue-green")).toEqual([]);
  });

  it("refuses all-at-once, or a strategy with every gate off, in production", async () => {
    expect(messages(await run("production", "all-at-once"))).toEqual(["production must ship through a gated rollout: strategy all-at-once shifts every request at once with nothing to shift back to; allowed: canary, linear, blue-green with gates."]);
    expect(messages(await run("production", { strategy: "canary", gates: { alarms: false, verify: false } }))[0]).toMatch(/every gate off/);
    const [violation] = await run("production", "all-at-once");
    expect(violation).toMatchObject({ policy: GATED_ROLLOUT_POLICY, level: "mandatory" });
  });

  it("judges the environment's default when the stack sets no rollout: production's canary passes", async () => {
    expect(await run("production")).toEqual([]);
  });

  it("reports an invalid rollout with its problems instead of passing it", async () => {
    expect(messages(await run("production", { strategy: "canary", steps: "canary 0% 5m" }))[0]).toMatch(/^the stack's semantest:rollout is invalid: semantest:rollout.steps: "canary 0% 5m" has "0%"/);
  });

  it("leaves other environments alone unless configured", async () => {
    expect(await run("dev", "all-at-once")).toEqual([]);
    expect(messages(await run("staging", "all-at-once", { environments: ["staging", "production"] }))[0]).toMatch(/^staging must ship through a gated rollout/);
  });

  it("the offline preview hands the stack's semantest:rollout to the policy", async () => {
    expect(withStackRollout({ all: "mandatory", [GATED_ROLLOUT_POLICY]: "advisory" }, "canary")).toEqual({ all: "mandatory", [GATED_ROLLOUT_POLICY]: { enforcementLevel: "advisory", rollout: "canary" } });
    expect(withStackRollout(undefined, undefined)).toBeUndefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-rollout-policy-"));
    try {
      const file = path.join(dir, "Pulumi.production.yaml");
      const text = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.production.yaml"), "utf8").replace("  semantest:tags:", "  semantest:rollout: all-at-once\n  semantest:tags:");
      fs.writeFileSync(file, text);
      const preview = await runOfflinePreview({ projectDir: PROJECT_DIR, env: "production", configFile: file });
      expect(preview.ok).toBe(true);
      const violations = preview.ok ? preview.value.document.policies.violations : [];
      expect(violations.filter((v) => v.policy === GATED_ROLLOUT_POLICY)).toEqual([expect.objectContaining({ level: "mandatory", message: expect.stringMatching(/strategy all-at-once/) })]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

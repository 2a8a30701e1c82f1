/**
 * `semantest-iac doctor` as a user runs it (subprocess): the fake `pulumi` on PATH, the real AWS
 * SDK clients sent to the local recorder with AWS_ENDPOINT_URL (the SDK's own setting).
 */
import * as path from "path";
import { installFakePulumi, FakePulumi } from "../cli/fake-pulumi/install";
import { runCli } from "../support/cli";
import { AwsRecorder, startAwsRecorder } from "./recorders/aws-recorder";

describe("semantest-iac doctor (subprocess)", () => {
  let recorder: AwsRecorder;
  let fake: FakePulumi;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    recorder = await startAwsRecorder();
    fake = installFakePulumi({ version: "v3.200.0", stacks: {} });
    env = {
      ...fake.env,
      PATH: `${fake.bin}${path.delimiter}${process.env.PATH}`,
      AWS_ENDPOINT_URL: recorder.endpoint,
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PROFILE: "",
    };
  });
  afterAll(async () => {
    await recorder.close();
    fake.cleanup();
  });

  it("exits 3 with the failing check and its fix, then 0 once the machine has a recent Pulumi CLI", async () => {
    // The program manages API Gateway's CloudWatch role when the account has none (issue 12), so
    // that check is INFO here; an old Pulumi CLI (no resource hooks) is what fails.
    const old = installFakePulumi({ version: "v3.150.0", stacks: {} });
    try {
      const failing = await runCli(["doctor", "--env", "dev"], { env: { ...env, ...old.env, PATH: `${old.bin}${path.delimiter}${process.env.PATH}` } });
      expect(failing.code).toBe(3);
      expect(failing.stdout).toMatch(/FAIL {2}Pulumi CLI: v3\.150\.0 is older than 3\.182\.0.*\n {6}fix: pulumi self-update/);
      expect(failing.stdout).toContain("PASS  AWS credentials: account 123456789012 as arn:aws:iam::123456789012:user/ada");
      expect(failing.stdout).toMatch(/INFO {2}API Gateway CloudWatch role: /);
      expect(failing.stdout).toContain("SKIP  Azure subscription: no component of this stack runs on Azure");
    } finally {
      old.cleanup();
    }

    const passing = await runCli(["doctor", "--env", "dev", "--json"], { env });
    expect(passing.code).toBe(0);
    const report = JSON.parse(passing.stdout);
    expect(report).toMatchObject({ stack: "dev", ok: true, summary: { fail: 0 } });
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual(["pulumi-version", "pulumi-login", "aws-credentials", "aws-apigateway-cloudwatch-role", "aws-elastic-ip-quota", "aws-lambda-concurrency", "aws-cost-allocation-tags", "azure"]);
  }, 90_000);

  it("exits 2 naming the problem for a missing --env or an unknown stack", async () => {
    const missing = await runCli(["doctor"], { env });
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("doctor needs --env <env>")]);
    const unknown = await runCli(["doctor", "--env", "nope", "--json"], { env });
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).error.code).toBe("STACK_FILE");
  }, 60_000);
});

/**
 * Finding 1 of issue 12: a WebSocket stage with access logs needs API Gateway's account-wide
 * CloudWatch Logs role. On a fresh account (the offline mocks' account: the setting reads back
 * empty) the program sets it itself and orders the stage after it; where anyone already set it,
 * the program declares nothing and overwrites nothing.
 */
import type * as pulumi from "@pulumi/pulumi";
import { cloudWatchRolePlan } from "../../components/aws/apigateway-account";
import { runProgram, runUnderMocks, type Run } from "../support/pulumi-harness";

const ROLE = "aws:iam/role:Role";
const ACCOUNT = "aws:apigateway/account:Account";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

describe("API Gateway's CloudWatch Logs role on a fresh account (dev stack as committed)", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram("dev");
  });

  it("declares the role with AmazonAPIGatewayPushToCloudWatchLogs and points the account setting at it", () => {
    const role = run.get(ROLE, "aws-platform-apigateway-cloudwatch-role");
    expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0]).toMatchObject({ Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" });
    expect(run.get(ATTACHMENT, "aws-platform-apigateway-cloudwatch-policy").inputs.policyArn).toBe(
      "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
    );
    const account = run.get(ACCOUNT, "aws-platform-apigateway-settings");
    expect(account.inputs.cloudwatchRoleArn).toMatch(/^arn:aws:iam::123456789012:role\/aws-platform-apigateway-cloudwatch-role/);
    expect(account.dependencies).toContain(run.get(ATTACHMENT, "aws-platform-apigateway-cloudwatch-policy").urn);
  });

  it("keeps the role and the setting when the stack goes away (other stacks in the region log through them)", () => {
    for (const [type, name] of [[ROLE, "aws-platform-apigateway-cloudwatch-role"], [ACCOUNT, "aws-platform-apigateway-settings"], [ATTACHMENT, "aws-platform-apigateway-cloudwatch-policy"]]) {
      expect(run.get(type!, name!).options.retainOnDelete).toBe(true);
    }
  });

  it("orders the WebSocket stage after the account setting", () => {
    expect(run.get("aws:apigatewayv2/stage:Stage", "websocket-stage").dependencies).toContain(run.get(ACCOUNT, "aws-platform-apigateway-settings").urn);
  });

  it("sets nothing for a stack without a WebSocket API on AWS (HTTP API stages log without it)", async () => {
    const restOnly = await runProgram("dev", { "aws:region": "us-east-1", "semantest:components": { "rest-api": { provider: "aws" } } });
    expect(restOnly.all(ACCOUNT)).toEqual([]);
    expect(restOnly.all(ROLE).map((r) => r.name)).toEqual(["rest-api-role"]);
  });
});

describe("an account where the setting is already set", () => {
  it("declares nothing and leaves the existing role in place", async () => {
    const run = await runUnderMocks(async (load) => {
      const pulumiSdk = load<typeof pulumi>("node_modules/@pulumi/pulumi");
      const { ensureApiGatewayCloudWatchRole } = load<typeof import("../../components/aws/apigateway-account")>("components/aws/apigateway-account.ts");
      const parent = new pulumiSdk.ComponentResource("test:index:Parent", "parent");
      const waitFor = await ensureApiGatewayCloudWatchRole("p", {}, parent, async () => "arn:aws:iam::123456789012:role/org-apigateway-logs");
      expect(waitFor).toEqual([]);
    });
    expect(run.all(ROLE)).toEqual([]);
    expect(run.all(ACCOUNT)).toEqual([]);
  });

  it("decides from the value read: empty or absent creates, any ARN keeps", () => {
    expect(cloudWatchRolePlan(undefined)).toBe("create");
    expect(cloudWatchRolePlan("")).toBe("create");
    expect(cloudWatchRolePlan("arn:aws:iam::1:role/x")).toBe("keep-existing");
  });
});

import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../../domain";

/**
 * API Gateway's CloudWatch Logs role is one setting per account and region. A WebSocket stage
 * with access logs fails on an account where it is unset ("BadRequestException: CloudWatch Logs
 * role ARN must be set in account settings to enable logging": sst/sst#373, sst/sst#4663;
 * aws/aws-cdk#33977 shows HTTP API stages do not need it, WebSocket stages do).
 *
 * What the program does, the way SST's `setupApiGatewayAccount` does
 * (sst/sst platform/src/components/aws/helpers/apigateway-account.ts):
 * - it reads the setting (`aws.apigateway.Account.get`, a read the engine also performs in preview);
 * - set (by anyone: another stack, the organisation, an earlier deploy of this stack): nothing is
 *   declared and nothing is overwritten, so other stacks' logging is untouched;
 * - unset (a fresh account): a role with AmazonAPIGatewayPushToCloudWatchLogs and the account
 *   setting pointing at it are declared, and the WebSocket stage is ordered after them.
 * Both are `retainOnDelete`: since terraform-provider-aws v6 deleting `aws_api_gateway_account`
 * resets the setting (hashicorp/terraform-provider-aws#42226, sst/sst#6911), and every stack in
 * the region that logs relies on it, so neither a teardown nor the next deploy (which finds the
 * setting and stops declaring them) may remove the role or reset the setting.
 */
/** The provider's read calls GetAccount, which takes no input, so the id only names the read (SST passes "APIGatewayAccount"). */
export const API_GATEWAY_ACCOUNT_ID = "api-gateway-account";
export const PUSH_TO_CLOUDWATCH_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

export type CloudWatchRolePlan = "create" | "keep-existing" | "unknown";

/** What to do given the setting as read: a plain value in, a plain decision out (tested without mocks). */
export function cloudWatchRolePlan(current: unknown): CloudWatchRolePlan {
  if (current === UNKNOWN) return "unknown";
  return typeof current === "string" && current.trim() !== "" ? "keep-existing" : "create";
}

const UNKNOWN = Symbol("unknown");

/** The account's `cloudwatchRoleArn` as read now; UNKNOWN when the engine could not tell (never in a real preview: reads run). */
export async function readCloudWatchRoleArn(name: string, parent: pulumi.Resource): Promise<unknown> {
  const account = aws.apigateway.Account.get(`${name}-read`, API_GATEWAY_ACCOUNT_ID, undefined, { parent });
  // Outputs expose no public promise; `promise(true)` is the SDK's own way to await one (it keeps unknowns).
  const value = await (account.cloudwatchRoleArn as unknown as { promise(withUnknowns?: boolean): Promise<unknown> }).promise(true);
  return pulumi.isUnknown(value) ? UNKNOWN : value;
}

/**
 * The role and the account setting, declared only on an account where the setting is unset.
 * Returns what the WebSocket stage must wait for (empty when nothing was declared).
 */
export async function ensureApiGatewayCloudWatchRole(name: string, tags: Tags, parent: pulumi.Resource, read = readCloudWatchRoleArn): Promise<pulumi.Resource[]> {
  const plan = cloudWatchRolePlan(await read(name, parent));
  if (plan === "keep-existing") return [];
  if (plan === "unknown") {
    pulumi.log.warn("the API Gateway account's CloudWatch Logs role could not be read; WebSocket access logs need it (docs/deploy-aws.md)", parent);
    return [];
  }
  const retained = { parent, retainOnDelete: true };
  const role = new aws.iam.Role(`${name}-cloudwatch-role`, {
    description: "API Gateway writes access logs to CloudWatch Logs (account-wide setting; kept when the stack that created it is removed)",
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Sid: "ApiGatewayAssumesRole", Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    tags,
  }, retained);
  const attachment = new aws.iam.RolePolicyAttachment(`${name}-cloudwatch-policy`, { role: role.name, policyArn: PUSH_TO_CLOUDWATCH_POLICY }, retained);
  // UpdateAccount checks the role's permissions, so it waits for the attachment (the provider retries IAM propagation).
  const account = new aws.apigateway.Account(`${name}-settings`, { cloudwatchRoleArn: role.arn }, { ...retained, dependsOn: [attachment] });
  return [account];
}

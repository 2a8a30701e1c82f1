/**
 * AWS: credentials, then what this stack's resources need from the account and region. Every
 * rule says where it comes from.
 */
import type { StackNeeds } from "./needs";
import type { AwsAccountProbe } from "./ports";
import { CheckResult, firstLine, skipped } from "./report";
import { awsCostAllocationTags } from "./cost-tags";

// "You can reserve up to the Unreserved account concurrency value that is shown, minus 100 for
// functions that don't have reserved concurrency" (AWS Lambda Developer Guide, "Configuring
// reserved concurrency for a function").
export const LAMBDA_UNRESERVED_MINIMUM = 100;
/** Service Quotas code of "EC2-VPC Elastic IPs" (default 5 per region). */
export const ELASTIC_IP_QUOTA_CODE = "L-0263D0A3";

export async function awsChecks(needs: NonNullable<StackNeeds["aws"]>, aws: AwsAccountProbe): Promise<CheckResult[]> {
  const region = needs.region;
  let identity;
  try {
    identity = await aws.callerIdentity();
  } catch (error) {
    return [
      { id: "aws-credentials", title: "AWS credentials", status: "fail", detail: firstLine(error), fix: "configure credentials for the account (aws configure / aws sso login, or AWS_PROFILE / AWS_ACCESS_KEY_ID), then run doctor again" },
      skipped("aws-account", "AWS account checks", "no working AWS credentials"),
    ];
  }
  const checks: CheckResult[] = [{ id: "aws-credentials", title: "AWS credentials", status: "pass", detail: `account ${identity.account} as ${identity.arn}` }];
  checks.push(await cloudWatchRole(needs, aws, region));
  checks.push(await elasticIps(needs, aws, region));
  checks.push(await lambdaConcurrency(needs, aws, region));
  checks.push(await awsCostAllocationTags(aws));
  return checks;
}

/**
 * A WebSocket stage with access logs needs API Gateway's account-level CloudWatch role, else
 * "CloudWatch Logs role ARN must be set in account settings to enable logging" (sst#373, sst#4663;
 * aws-cdk#33977: HTTP stages are fine, WebSocket stages fail).
 */
async function cloudWatchRole(needs: NonNullable<StackNeeds["aws"]>, aws: AwsAccountProbe, region: string): Promise<CheckResult> {
  const id = "aws-apigateway-cloudwatch-role";
  const title = "API Gateway CloudWatch role";
  if (!needs.webSocketAccessLogs) return skipped(id, title, "no WebSocket stage with access logs on AWS in this stack");
  try {
    const arn = await aws.apiGatewayCloudWatchRoleArn();
    if (arn) return { id, title, status: "pass", detail: `set in ${region}: ${arn}` };
    if (needs.managesCloudWatchRole) return { id, title, status: "info", detail: `not set in ${region}; managed: the program sets it (aws:apigateway/account:Account) before the WebSocket stage` };
    return {
      id,
      title,
      status: "fail",
      detail: `not set in ${region}: the WebSocket stage's access logs will be refused (BadRequestException)`,
      fix: `create a role trusted by apigateway.amazonaws.com with AmazonAPIGatewayPushToCloudWatchLogs, then: aws apigateway update-account --region ${region} --patch-operations op=replace,path=/cloudwatchRoleArn,value=<role arn>`,
    };
  } catch (error) {
    return { id, title, status: "fail", detail: firstLine(error), fix: "allow apigateway:GET on arn:aws:apigateway:<region>::/account for the deploying identity" };
  }
}

/** NAT gateways take one Elastic IP each; the default quota is 5 per region (issue 12, finding 3). */
async function elasticIps(needs: NonNullable<StackNeeds["aws"]>, aws: AwsAccountProbe, region: string): Promise<CheckResult> {
  const id = "aws-elastic-ip-quota";
  const title = "Elastic IP quota";
  if (needs.elasticIps === 0) return skipped(id, title, "the stack declares no NAT gateway (no `vpc: true` component)");
  try {
    const [quota, inUse] = await Promise.all([aws.elasticIpQuota(), aws.elasticIpsInUse(needs.ownTags)]);
    // The stack's own addresses (tagged with its environment) are reused by a redeploy, not added.
    const others = inUse.total - inUse.own;
    const detail = `${needs.elasticIps} needed, ${others} used by others, quota ${quota} (${ELASTIC_IP_QUOTA_CODE}) in ${region}`;
    if (others + needs.elasticIps <= quota) return { id, title, status: "pass", detail };
    return {
      id,
      title,
      status: "fail",
      detail,
      fix: `request more: aws service-quotas request-service-quota-increase --region ${region} --service-code ec2 --quota-code ${ELASTIC_IP_QUOTA_CODE} --desired-value ${others + needs.elasticIps}, or release unused Elastic IPs, or turn vpc off outside production`,
    };
  } catch (error) {
    return { id, title, status: "fail", detail: firstLine(error), fix: "allow servicequotas:GetServiceQuota and ec2:DescribeAddresses for the deploying identity" };
  }
}

async function lambdaConcurrency(needs: NonNullable<StackNeeds["aws"]>, aws: AwsAccountProbe, region: string): Promise<CheckResult> {
  const id = "aws-lambda-concurrency";
  const title = "Lambda reserved concurrency";
  if (needs.reservedConcurrency === 0) return skipped(id, title, "no function reserves concurrency");
  try {
    const { limit, unreserved } = await aws.lambdaConcurrency();
    const available = unreserved - LAMBDA_UNRESERVED_MINIMUM;
    const detail = `${needs.reservedConcurrency} reserved by the stack; account limit ${limit}, unreserved ${unreserved} (at least ${LAMBDA_UNRESERVED_MINIMUM} must stay unreserved) in ${region}`;
    if (needs.reservedConcurrency <= available) return { id, title, status: "pass", detail };
    return { id, title, status: "fail", detail, fix: `request a higher "Concurrent executions" quota (service code lambda, quota L-B99A9384) or reserve less` };
  } catch (error) {
    return { id, title, status: "fail", detail: firstLine(error), fix: "allow lambda:GetAccountSettings for the deploying identity" };
  }
}

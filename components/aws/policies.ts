/**
 * IAM documents and names for the AWS components, as pure functions of plain strings (tested
 * without mocks in tests/aws/policies.test.ts). No statement grants a `*` action; a `*` resource
 * appears only where the service has no resource-level permissions, with the reason beside it.
 */
import type { ComponentKind, EnvironmentName } from "../../domain";

export interface Statement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  /** Absent only in trust policies. */
  readonly Resource?: string | readonly string[];
  readonly Principal?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Statement[];
}

export const policy = (...statements: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

/** Lambda may assume the role, only on behalf of functions in this account (confused-deputy guard). */
export function lambdaAssumeRolePolicy(accountId: string): PolicyDocument {
  return policy({
    Sid: "LambdaAssumesRole",
    Effect: "Allow",
    Principal: { Service: "lambda.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
  });
}

/** Writing to the function's own log group only (Lambda creates the streams inside it). */
export function logStatements(logGroupArn: string): Statement[] {
  return [{ Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` }];
}

/**
 * Active tracing. X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level
 * permissions (Service Authorization Reference, "Actions defined by AWS X-Ray": no resource
 * types), so `*` is the only resource IAM accepts; this is what AWSXRayDaemonWriteAccess grants.
 */
export function xrayStatements(): Statement[] {
  return [{ Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" }];
}

export interface VpcScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
}

/** The Sid of the one statement that needs `Resource: "*"`; the policy pack accepts `WildcardResource<Reason>`. */
export const EC2_DESCRIBE_SID = "WildcardResourceEc2DescribeHasNoResourceLevelPermissions";

/**
 * The network-interface rights of AWSLambdaVPCAccessExecutionRole (AWS Managed Policy reference:
 * ec2:CreateNetworkInterface, DescribeNetworkInterfaces, DescribeSubnets, DeleteNetworkInterface,
 * Assign/UnassignPrivateIpAddresses, all on `*`), narrowed where IAM allows it.
 * ec2:DescribeNetworkInterfaces and ec2:DescribeSubnets support no resource-level permissions
 * (Service Authorization Reference, "Actions, resources, and condition keys for Amazon EC2": the
 * Describe* actions list no resource type; Lambda Developer Guide, "Giving Lambda functions access
 * to resources in an Amazon VPC": DescribeNetworkInterfaces "only works if it's allowed on all
 * resources"), so they get `*`, with the reason in the Sid for the pack's
 * `iam-no-wildcard-resource-without-reason`. Creating interfaces is limited to this account's
 * interfaces in this region, the VPC's subnets and security groups of this VPC (condition `ec2:Vpc`,
 * so the policy need not name the function's group, which must outlive it: see function.ts);
 * deleting and (un)assigning addresses to this account's interfaces in this region.
 */
export function vpcStatements(scope: VpcScope): Statement[] {
  const ec2 = `arn:${scope.partition}:ec2:${scope.region}:${scope.accountId}`;
  const interfaces = `${ec2}:network-interface/*`;
  return [
    { Sid: EC2_DESCRIBE_SID, Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], Resource: "*" },
    {
      Sid: "CreateInterfacesInOwnSubnets",
      Effect: "Allow",
      Action: ["ec2:CreateNetworkInterface"],
      Resource: [interfaces, ...scope.subnetIds.map((id) => `${ec2}:subnet/${id}`)],
    },
    {
      Sid: "CreateInterfacesWithGroupsOfOwnVpc",
      Effect: "Allow",
      Action: ["ec2:CreateNetworkInterface"],
      Resource: `${ec2}:security-group/*`,
      Condition: { ArnEquals: { "ec2:Vpc": `${ec2}:vpc/${scope.vpcId}` } },
    },
    {
      Sid: "ManageOwnInterfaces",
      Effect: "Allow",
      Action: ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
      Resource: interfaces,
    },
  ];
}

/** The connection registry's operations (runtime/aws/registry.ts), on this table only. */
export const CONNECTIONS_TABLE_ACTIONS = ["dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchWriteItem"] as const;

export function connectionsTableStatements(tableArn: string): Statement[] {
  return [{ Sid: "ConnectionRegistry", Effect: "Allow", Action: [...CONNECTIONS_TABLE_ACTIONS], Resource: tableArn }];
}

/** Posting to and closing this API stage's connections (runtime/aws/connections.ts uses POST and DELETE). */
export function manageConnectionsStatements(executionArn: string, stage: string): Statement[] {
  return [
    {
      Sid: "ManageOwnConnections",
      Effect: "Allow",
      Action: ["execute-api:ManageConnections"],
      Resource: [`${executionArn}/${stage}/POST/@connections/*`, `${executionArn}/${stage}/DELETE/@connections/*`],
    },
  ];
}

/** The artifact bucket refuses every request not made over TLS. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return policy({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  });
}

/** Where an artifact lives in the bucket: content-addressed, so a digest names exactly one object. */
export function artifactKey(kind: ComponentKind, digest: string): string {
  return `artifacts/${kind}/${digest.replace(/^sha256:/, "")}.zip`;
}

/** Lambda's `sourceCodeHash`: the base64 of the zip's sha256 (what Lambda reports as CodeSha256). */
export function sourceCodeHash(digest: string): string {
  return Buffer.from(digest.replace(/^sha256:/, ""), "hex").toString("base64");
}

/** One NAT gateway in dev (cost), one per availability zone elsewhere (an AZ outage keeps egress). */
export function natGatewayStrategy(environment: EnvironmentName): "Single" | "OnePerAz" {
  return environment === "dev" ? "Single" : "OnePerAz";
}

/** The alias API Gateway invokes: a published version, never `$LATEST`. */
export const LIVE_ALIAS = "live";

/** The WebSocket stage is named after the environment (`wss://…/dev`). */
export function webSocketStageName(environment: EnvironmentName): string {
  return environment;
}

/**
 * The access-log group's name. HTTP API access logs are vended logs: API Gateway delivers them
 * through CloudWatch Logs log delivery, which adds the group to the account's CloudWatch Logs
 * resource policy (at most 5,120 characters per policy); groups named `/aws/vendedlogs/...` are
 * covered by one wildcard entry instead, as AWS recommends (Amazon CloudWatch Logs User Guide,
 * "Enabling logging from AWS services", Logs sent to CloudWatch Logs: log group resource policy).
 * Project and stack in the name keep stacks of one account apart (an explicit name is not auto-suffixed).
 */
export function accessLogGroupName(project: string, stack: string, component: string): string {
  return `/aws/vendedlogs/apigateway/${project}/${stack}/${component}-access`;
}

/** API Gateway access-log line (JSON, one object per request). */
export function accessLogFormat(kind: ComponentKind): string {
  const common = {
    requestId: "$context.requestId",
    ip: "$context.identity.sourceIp",
    requestTime: "$context.requestTime",
    status: "$context.status",
    integrationError: "$context.integrationErrorMessage",
  };
  const specific =
    kind === "rest-api"
      ? { method: "$context.httpMethod", path: "$context.path", protocol: "$context.protocol", responseLength: "$context.responseLength", latencyMs: "$context.responseLatency" }
      : { routeKey: "$context.routeKey", eventType: "$context.eventType", connectionId: "$context.connectionId" };
  return JSON.stringify({ ...common, ...specific });
}

/** The integration timeout: the function's timeout plus a second for the hop, within API Gateway's maximum. */
export function integrationTimeoutMs(timeoutSeconds: number, kind: ComponentKind): number {
  const max = kind === "rest-api" ? 30000 : 29000;
  return Math.min(max, Math.max(50, (timeoutSeconds + 1) * 1000));
}

import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { AWS_LAMBDA_HANDLER } from "../../artifacts/aws";
import { lambdaNodeOptions, type ComponentSettings } from "../../domain";
import type { ComponentContext } from "../context";
import { awsPlatform } from "./platform";
import {
  artifactKey,
  lambdaAssumeRolePolicy,
  LIVE_ALIAS,
  logStatements,
  policy,
  sourceCodeHash,
  type Statement,
  vpcStatements,
  xrayStatements,
} from "./policies";
import { createPrivateNetwork, type PrivateNetwork } from "./vpc";
import { appSecretsOnAws } from "../secrets/aws";
import { aliasRouting } from "./release-traffic";

export interface LambdaArgs {
  readonly settings: ComponentSettings;
  readonly context: ComponentContext;
  /** Variables the component adds to the user's `settings.variables`. */
  readonly environment?: Readonly<Record<string, pulumi.Input<string>>>;
  /** What the function may do beyond logging and tracing (its own table, its own connections). */
  readonly statements?: pulumi.Input<Statement[]>;
}

export interface HostedFunction {
  readonly function: aws.lambda.Function;
  /** `live`: the published version API Gateway invokes. */
  readonly alias: aws.lambda.Alias;
  readonly role: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;
  /** The version serving the stable share (the alias's `functionVersion`): the `liveVersions` stack output. */
  readonly liveVersion: pulumi.Output<string>;
}

/**
 * The Lambda that hosts a component's app: its own role (logs to its own group, traces, and the
 * statements the component adds), its own log group with the environment's retention, code from
 * the artifact bucket by digest, a published version and the `live` alias; in a VPC when asked.
 */
export function createHostedFunction(name: string, args: LambdaArgs, parent: pulumi.Resource): HostedFunction {
  const { settings, context } = args;
  const tags = context.tags;
  const traffic = context.configuration.release?.traffic; // checked by createAwsPlatform, before any resource
  const code = artifactCode(name, args, parent);
  const account = aws.getCallerIdentityOutput({}, { parent });
  const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: settings.logRetentionDays, tags }, { parent });
  const role = new aws.iam.Role(`${name}-role`, {
    description: `${name}: the Lambda's own execution role`,
    assumeRolePolicy: account.accountId.apply((id) => JSON.stringify(lambdaAssumeRolePolicy(id))),
    tags,
  }, { parent });
  // Secret variables: Secrets Manager ARNs in the environment, readable by this role only (components/secrets).
  const secrets = appSecretsOnAws(name, settings.secrets, tags, parent);
  const rolePolicy = new aws.iam.RolePolicy(`${name}-role-policy`, {
    role: role.id,
    policy: pulumi
      .all([logGroup.arn, pulumi.output(args.statements ?? []), secrets.statements])
      .apply(([logGroupArn, extra, secret]) => JSON.stringify(policy(...logStatements(logGroupArn), ...xrayStatements(), ...extra, ...secret))),
  }, { parent });
  const network = settings.vpc ? joinVpc(name, args, role, parent) : undefined;

  const fn = new aws.lambda.Function(`${name}-function`, {
    description: `Semantest ${settings.kind} (${context.configuration.environment.name})`,
    runtime: aws.lambda.Runtime.NodeJS22dX,
    architectures: ["arm64"],
    handler: AWS_LAMBDA_HANDLER,
    role: role.arn,
    s3Bucket: code.bucket,
    s3Key: code.key,
    sourceCodeHash: code.hash,
    memorySize: settings.memoryMb,
    timeout: settings.timeoutSeconds,
    publish: true,
    tracingConfig: { mode: "Active" },
    loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
    environment: {
      variables: {
        ...settings.variables,
        // The bundle ships a source map; this makes stack traces point at the TypeScript sources.
        // A user's NODE_OPTIONS is kept, with the flag added (domain/config/variables.ts).
        NODE_OPTIONS: lambdaNodeOptions(settings.variables.NODE_OPTIONS),
        SEMANTEST_ENVIRONMENT: context.configuration.environment.name,
        ...(args.environment ?? {}),
        ...secrets.environment,
      },
    },
    vpcConfig: network ? { subnetIds: network.subnetIds, securityGroupIds: [network.securityGroup.id] } : undefined,
    tags,
  }, { parent, dependsOn: [rolePolicy, logGroup, ...(network ? [network.access] : [])] });

  // During a release (semantest:release.traffic) the alias splits invocations between the previous
  // version and the one just published; each step of a canary changes this resource only.
  const routing = fn.version.apply((version) => aliasRouting(version, traffic, settings.kind));
  const alias = new aws.lambda.Alias(`${name}-live`, {
    name: LIVE_ALIAS,
    functionName: fn.name,
    functionVersion: routing.functionVersion,
    routingConfig: routing.apply((r) => (r.additionalVersionWeights ? { additionalVersionWeights: { ...r.additionalVersionWeights } } : undefined)),
    description: "the published version API Gateway invokes",
  }, { parent });
  return { function: fn, alias, role, logGroup, liveVersion: routing.functionVersion };
}

/**
 * API Gateway may invoke the `live` alias, from `sourceArn` only. Integrations depend on it, so no
 * route reaches the function (and no stage goes live answering 500) before the permission exists.
 */
export function allowApiGatewayInvoke(name: string, hosted: HostedFunction, sourceArn: pulumi.Input<string>, parent: pulumi.Resource): aws.lambda.Permission {
  return new aws.lambda.Permission(`${name}-invoke`, {
    action: "lambda:InvokeFunction",
    function: hosted.function.name,
    qualifier: hosted.alias.name,
    principal: "apigateway.amazonaws.com",
    sourceArn,
  }, { parent });
}

interface Code {
  readonly bucket: pulumi.Output<string>;
  readonly key: pulumi.Input<string>;
  readonly hash: string;
}

/**
 * The artifact in the platform bucket. Built or cached here: uploaded under its digest, kept on
 * delete so rollbacks find it. Not on this machine (a rollback): the object a past deploy uploaded
 * is referenced by the same key, and nothing new is declared.
 */
function artifactCode(name: string, args: LambdaArgs, parent: pulumi.Resource): Code {
  const { artifact } = args.context;
  if (!artifact) throw new pulumi.ResourceError(`${name}: no artifact was resolved for ${args.settings.kind}; build one with "semantest-iac deploy" or set semantest:release`, parent);
  const platform = awsPlatform(args.context.platform, name, parent);
  const key = artifactKey(artifact.kind, artifact.digest);
  if (!artifact.path) return { bucket: platform.bucketName, key, hash: sourceCodeHash(artifact.digest) };
  const object = new aws.s3.BucketObject(`${name}-artifact`, {
    bucket: platform.bucket.id,
    key,
    source: new pulumi.asset.FileAsset(artifact.path),
    contentType: "application/zip",
    tags: args.context.tags,
  }, { parent, retainOnDelete: true });
  return { bucket: platform.bucketName, key: object.key, hash: sourceCodeHash(artifact.digest) };
}

/**
 * `vpc: true`: the function's ENI permissions as their own role policy, and its security group in
 * the stack's shared VPC. Lambda creates and deletes the function's network interfaces with the
 * execution role's permissions, and releases them only some time after the function leaves the
 * VPC or is deleted (Lambda Developer Guide, "Giving Lambda functions access to resources in an
 * Amazon VPC"; orphaned ENIs when the rights go first: aws/serverless-application-model#1169,
 * serverless/serverless#2830). So the permissions must outlive the interfaces:
 * - the function depends on them: it is updated out of the VPC, or deleted, before they go;
 * - the security group depends on them: deleting the group waits until Lambda has released the
 *   interfaces that use it (terraform-provider-aws waits for Lambda's hyperplane ENIs on security
 *   group and subnet deletion, commit 922037e "Updated handling for Lambda Hyperplane ENIs"), and
 *   only then are the permissions removed; turning `vpc` off or destroying the stack follows that order.
 * The policy must therefore not name the group (that would make it depend on the group): it allows
 * groups of the stack's VPC by condition instead (policies.ts, vpcStatements).
 */
function joinVpc(name: string, args: LambdaArgs, role: aws.iam.Role, parent: pulumi.Resource): PrivateNetwork & { readonly access: aws.iam.RolePolicy } {
  const shared = awsPlatform(args.context.platform, name, parent).network;
  if (!shared) throw new pulumi.ResourceError(`${name}: vpc is true but the AWS platform declared no VPC; components/aws/platform.ts must get vpc: true`, parent);
  const opts = { parent };
  const access = new aws.iam.RolePolicy(`${name}-vpc-access`, {
    role: role.id,
    policy: pulumi
      .all([aws.getPartitionOutput({}, opts).partition, aws.getRegionOutput({}, opts).region, aws.getCallerIdentityOutput({}, opts).accountId, shared.vpcId, shared.privateSubnetIds])
      .apply(([partition, region, accountId, vpcId, subnetIds]) => JSON.stringify(policy(...vpcStatements({ partition, region, accountId, vpcId, subnetIds })))),
  }, opts);
  return { ...createPrivateNetwork(name, shared, args.context.tags, parent, [access]), access };
}

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AWS_LAMBDA_HANDLER } from "../../artifacts/aws";
import type { ComponentSettings } from "../../domain";
import type { ComponentContext } from "../context";
import type { AwsPlatform } from "./platform";
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
import { createPrivateNetwork } from "./vpc";
import { appSecretsOnAws } from "../secrets/aws";

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
}

/**
 * The Lambda that hosts a component's app: its own role (logs to its own group, traces, and the
 * statements the component adds), its own log group with the environment's retention, code from
 * the artifact bucket by digest, a published version and the `live` alias; in a VPC when asked.
 */
export function createHostedFunction(name: string, args: LambdaArgs, parent: pulumi.Resource): HostedFunction {
  const { settings, context } = args;
  const tags = context.tags;
  const code = artifactCode(name, args, parent);
  const account = aws.getCallerIdentityOutput({}, { parent });
  const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: settings.logRetentionDays, tags }, { parent });
  const role = new aws.iam.Role(`${name}-role`, {
    description: `${name}: the Lambda's own execution role`,
    assumeRolePolicy: account.accountId.apply((id) => JSON.stringify(lambdaAssumeRolePolicy(id))),
    tags,
  }, { parent });
  const network = settings.vpc ? createPrivateNetwork(name, context.configuration.environment.name, tags, parent) : undefined;

  // Secret variables: Secrets Manager ARNs in the environment, readable by this role only (components/secrets).
  const secrets = appSecretsOnAws(name, settings.secrets, tags, parent);
  const networkStatements = network ? vpcNetworkStatements(network.subnetIds, network.securityGroupIds, parent) : pulumi.output([] as Statement[]);
  const rolePolicy = new aws.iam.RolePolicy(`${name}-role-policy`, {
    role: role.id,
    policy: pulumi
      .all([logGroup.arn, pulumi.output(args.statements ?? []), networkStatements, secrets.statements])
      .apply(([logGroupArn, extra, net, secret]) => JSON.stringify(policy(...logStatements(logGroupArn), ...xrayStatements(), ...net, ...extra, ...secret))),
  }, { parent });

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
        NODE_OPTIONS: "--enable-source-maps",
        SEMANTEST_ENVIRONMENT: context.configuration.environment.name,
        ...(args.environment ?? {}),
        ...secrets.environment,
      },
    },
    vpcConfig: network ? { subnetIds: network.subnetIds, securityGroupIds: network.securityGroupIds } : undefined,
    tags,
  }, { parent, dependsOn: [rolePolicy, logGroup] });

  const alias = new aws.lambda.Alias(`${name}-live`, {
    name: LIVE_ALIAS,
    functionName: fn.name,
    functionVersion: fn.version,
    description: "the published version API Gateway invokes",
  }, { parent });
  return { function: fn, alias, role, logGroup };
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
  const { artifact, platform } = args.context;
  if (!artifact) throw new pulumi.ResourceError(`${name}: no artifact was resolved for ${args.settings.kind}; build one with "semantest-iac deploy" or set semantest:release`, parent);
  if (!isAwsPlatform(platform)) throw new pulumi.ResourceError(`${name}: the AWS platform (artifact bucket) is missing; components/aws/index.ts must declare it`, parent);
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

function isAwsPlatform(platform: unknown): platform is AwsPlatform {
  return typeof platform === "object" && platform !== null && "bucket" in platform && "bucketName" in platform;
}

function vpcNetworkStatements(subnetIds: pulumi.Output<string[]>, securityGroupIds: pulumi.Output<string>[], parent: pulumi.Resource): pulumi.Output<Statement[]> {
  const opts = { parent };
  return pulumi
    .all([aws.getPartitionOutput({}, opts).partition, aws.getRegionOutput({}, opts).region, aws.getCallerIdentityOutput({}, opts).accountId, subnetIds, pulumi.all(securityGroupIds)])
    .apply(([partition, region, accountId, subnets, groups]) => vpcStatements({ partition, region, accountId, subnetIds: subnets, securityGroupIds: groups }));
}

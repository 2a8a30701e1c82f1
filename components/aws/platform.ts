import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { DeploymentConfiguration, Environments, standardTags, type EnvironmentName, type Tags } from "../../domain";
import { createAccessLogging } from "./access-logs";
import { ensureApiGatewayCloudWatchRole } from "./apigateway-account";
import { tlsOnlyBucketPolicy } from "./policies";
import { createSharedNetwork, type SharedNetwork } from "./vpc";
import { awsTrafficProblems } from "./release-traffic";

export const AWS_PLATFORM_TYPE = "semantest:aws:Platform";
export const AWS_PLATFORM_NAME = "aws-platform";

export interface AwsPlatformArgs {
  readonly tags: Tags;
  /** Keep every version of an object (undoes an accidental overwrite or delete). @default true in production */
  readonly versioning: boolean;
  /**
   * A WebSocket API on AWS logs its stage: make sure API Gateway's account-wide CloudWatch Logs
   * role is set (created only when missing; see apigateway-account.ts). @default false
   */
  readonly webSocketLogging?: boolean;
  /** S3 server access logs of the artifact bucket, into a log bucket of the stack. @default true in production */
  readonly accessLogging?: boolean;
  /** Some component has `vpc: true`: declare the stack's one VPC, shared by those components. @default false */
  readonly vpc?: boolean;
  /** The environment, for the VPC's size (2 AZs and one NAT in dev, 3 and one per AZ elsewhere). */
  readonly environment: EnvironmentName;
}

/** How long a pruned (or overwritten) artifact stays recoverable as a noncurrent version. */
export const NONCURRENT_ARTIFACT_DAYS = 30;

/**
 * What every AWS component shares: the stack-owned artifact bucket (DESIGN §8). Private, encrypted,
 * public access blocked, owner-enforced, TLS only; artifacts live under their digest.
 */
export class AwsPlatform extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly bucketName: pulumi.Output<string>;
  /** What a WebSocket stage with access logs must be ordered after (the account's CloudWatch role, when this stack sets it). */
  readonly apiGatewayLogging: Promise<pulumi.Resource[]>;
  /** The stack's VPC, when a component has `vpc: true`. */
  readonly network?: SharedNetwork;

  constructor(name: string, args: AwsPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AWS_PLATFORM_TYPE, name, {}, opts);
    const parent = { parent: this };
    // Emptied when deleted: the bucket goes only when the stack is destroyed or leaves AWS, a
    // deliberate act, and then no function needs its artifacts. Without it `pulumi destroy` ends in
    // BucketNotEmpty: every artifact object is retainOnDelete (rollbacks need them) and production
    // keeps versions (pulumi-aws s3.Bucket `forceDestroy`: all objects, including locked ones and
    // every version, are deleted so the bucket can be destroyed without error). Always on, not set
    // by a destroy flow: the provider honours it only after an `up` has stored it in the state.
    this.bucket = new aws.s3.Bucket(`${name}-artifacts`, { forceDestroy: true, tags: args.tags }, parent);
    const bucket = this.bucket.id;
    new aws.s3.BucketPublicAccessBlock(`${name}-artifacts-public-access`, {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }, parent);
    new aws.s3.BucketOwnershipControls(`${name}-artifacts-ownership`, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-artifacts-encryption`, {
      bucket,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
    }, parent);
    new aws.s3.BucketPolicy(`${name}-artifacts-tls-only`, {
      bucket,
      policy: this.bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))),
    }, parent);
    if (args.versioning) {
      const versioning = new aws.s3.BucketVersioning(`${name}-artifacts-versioning`, { bucket, versioningConfiguration: { status: "Enabled" } }, parent);
      // `semantest-iac prune` deletes artifacts no rollback needs; in a versioned bucket that leaves a
      // delete marker over a noncurrent version. These expire them after NONCURRENT_ARTIFACT_DAYS
      // (a window to undo a prune by restoring the version), and the orphaned markers after that.
      // A rule needs `filter` (or the deprecated `prefix`): terraform-provider-aws warns, then
      // refuses, a rule with neither (r/s3_bucket_lifecycle_configuration docs, "filter");
      // ordered after the versioning configuration as its docs advise for versioned buckets.
      new aws.s3.BucketLifecycleConfiguration(`${name}-artifacts-lifecycle`, {
        bucket,
        rules: [
          {
            id: "expire-pruned-artifacts",
            status: "Enabled",
            filter: { prefix: "artifacts/" },
            noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_ARTIFACT_DAYS },
            expiration: { expiredObjectDeleteMarker: true },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
      }, { parent: this, dependsOn: [versioning] });
    }
    if (args.accessLogging) createAccessLogging(name, this.bucket, args.tags, this);
    this.apiGatewayLogging = args.webSocketLogging ? ensureApiGatewayCloudWatchRole(`${name}-apigateway`, args.tags, this) : Promise.resolve([]);
    this.network = args.vpc ? createSharedNetwork(name, args.environment, args.tags, this) : undefined;
    this.bucketName = this.bucket.bucket;
    this.registerOutputs({ bucketName: this.bucketName });
  }
}

/** `createPlatform` for components/aws/index.ts: one platform per stack. */
export function createAwsPlatform(configuration: DeploymentConfiguration): AwsPlatform {
  // A release's traffic split must be one every AWS component's alias can take, before any resource exists.
  const traffic = configuration.release?.traffic;
  const problems = configuration.components.filter((c) => c.provider === "aws").flatMap((c) => awsTrafficProblems(traffic, c.kind));
  if (problems.length > 0) throw new Error(`Invalid release traffic for AWS (${problems.length} problem${problems.length > 1 ? "s" : ""}):\n  - ${problems.join("\n  - ")}`);
  const tags = standardTags({
    environment: configuration.environment.name,
    component: "platform",
    deploymentId: configuration.release?.id,
    extra: configuration.tags,
  });
  return new AwsPlatform(AWS_PLATFORM_NAME, {
    tags,
    versioning: configuration.environment.name === Environments.production,
    accessLogging: configuration.environment.name === Environments.production,
    webSocketLogging: configuration.websocket?.provider === "aws",
    vpc: configuration.components.some((component) => component.provider === "aws" && component.vpc),
    environment: configuration.environment.name,
  });
}

/** The AWS platform from a component's context, or a ResourceError naming the component. */
export function awsPlatform(platform: unknown, name: string, parent: pulumi.Resource): AwsPlatform {
  const found = typeof platform === "object" && platform !== null && "bucket" in platform && "bucketName" in platform;
  if (!found) throw new pulumi.ResourceError(`${name}: the AWS platform (artifact bucket) is missing; components/aws/index.ts must declare it`, parent);
  return platform as AwsPlatform;
}

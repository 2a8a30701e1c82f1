import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../../domain";
import { policy, tlsOnlyBucketPolicy, type PolicyDocument } from "./policies";

/** Where the artifact bucket's access logs go in the log bucket. */
export const ACCESS_LOG_PREFIX = "artifacts/";
/** How long access logs are kept: a year, like production's function logs (log-retention-set). */
export const ACCESS_LOG_RETENTION_DAYS = 365;

/**
 * The log bucket's policy: TLS only, and S3's logging service may write the source bucket's logs
 * under the prefix, for this account and this source bucket only. With Object Ownership
 * "bucket owner enforced" ACLs are off, so the log delivery grant must be this bucket policy
 * (Amazon S3 User Guide, "Permissions for log delivery": principal `logging.s3.amazonaws.com`,
 * `s3:PutObject`, conditions `aws:SourceArn` and `aws:SourceAccount` against confused deputies).
 */
export function accessLogBucketPolicy(logBucketArn: string, sourceBucketArn: string, accountId: string): PolicyDocument {
  return policy(
    ...tlsOnlyBucketPolicy(logBucketArn).Statement,
    {
      Sid: "S3ServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${logBucketArn}/${ACCESS_LOG_PREFIX}*`,
      Condition: { ArnLike: { "aws:SourceArn": sourceBucketArn }, StringEquals: { "aws:SourceAccount": accountId } },
    },
  );
}

/**
 * S3 server access logging for the artifact bucket: who read or wrote which release's code. The
 * logs go to a bucket of their own, private like the artifact bucket, encrypted with SSE-S3 (a
 * log destination cannot use SSE-KMS default encryption: Amazon S3 User Guide, "Enabling Amazon S3
 * server access logging"), kept for a year. Emptied when the stack is destroyed, like the
 * artifact bucket (components/aws/platform.ts).
 */
export function createAccessLogging(name: string, source: aws.s3.Bucket, tags: Tags, parent: pulumi.Resource): aws.s3.Bucket {
  const opts = { parent };
  const logs = new aws.s3.Bucket(`${name}-access-logs`, { forceDestroy: true, tags }, opts);
  const bucket = logs.id;
  new aws.s3.BucketPublicAccessBlock(`${name}-access-logs-public-access`, {
    bucket,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  }, opts);
  new aws.s3.BucketOwnershipControls(`${name}-access-logs-ownership`, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
  new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-access-logs-encryption`, {
    bucket,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
  }, opts);
  const accountId = aws.getCallerIdentityOutput({}, opts).accountId;
  const logPolicy = new aws.s3.BucketPolicy(`${name}-access-logs-tls-only`, {
    bucket,
    policy: pulumi.all([logs.arn, source.arn, accountId]).apply(([logArn, sourceArn, account]) => JSON.stringify(accessLogBucketPolicy(logArn, sourceArn, account))),
  }, opts);
  new aws.s3.BucketLifecycleConfiguration(`${name}-access-logs-expiry`, {
    bucket,
    rules: [{ id: "expire-access-logs", status: "Enabled", filter: { prefix: ACCESS_LOG_PREFIX }, expiration: { days: ACCESS_LOG_RETENTION_DAYS } }],
  }, opts);
  // After the policy: S3 checks that log delivery is allowed when logging is turned on.
  new aws.s3.BucketLogging(`${name}-artifacts-logging`, { bucket: source.id, targetBucket: logs.id, targetPrefix: ACCESS_LOG_PREFIX }, { parent, dependsOn: [logPolicy] });
  return logs;
}

/**
 * AWS S3: the artifact bucket (rollback keeps every release there) is private, encrypted and
 * reachable over TLS only. Since provider v7 these settings are separate resources that point at
 * the bucket, so these are stack validations: they look for the resource that configures each bucket.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { parseDocument, list } from "../lib/iam";
import { enforcedEnvironment, environmentsConfig, quote, stackPolicy } from "../lib/policy";
import { dependents, ofType } from "../lib/stack";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ENCRYPTION_TYPES = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/**
 * The resources of `types` that configure `bucket`: their `bucket` input comes from it. Any other
 * dependency does not count: a log bucket's policy names the artifact bucket in a condition, and
 * is not the artifact bucket's policy. Without recorded property dependencies (synthetic inputs),
 * any dependency counts.
 */
function configuring(resources: readonly PolicyResource[], bucket: PolicyResource, ...types: string[]): PolicyResource[] {
  return dependents(resources, bucket, ...types).filter((r) => {
    const byProperty = r.propertyDependencies ?? {};
    if (Object.keys(byProperty).length === 0) return true;
    return (byProperty.bucket ?? []).some((d) => d.urn === bucket.urn);
  });
}

export function s3BucketPublicAccessBlocked(): StackValidationPolicy {
  return stackPolicy(
    {
      name: "s3-bucket-public-access-blocked",
      concern: "security",
      severity: "critical",
      description: "Every S3 bucket has a BucketPublicAccessBlock with all four flags true, and no public ACL.",
      remediationSteps: "Declare aws.s3.BucketPublicAccessBlock { bucket: bucket.id, blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets: true }.",
    },
    (args, reportViolation) => {
      for (const bucket of ofType(args.resources, ...BUCKET_TYPES)) {
        if (PUBLIC_ACLS.includes(bucket.props.acl)) {
          reportViolation(`S3 bucket ${quote(bucket)} has the public ACL '${bucket.props.acl}'.`, bucket.urn);
        }
        const blocks = configuring(args.resources, bucket, PUBLIC_ACCESS_BLOCK);
        if (blocks.length === 0) {
          reportViolation(`S3 bucket ${quote(bucket)} has no BucketPublicAccessBlock.`, bucket.urn);
          continue;
        }
        const off = BLOCK_FLAGS.filter((flag) => !blocks.some((b) => b.props[flag] === true));
        if (off.length > 0) {
          reportViolation(`S3 bucket ${quote(bucket)}: its public access block does not set ${off.join(", ")} to true.`, bucket.urn);
        }
      }
    },
  );
}

export function s3BucketEncrypted(): StackValidationPolicy {
  return stackPolicy(
    {
      name: "s3-bucket-encrypted",
      concern: "security",
      severity: "high",
      description: "Every S3 bucket declares server-side encryption (SSE-S3 or SSE-KMS) explicitly.",
      remediationSteps: "Declare aws.s3.BucketServerSideEncryptionConfiguration { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }] }.",
    },
    (args, reportViolation) => {
      for (const bucket of ofType(args.resources, ...BUCKET_TYPES)) {
        const inline = bucket.props.serverSideEncryptionConfiguration?.rule ?? bucket.props.serverSideEncryptionConfiguration?.rules;
        const configs = configuring(args.resources, bucket, ...ENCRYPTION_TYPES);
        const algorithms = [
          ...configs.flatMap((c) => list(c.props.rules).map((rule: unknown) => (rule as { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } })?.applyServerSideEncryptionByDefault?.sseAlgorithm)),
          ...(inline ? [inline.applyServerSideEncryptionByDefault?.sseAlgorithm ?? (Array.isArray(inline) ? inline[0]?.applyServerSideEncryptionByDefault?.sseAlgorithm : undefined)] : []),
        ];
        if (!algorithms.some((a) => typeof a === "string" && /^(AES256|aws:kms|aws:kms:dsse)$/.test(a))) {
          reportViolation(`S3 bucket ${quote(bucket)} declares no server-side encryption (AES256 or aws:kms).`, bucket.urn);
        }
      }
    },
  );
}

/** A Deny statement on `aws:SecureTransport = false`: the bucket refuses plain HTTP. */
export function deniesInsecureTransport(document: unknown): boolean {
  const parsed = parseDocument(document);
  if (!parsed.ok) return false;
  return parsed.statements.some((s) => {
    if (s.Effect !== "Deny") return false;
    const actions = list(s.Action);
    if (!actions.some((a) => a === "s3:*" || a === "*")) return false;
    const bool = s.Condition?.Bool ?? s.Condition?.bool;
    const value = bool?.["aws:SecureTransport"];
    return value === false || value === "false" || (Array.isArray(value) && value.map(String).includes("false"));
  });
}

export function s3BucketTlsOnly(): StackValidationPolicy {
  return stackPolicy(
    {
      name: "s3-bucket-tls-only",
      concern: "security",
      severity: "high",
      description: "Every S3 bucket has a bucket policy that denies s3:* when aws:SecureTransport is false.",
      remediationSteps: "Add a BucketPolicy with { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, arn/*], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }.",
    },
    (args, reportViolation) => {
      for (const bucket of ofType(args.resources, ...BUCKET_TYPES)) {
        const policies = configuring(args.resources, bucket, BUCKET_POLICY);
        if (!policies.some((p) => deniesInsecureTransport(p.props.policy)) && !deniesInsecureTransport(bucket.props.policy)) {
          reportViolation(`S3 bucket ${quote(bucket)} has no bucket policy denying requests without TLS (aws:SecureTransport = false).`, bucket.urn);
        }
      }
    },
  );
}

const LOGGING_TYPES = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];

/** BucketLogging resources of the stack whose `bucket` (or `targetBucket`) is `bucket`. */
function loggingOf(resources: readonly PolicyResource[], bucket: PolicyResource, key: "bucket" | "targetBucket"): PolicyResource[] {
  return ofType(resources, ...LOGGING_TYPES).filter((logging) => {
    const declared = logging.propertyDependencies?.[key] ?? [];
    if (declared.some((d) => d.urn === bucket.urn)) return true;
    const value = logging.props[key];
    return value !== undefined && value !== "" && (value === bucket.props.bucket || value === bucket.props.id);
  });
}

export function s3BucketAccessLogging(): StackValidationPolicy {
  return stackPolicy(
    {
      name: "s3-bucket-access-logging",
      concern: "security",
      severity: "medium",
      description: "In production, every S3 bucket has server access logging (a BucketLogging resource) to a log bucket of the stack; log buckets themselves are exempt.",
      remediationSteps: "Declare aws.s3.BucketLogging { bucket, targetBucket: <a log bucket>, targetPrefix } (components/aws/access-logs.ts does for the artifact bucket).",
      config: environmentsConfig("buckets need access logging"),
    },
    (args, reportViolation) => {
      const environment = enforcedEnvironment(args);
      if (!environment) return;
      for (const bucket of ofType(args.resources, ...BUCKET_TYPES)) {
        // A log bucket logging into itself would log its own log writes (Amazon S3 User Guide,
        // "Enabling Amazon S3 server access logging": use a different destination bucket).
        if (loggingOf(args.resources, bucket, "targetBucket").length > 0) continue;
        if (loggingOf(args.resources, bucket, "bucket").length === 0) {
          reportViolation(`S3 bucket ${quote(bucket)} has no server access logging in ${environment}.`, bucket.urn);
        }
      }
    },
  );
}

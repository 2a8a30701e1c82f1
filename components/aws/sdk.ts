/**
 * `@pulumi/aws`, as the AWS components use it: `import * as aws from "./sdk"` (or "../aws/sdk"),
 * then `aws.lambda.Function`, `aws.getCallerIdentityOutput`, ... as with the package's root.
 *
 * Why not the root: its declarations re-export every AWS service, 2,714 files and ~700,000 lines
 * that `tsc` and ESLint's type-aware rules parse and bind on every run although the components use
 * a dozen services. Re-exporting the services by submodule keeps the type check to those.
 * At run time nothing changes: the root is still loaded first (it registers the `aws` provider
 * package, `pulumi.runtime.registerResourcePackage`, which the engine needs to rebuild providers
 * from their URNs), and the submodules below are the very modules it loaded.
 * A service the components start to use is added here (typecheck fails until it is).
 */
// A plain `require` call is not resolved by tsc, so the root's declarations stay out of the program.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("@pulumi/aws");

export * as acm from "@pulumi/aws/acm";
export * as apigateway from "@pulumi/aws/apigateway";
export * as apigatewayv2 from "@pulumi/aws/apigatewayv2";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as dynamodb from "@pulumi/aws/dynamodb";
export * as ec2 from "@pulumi/aws/ec2";
export * as iam from "@pulumi/aws/iam";
export * as kms from "@pulumi/aws/kms";
export * as lambda from "@pulumi/aws/lambda";
export * as route53 from "@pulumi/aws/route53";
export * as s3 from "@pulumi/aws/s3";
export * as secretsmanager from "@pulumi/aws/secretsmanager";
export * as sns from "@pulumi/aws/sns";
export * as types from "@pulumi/aws/types";
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export { getPartitionOutput } from "@pulumi/aws/getPartition";
export { getRegionOutput } from "@pulumi/aws/getRegion";

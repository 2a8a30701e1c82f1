import type * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { LogSourceOutput } from "../log-source";

/**
 * The stack output `logs.<component>` on AWS: the CloudWatch Logs group the Lambda writes to
 * (`loggingConfig.logGroup`), by name (FilterLogEvents) and ARN (StartLiveTail takes ARNs only).
 */
export function awsLogSource(logGroup: Pick<aws.cloudwatch.LogGroup, "name" | "arn">, region: string | undefined): pulumi.Output<LogSourceOutput> {
  return pulumi.all([logGroup.name, logGroup.arn]).apply(([name, arn]) => ({ provider: "aws" as const, region: region ?? "", logGroup: name, logGroupArn: arn }));
}

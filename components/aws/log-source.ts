import * as pulumi from "@pulumi/pulumi";
import type { LogSourceOutput } from "../log-source";

/** The stack output `logs.<component>` on AWS: the CloudWatch Logs group the Lambda writes to (`loggingConfig.logGroup`). */
export function awsLogSource(logGroup: pulumi.Input<string>, region: string | undefined): pulumi.Output<LogSourceOutput> {
  return pulumi.output(logGroup).apply((name) => ({ provider: "aws" as const, region: region ?? "", logGroup: name }));
}

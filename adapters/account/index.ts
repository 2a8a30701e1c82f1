export { AwsSdkAccountProbe } from "./aws";
export type { AwsProbeOptions } from "./aws";
export { ARM_SCOPE, AzureSdkAccountProbe, claim } from "./azure";
export type { AzureProbeOptions } from "./azure";
export { PulumiCliCommandProbe } from "./pulumi-cli";

export { MINIMUM_PULUMI_VERSION, compareVersions, runDoctor } from "./run-doctor";
export type { DoctorProbes } from "./run-doctor";
export { AZURE_PROVIDERS, stackNeeds } from "./needs";
export type { DeclaredResource, StackNeeds } from "./needs";
export type { AwsAccountProbe, AzureAccountProbe, PulumiCliProbe } from "./ports";
export { CHECK_STATUSES, report } from "./report";
export type { CheckResult, CheckStatus, DoctorReport } from "./report";
export { ELASTIC_IP_QUOTA_CODE, LAMBDA_UNRESERVED_MINIMUM } from "./aws-checks";
export { normalizeRegion, ROLES } from "./azure-checks";

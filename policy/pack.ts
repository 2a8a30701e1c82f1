/**
 * The pack's contents without the side effect: `index.ts` hands these to `new PolicyPack` (which
 * starts the policy server), the offline runner evaluates them directly.
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { iamNoUnexplainedWildcardResource, iamNoWildcardAction, manageConnectionsScoped } from "./aws/iam";
import { dynamodbEncrypted, dynamodbPointInTimeRecovery } from "./aws/dynamodb";
import { lambdaNotPublic } from "./aws/lambda";
import { lambdaAliasRoutingValid } from "./aws/lambda-alias";
import { s3BucketEncrypted, s3BucketPublicAccessBlocked, s3BucketTlsOnly } from "./aws/s3";
import { azureFtpsDisabled, azureFunctionAppManagedIdentity, azureHttpsOnly, azureMinimumTls } from "./azure/app-service";
import { azureFlexScale, azureFlexSiteConfig } from "./azure/flex-consumption";
import { azureStorageNoPublicBlobAccess } from "./azure/storage";
import { webPubSubAnonymousConnectDenied } from "./azure/web-pubsub";
import { productionCorsNoWildcard } from "./governance/cors";
import { supportedNodeRuntime } from "./governance/runtime";
import { productionNoFreeTier } from "./governance/sku";
import { monthlyBudget } from "./governance/budget";
import { productionGatedRollout } from "./governance/rollout";
import { requiredTags } from "./governance/tags";
import { productionAlarms } from "./reliability/alarms";
import { lambdaLogGroupDeclared, logRetention } from "./reliability/log-retention";
import { lambdaTimeoutWithinIntegration } from "./reliability/timeouts";
import { noPlaintextSecrets } from "./security/secrets";
import { productionRouteAuthorization } from "./security/auth";
import { securityControls } from "./security/controls";
import { productionAzureAlerts } from "./azure/monitor";

export const PACK_NAME = "semantest-policy";
export const PACK_VERSION = "0.1.0";
/**
 * Fail closed: a preview run without a config file enforces every policy. The config files
 * (policy/config.<env>.json) make dev and staging advisory.
 */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";
export const PACK_DESCRIPTION = "Semantest platform guardrails for AWS (Lambda, API Gateway, DynamoDB, S3) and Azure (Functions, Web PubSub, Storage).";

export function packPolicies(): Policies {
  return [
    // security
    iamNoWildcardAction(),
    iamNoUnexplainedWildcardResource(),
    manageConnectionsScoped(),
    lambdaNotPublic(),
    s3BucketPublicAccessBlocked(),
    s3BucketEncrypted(),
    s3BucketTlsOnly(),
    dynamodbEncrypted(),
    azureHttpsOnly(),
    azureMinimumTls(),
    azureFtpsDisabled(),
    azureStorageNoPublicBlobAccess(),
    azureFunctionAppManagedIdentity(),
    webPubSubAnonymousConnectDenied(),
    noPlaintextSecrets(),
    productionRouteAuthorization(),
    ...securityControls(),
    // reliability
    logRetention(),
    lambdaLogGroupDeclared(),
    productionAlarms(),
    productionAzureAlerts(),
    dynamodbPointInTimeRecovery(),
    lambdaTimeoutWithinIntegration(),
    lambdaAliasRoutingValid(),
    azureFlexSiteConfig(),
    azureFlexScale(),
    // governance
    requiredTags(),
    supportedNodeRuntime(),
    productionCorsNoWildcard(),
    productionNoFreeTier(),
    monthlyBudget(),
    productionGatedRollout(),
  ];
}

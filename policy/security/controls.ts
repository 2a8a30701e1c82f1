/**
 * The production security controls of issue 22, one policy each, in the order docs/security.md
 * lists them. Each declares what it checks in its own service file; this list is what the pack
 * registers (policy/pack.ts).
 */
import type { Policies } from "@pulumi/policy";
import { apigatewayDomainTls } from "../aws/apigateway";
import { dynamodbDeletionProtection } from "../aws/dynamodb";
import { s3BucketAccessLogging } from "../aws/s3";
import { webPubSubKeyNotInSecretsManager } from "../aws/secrets-manager";
import { snsAlarmTopicEncrypted } from "../aws/sns";
import { azureStorageSharedKeyDisabled } from "../azure/storage";
import { webPubSubLocalAuthDisabled, webPubSubUpstreamManagedIdentity } from "../azure/web-pubsub";

export function securityControls(): Policies {
  return [apigatewayDomainTls(), dynamodbDeletionProtection(), snsAlarmTopicEncrypted(), s3BucketAccessLogging(), azureStorageSharedKeyDisabled(), webPubSubLocalAuthDisabled(), webPubSubUpstreamManagedIdentity(), webPubSubKeyNotInSecretsManager()];
}

/** Their names, for the tests and docs that list them. */
export const SECURITY_CONTROL_POLICIES = [
  "apigateway-domain-tls",
  "dynamodb-deletion-protection",
  "sns-alarm-topic-kms-encrypted",
  "s3-bucket-access-logging",
  "azure-storage-shared-key-disabled",
  "azure-web-pubsub-local-auth-disabled",
  "azure-web-pubsub-upstream-managed-identity",
  "webpubsub-key-not-in-secrets-manager",
] as const;

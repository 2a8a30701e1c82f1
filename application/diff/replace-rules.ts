/**
 * Which inputs make the provider replace a resource (delete + create, or create-before-delete)
 * instead of updating it in place. One table, one source per row: the provider's own schema.
 *
 * Only the resource types this program declares are listed; an unlisted type is diffed as an
 * in-place update (the conservative reading for a preview is "this would be replaced", but a
 * false "replace" on every unknown type would hide the real ones). Keys are top-level inputs.
 */

export interface ReplaceRule {
  /** Top-level input keys whose change replaces the resource. */
  readonly keys: readonly string[];
  /** Where the rule comes from: repository and path of the provider source read. */
  readonly source: string;
}

// terraform-provider-aws is the engine of @pulumi/aws (a bridged provider): a `ForceNew: true`
// attribute there is a replace in Pulumi. Attribute names are Pulumi's camelCase inputs.
const TF_AWS = "hashicorp/terraform-provider-aws";
// pulumi-azure-native: `forceNewMap` (provider/pkg/gen/replacement.go) plus the ARM resource id:
// every path parameter (resourceGroupName and the resource's name parameter) names the resource,
// so changing one is a different resource; the provider marks them `WillReplaceOnChanges` (the
// pattern is visible in provider/pkg/resources/customresources/custom_storage.go, `newBlob`).
const AZN = "pulumi/pulumi-azure-native";
const AZN_GEN = `${AZN} provider/pkg/gen/replacement.go (forceNewMap) + ARM path parameters`;

export const REPLACE_ON_CHANGES: Readonly<Record<string, ReplaceRule>> = {
  // AWS
  "aws:s3/bucket:Bucket": { keys: ["bucket", "bucketPrefix"], source: `${TF_AWS} internal/service/s3/bucket.go (bucket, bucket_prefix ForceNew)` },
  "aws:s3/bucketObject:BucketObject": { keys: ["bucket", "key"], source: `${TF_AWS} internal/service/s3/object.go (bucket, key ForceNew)` },
  "aws:s3/bucketObjectv2:BucketObjectv2": { keys: ["bucket", "key"], source: `${TF_AWS} internal/service/s3/object.go (bucket, key ForceNew)` },
  "aws:lambda/function:Function": { keys: ["name"], source: `${TF_AWS} internal/service/lambda/function.go (function_name ForceNew)` },
  "aws:lambda/alias:Alias": { keys: ["functionName", "name"], source: `${TF_AWS} internal/service/lambda/alias.go (function_name, name ForceNew)` },
  "aws:lambda/permission:Permission": {
    keys: ["action", "eventSourceToken", "function", "principal", "qualifier", "sourceAccount", "sourceArn", "statementId", "statementIdPrefix"],
    source: `${TF_AWS} internal/service/lambda/permission.go (every argument ForceNew: a statement cannot be edited)`,
  },
  "aws:apigatewayv2/api:Api": { keys: ["protocolType"], source: `${TF_AWS} internal/service/apigatewayv2/api.go (protocol_type ForceNew)` },
  "aws:apigatewayv2/deployment:Deployment": { keys: ["apiId", "triggers"], source: `${TF_AWS} internal/service/apigatewayv2/deployment.go (api_id, triggers ForceNew)` },
  "aws:apigatewayv2/stage:Stage": { keys: ["apiId", "name"], source: `${TF_AWS} internal/service/apigatewayv2/stage.go (api_id, name ForceNew)` },
  "aws:apigatewayv2/integration:Integration": { keys: ["apiId", "integrationType"], source: `${TF_AWS} internal/service/apigatewayv2/integration.go (api_id, integration_type ForceNew)` },
  "aws:apigatewayv2/route:Route": { keys: ["apiId"], source: `${TF_AWS} internal/service/apigatewayv2/route.go (api_id ForceNew)` },
  "aws:iam/role:Role": { keys: ["name", "namePrefix", "path"], source: `${TF_AWS} internal/service/iam/role.go (name, name_prefix, path ForceNew)` },
  "aws:iam/rolePolicy:RolePolicy": { keys: ["name", "namePrefix", "role"], source: `${TF_AWS} internal/service/iam/role_policy.go (name, name_prefix, role ForceNew)` },
  "aws:cloudwatch/logGroup:LogGroup": { keys: ["name", "namePrefix", "logGroupClass"], source: `${TF_AWS} internal/service/logs/group.go (name, name_prefix, log_group_class ForceNew)` },
  "aws:dynamodb/table:Table": { keys: ["name"], source: `${TF_AWS} internal/service/dynamodb/table.go (name ForceNew)` },
  "aws:sns/topic:Topic": { keys: ["name", "namePrefix", "fifoTopic"], source: `${TF_AWS} internal/service/sns/topic.go (name, name_prefix, fifo_topic ForceNew)` },
  // Azure
  "azure-native:resources:ResourceGroup": { keys: ["location", "resourceGroupName"], source: AZN_GEN },
  "azure-native:resources:Deployment": { keys: ["deploymentName", "resourceGroupName"], source: AZN_GEN },
  "azure-native:storage:StorageAccount": { keys: ["accountName", "isHnsEnabled", "location", "resourceGroupName"], source: AZN_GEN },
  "azure-native:storage:BlobContainer": { keys: ["accountName", "containerName", "resourceGroupName"], source: AZN_GEN },
  "azure-native:storage:Blob": {
    keys: ["accountName", "blobName", "containerName", "contentMd5", "resourceGroupName", "source", "type"],
    source: `${AZN} provider/pkg/resources/customresources/custom_storage.go (newBlob: WillReplaceOnChanges)`,
  },
  "azure-native:web:WebApp": { keys: ["kind", "location", "name", "resourceGroupName"], source: AZN_GEN },
  "azure-native:web:AppServicePlan": { keys: ["location", "name", "resourceGroupName"], source: AZN_GEN },
  "azure-native:web:WebAppApplicationSettings": { keys: ["name", "resourceGroupName"], source: AZN_GEN },
  "azure-native:webpubsub:WebPubSub": { keys: ["location", "resourceName", "resourceGroupName"], source: AZN_GEN },
  "azure-native:webpubsub:WebPubSubHub": { keys: ["hubName", "resourceName", "resourceGroupName"], source: AZN_GEN },
  "azure-native:operationalinsights:Workspace": { keys: ["location", "resourceGroupName", "workspaceName"], source: AZN_GEN },
  "azure-native:applicationinsights:Component": { keys: ["location", "resourceGroupName", "resourceName"], source: AZN_GEN },
  "azure-native:authorization:RoleAssignment": { keys: ["principalId", "roleAssignmentName", "scope"], source: `${AZN} provider/pkg/gen/replacement.go (Authorization.RoleAssignment: principalId, scope)` },
  "azure-native:managedidentity:UserAssignedIdentity": { keys: ["location", "resourceGroupName", "resourceName"], source: AZN_GEN },
};

/** The changed keys that replace a resource of this type (empty: an in-place update). */
export function replacingKeys(type: string, changed: readonly string[]): string[] {
  const rule = REPLACE_ON_CHANGES[type];
  if (!rule) return [];
  return changed.filter((key) => rule.keys.includes(key));
}

/**
 * The least privilege a REST function needs to push (pure; tested without mocks): read a topic's
 * members and drop gone connections in the registry, post to and close connections of one stage.
 * Subscribing is the WebSocket function's business, so PutItem/DeleteItem are not granted.
 */
import { PUSH_FEDERATION } from "../../runtime/shared/push-contract";
import type { Statement } from "../aws/policies";

/** Query = a topic's members; BatchWriteItem = removing a connection found gone (runtime/aws/registry.ts). */
export const PUSH_TABLE_ACTIONS = ["dynamodb:Query", "dynamodb:BatchWriteItem"] as const;

export function pushStatements(tableArn: string, executionArn: string, stage: string): Statement[] {
  return [
    { Sid: "PushReadsConnectionRegistry", Effect: "Allow", Action: [...PUSH_TABLE_ACTIONS], Resource: tableArn },
    {
      Sid: "PushToConnections",
      Effect: "Allow",
      Action: ["execute-api:ManageConnections"],
      Resource: [`${executionArn}/${stage}/POST/@connections/*`, `${executionArn}/${stage}/DELETE/@connections/*`],
    },
  ];
}

/**
 * `sts:GetWebIdentityToken` for Entra ID only: a JWT whose audiences are all
 * `api://AzureADTokenExchange` (ForAllValues, with Null false so a request without an audience
 * matches nothing), RS256, at most 300 s. The condition keys and the sample policy are IAM User
 * Guide, "Controlling access with IAM policies" (outbound identity federation); the action has no
 * resource type, so `Resource: "*"` (every published example, and the Service Authorization
 * Reference for STS lists none). No `sts:TagGetWebIdentityToken`: the runtime sends no tags.
 */
export function webIdentityTokenStatements(): Statement[] {
  return [
    {
      Sid: "WildcardResourcePushGetsWebIdentityTokenForEntraOnly",
      Effect: "Allow",
      Action: ["sts:GetWebIdentityToken"],
      Resource: "*",
      Condition: {
        "ForAllValues:StringEquals": { "sts:IdentityTokenAudience": [PUSH_FEDERATION.audience] },
        Null: { "sts:IdentityTokenAudience": "false" },
        StringEquals: { "sts:SigningAlgorithm": PUSH_FEDERATION.signingAlgorithm },
        NumericLessThanEquals: { "sts:DurationSeconds": PUSH_FEDERATION.durationSeconds },
      },
    },
  ];
}

/** Built-in Azure roles (Microsoft Learn, "Azure built-in roles"). */
export const PUSH_ROLES = {
  /** Full data-plane access to Web PubSub: send, groups, close ("Web PubSub Service Owner"). */
  webPubSubServiceOwner: "12cf5a90-567b-43ae-8102-96cf46c7d9b4",
  /** Read secret contents ("Key Vault Secrets User"); assignable at one secret's scope with RBAC vaults. */
  keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
} as const;

export function pushRoleDefinitionId(subscriptionId: string, role: keyof typeof PUSH_ROLES): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${PUSH_ROLES[role]}`;
}

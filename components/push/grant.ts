import * as authorization from "@pulumi/azure-native/authorization";
import type * as pulumi from "@pulumi/pulumi";
import type { AzurePlatform } from "../azure/platform";
import { pushRoleDefinitionId, type PUSH_ROLES } from "./statements";

/** One built-in role for the REST Function App's managed identity, on one scope only. */
export function grantRole(name: string, role: keyof typeof PUSH_ROLES, scope: pulumi.Input<string>, principalId: pulumi.Output<string>, platform: AzurePlatform, parent: pulumi.Resource): authorization.RoleAssignment {
  return new authorization.RoleAssignment(name, {
    principalId,
    principalType: "ServicePrincipal",
    roleDefinitionId: platform.subscriptionId.apply((id) => pushRoleDefinitionId(id, role)),
    scope,
  }, { parent });
}

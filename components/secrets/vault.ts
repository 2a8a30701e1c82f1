import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import type * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../../domain";
import type { AzurePlatform } from "../azure/platform";

/** A Key Vault whose access is Azure RBAC only (no access policies), with soft delete: the store of one function's secrets. */
export function createKeyVault(resourceName: string, vaultName: pulumi.Output<string>, platform: AzurePlatform, tags: Tags, parent: pulumi.Resource): keyvault.Vault {
  return new keyvault.Vault(resourceName, {
    resourceGroupName: platform.resourceGroupName,
    vaultName,
    location: platform.location,
    properties: {
      tenantId: authorization.getClientConfigOutput({ parent }).tenantId,
      sku: { family: "A", name: "standard" },
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 7,
    },
    tags: { ...tags },
  }, { parent });
}

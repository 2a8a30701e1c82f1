/**
 * A function's secret variables on Azure: a Key Vault of its own (RBAC, soft delete) with one
 * secret per variable (the value a Pulumi secret from config); the app setting `<NAME>` is a Key
 * Vault reference, `@Microsoft.KeyVault(SecretUri=<vault>/secrets/<name>/)`, which App Service
 * resolves with the identity the site names in keyVaultReferenceIdentity, the app's user-assigned one
 * (Microsoft Learn, "Use Key Vault references as app settings"); that identity gets "Key Vault Secrets User" on each of its secrets only.
 */
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../../domain";
import type { AzurePlatform } from "../azure/platform";
import { grantRole } from "../push/grant";
import { keyVaultName, keyVaultSecretName, variableSlug } from "./naming";
import { createKeyVault } from "./vault";

export interface AzureAppSecrets {
  readonly appSettings: Record<string, pulumi.Output<string>>;
  /** Grants the app's identity read access to each secret; called once with its principal. */
  readonly grant: (principalId: pulumi.Output<string>) => pulumi.Resource[];
}

/** A versionless reference: App Service picks up a new version within a day (same page). */
export function keyVaultReference(vaultName: string, secretName: string): string {
  return `@Microsoft.KeyVault(SecretUri=https://${vaultName}.vault.azure.net/secrets/${secretName}/)`;
}

export function appSecretsOnAzure(name: string, secrets: Readonly<Record<string, string>>, platform: AzurePlatform, tags: Tags, parent: pulumi.Resource): AzureAppSecrets | undefined {
  const variables = Object.keys(secrets).sort();
  if (variables.length === 0) return undefined;
  const clash = variables.find((v, i) => variables.findIndex((w) => keyVaultSecretName(w).toLowerCase() === keyVaultSecretName(v).toLowerCase()) !== i);
  if (clash) throw new pulumi.ResourceError(`${name}: variables ${clash} and another differ only in case or _ / -; Key Vault secret names are case-insensitive: rename one`, parent);
  const vaultName = platform.nameHash.apply((hash) => keyVaultName(name, hash));
  const vault = createKeyVault(`${name}-vault`, vaultName, platform, tags, parent);
  const appSettings: Record<string, pulumi.Output<string>> = {};
  const stored = variables.map((variable) => {
    const secretName = keyVaultSecretName(variable);
    appSettings[variable] = vaultName.apply((vault) => keyVaultReference(vault, secretName));
    return new keyvault.Secret(`${name}-secret-${variableSlug(variable)}`, {
      resourceGroupName: platform.resourceGroupName,
      vaultName,
      secretName,
      properties: { value: pulumi.secret(secrets[variable]) },
      tags: { ...tags },
    }, { parent, dependsOn: [vault] });
  });
  return {
    appSettings,
    grant: (principalId) => variables.map((variable, i) => grantRole(`${name}-secret-${variableSlug(variable)}-reader`, "keyVaultSecretsUser", stored[i].id, principalId, platform, parent)),
  };
}

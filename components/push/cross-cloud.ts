/**
 * REST on Azure -> API Gateway (see ./push-link.ts; the other direction is keyless: ./federation.ts).
 * The IAM access key is a Pulumi secret from the moment it exists and is only ever written into a
 * secret store the REST function alone may read.
 */
import * as aws from "../aws/sdk";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../../domain";
import { PUSH_ENV } from "../../runtime/shared/push-contract";
import type { AzurePlatform } from "../azure/platform";
import { keyVaultName } from "../secrets/naming";
import { createKeyVault } from "../secrets/vault";
import { grantRole } from "./grant";
import { pushStatements } from "./statements";
import { awsTargetEnvironment, type AwsPushTarget } from "./target";
import type { PushWiring } from "./wiring";

/** The Key Vault secret holding the AWS key, `{"accessKeyId","secretAccessKey"}`. */
export const AWS_CREDENTIAL_SECRET = "push-aws-credential";

/** `https://<vault>.vault.azure.net/secrets/<name>`: the latest version, resolved by the runtime. */
export function keyVaultSecretUri(vaultName: string, secretName: string): string {
  return `https://${vaultName}.vault.azure.net/secrets/${secretName}`;
}

/**
 * REST on Azure -> API Gateway: an IAM user whose only policy is the push's least privilege, its
 * key in a Key Vault (RBAC, soft delete) the Function App's identity may read at the secret's scope.
 */
export function azureRestToAws(name: string, target: AwsPushTarget, platform: AzurePlatform, tags: Tags, parent: pulumi.Resource): PushWiring {
  const user = new aws.iam.User(`${name}-caller`, { path: "/semantest/", tags }, { parent });
  new aws.iam.UserPolicy(`${name}-caller-policy`, {
    user: user.name,
    policy: pulumi.all([target.tableArn, target.executionArn]).apply(([table, api]) => JSON.stringify({ Version: "2012-10-17", Statement: pushStatements(table, api, target.stageName) })),
  }, { parent });
  const key = new aws.iam.AccessKey(`${name}-caller-key`, { user: user.name }, { parent, additionalSecretOutputs: ["secret"] });

  const vaultName = platform.nameHash.apply((hash) => keyVaultName(name, hash));
  const vault = createKeyVault(`${name}-vault`, vaultName, platform, tags, parent);
  const secret = new keyvault.Secret(`${name}-aws-credential`, {
    resourceGroupName: platform.resourceGroupName,
    vaultName,
    secretName: AWS_CREDENTIAL_SECRET,
    properties: {
      value: pulumi.secret(pulumi.all([key.id, key.secret]).apply(([accessKeyId, secretAccessKey]) => JSON.stringify({ accessKeyId, secretAccessKey }))),
      contentType: "application/json",
    },
    tags: { ...tags },
  }, { parent, dependsOn: [vault] });
  return {
    environment: { ...awsTargetEnvironment(target), [PUSH_ENV.credentialUri]: vaultName.apply((vault) => keyVaultSecretUri(vault, AWS_CREDENTIAL_SECRET)) },
    // Scoped to the one secret (Key Vault RBAC supports secret-scope assignments), not the vault.
    grant: (principalId) => void grantRole(`${name}-secret-reader`, "keyVaultSecretsUser", secret.id, principalId, platform, parent),
  };
}

/**
 * The two cross-cloud links (see ./push-link.ts). The credential the other cloud needs is a
 * Pulumi secret from the moment it exists (the Web PubSub keys, the IAM access key) and is only
 * ever written into a secret store the REST function alone may read.
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
import { pushStatements, readSecretStatements } from "./statements";
import { awsTargetEnvironment, type AwsPushTarget, type AzurePushTarget } from "./target";
import type { PushWiring } from "./wiring";

/** The Key Vault secret holding the AWS key, `{"accessKeyId","secretAccessKey"}`. */
export const AWS_CREDENTIAL_SECRET = "push-aws-credential";

/** `https://<vault>.vault.azure.net/secrets/<name>`: the latest version, resolved by the runtime. */
export function keyVaultSecretUri(vaultName: string, secretName: string): string {
  return `https://${vaultName}.vault.azure.net/secrets/${secretName}`;
}

/** REST on AWS -> Web PubSub: the connection string goes to Secrets Manager; the role reads that one secret. */
export function awsRestToAzure(name: string, target: AzurePushTarget, tags: Tags, parent: pulumi.Resource): PushWiring {
  const secret = new aws.secretsmanager.Secret(`${name}-webpubsub-credential`, {
    description: "Web PubSub connection string the REST function pushes with (read at cold start)",
    recoveryWindowInDays: 7,
    tags,
  }, { parent });
  new aws.secretsmanager.SecretVersion(`${name}-webpubsub-credential-value`, {
    secretId: secret.id,
    secretString: pulumi.secret(target.connectionString),
  }, { parent });
  return {
    environment: { [PUSH_ENV.provider]: "azure", [PUSH_ENV.hub]: target.hub, [PUSH_ENV.credentialArn]: secret.arn },
    statements: secret.arn.apply(readSecretStatements),
  };
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

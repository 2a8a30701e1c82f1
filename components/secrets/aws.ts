/**
 * A function's secret variables on AWS: one Secrets Manager secret per variable (the value a
 * Pulumi secret from config), the function's environment holds its ARN
 * (`SEMANTEST_SECRET_ARN__<NAME>`), and its role may GetSecretValue on those ARNs only, so no
 * other function can read them. runtime/aws/app-secrets.ts resolves them at cold start.
 */
import * as aws from "../aws/sdk";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../../domain";
import { secretArnVariable } from "../../runtime/shared/secrets-contract";
import type { Statement } from "../aws/policies";
import { variableSlug } from "./naming";

export interface AwsAppSecrets {
  readonly environment: Record<string, pulumi.Output<string>>;
  readonly statements: pulumi.Output<Statement[]>;
}

export function appSecretsOnAws(name: string, secrets: Readonly<Record<string, string>>, tags: Tags, parent: pulumi.Resource): AwsAppSecrets {
  const environment: Record<string, pulumi.Output<string>> = {};
  const arns: pulumi.Output<string>[] = [];
  // Sorted: the declaration order (and so the preview) does not depend on the stack file's order.
  for (const variable of Object.keys(secrets).sort()) {
    const secret = new aws.secretsmanager.Secret(`${name}-secret-${variableSlug(variable)}`, {
      description: `${name}: the secret variable ${variable}`,
      recoveryWindowInDays: 7,
      tags,
    }, { parent });
    new aws.secretsmanager.SecretVersion(`${name}-secret-${variableSlug(variable)}-value`, {
      secretId: secret.id,
      secretString: pulumi.secret(secrets[variable]),
    }, { parent });
    environment[secretArnVariable(variable)] = secret.arn;
    arns.push(secret.arn);
  }
  return {
    environment,
    statements: pulumi.all(arns).apply((resources) => (resources.length === 0 ? [] : [{ Sid: "ReadOwnSecretVariables", Effect: "Allow" as const, Action: ["secretsmanager:GetSecretValue"], Resource: resources }])),
  };
}

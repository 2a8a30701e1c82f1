/**
 * The app's secret variables on Lambda: the environment holds each one's Secrets Manager ARN
 * (runtime/shared/secrets-contract.ts); at cold start, before the app module loads, each is read
 * with the function's own role (GetSecretValue on those ARNs only) into `process.env.<NAME>`, so
 * the app reads `process.env.API_TOKEN` as it would anywhere else.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { secretReferences } from "../shared/secrets-contract";

export class AppSecretError extends Error {
  readonly code = "APP_SECRET_UNREADABLE" as const;
}

export async function resolveAppSecrets(env: NodeJS.ProcessEnv = process.env, client?: SecretsManagerClient): Promise<string[]> {
  const references = secretReferences(env);
  const names = Object.keys(references);
  if (names.length === 0) return [];
  const secrets = client ?? new SecretsManagerClient({});
  await Promise.all(
    names.map(async (name) => {
      let value: string | undefined;
      try {
        value = (await secrets.send(new GetSecretValueCommand({ SecretId: references[name] }))).SecretString;
      } catch (error) {
        throw new AppSecretError(`variable ${name}: its secret ${references[name]} could not be read: ${(error as Error).name ?? "Error"}: ${(error as Error).message}`);
      }
      if (typeof value !== "string") throw new AppSecretError(`variable ${name}: its secret ${references[name]} has no string value`);
      env[name] = value;
    }),
  );
  return names;
}

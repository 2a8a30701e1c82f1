/**
 * How a function learns where its secret variables are (set by components/secrets, read by
 * runtime/aws/app-secrets.ts). No SDK imports: the Pulumi program reads this file.
 *
 * AWS: `SEMANTEST_SECRET_ARN__<NAME>` holds the Secrets Manager ARN of variable `<NAME>`; the
 * runtime reads it at cold start and sets `process.env.<NAME>` before the app loads.
 * Azure: `<NAME>` itself is a Key Vault reference, `@Microsoft.KeyVault(SecretUri=...)`, which the
 * platform resolves with the app's identity before the worker starts.
 */
export const SECRET_ARN_PREFIX = "SEMANTEST_SECRET_ARN__";

export function secretArnVariable(name: string): string {
  return `${SECRET_ARN_PREFIX}${name}`;
}

/** `NAME -> ARN` for every secret reference in an environment. */
export function secretReferences(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(SECRET_ARN_PREFIX) && key.length > SECRET_ARN_PREFIX.length && value) found[key.slice(SECRET_ARN_PREFIX.length)] = value;
  }
  return found;
}

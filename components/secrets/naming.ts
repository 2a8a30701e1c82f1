/**
 * Key Vault names: 3-24 letters, digits and hyphens, starting with a letter, no consecutive
 * hyphens, globally unique (Microsoft Learn, naming rules for Microsoft.KeyVault/vaults). The role
 * comes first so two vaults of one stack never share a truncated name; the hash (subscription,
 * project, stack) keeps them unique across deployers.
 */
export const KEY_VAULT_NAME_MAX = 24;

export function keyVaultName(role: string, hash: string): string {
  const room = KEY_VAULT_NAME_MAX - "kv-".length - hash.length - 1;
  const slug = role.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, room).replace(/-+$/, "");
  return `kv-${slug}-${hash}`;
}

/** A variable name as a Key Vault secret name (letters, digits, hyphens): `API_TOKEN` -> `API-TOKEN`. */
export function keyVaultSecretName(variable: string): string {
  return variable.replace(/_/g, "-");
}

/** A stable per-variable resource name part: `API_TOKEN` -> `api-token`. */
export function variableSlug(variable: string): string {
  return variable.toLowerCase().replace(/_/g, "-");
}

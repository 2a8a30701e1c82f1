/**
 * The REST Function App's connections (the `PushConnections` port), from its app settings
 * (runtime/shared/push-contract.ts, set by components/push):
 *
 * - WebSocket on Azure: the Web PubSub endpoint and hub, called with the app's managed identity
 *   (role "Web PubSub Service Owner" on that service only): no key anywhere.
 * - WebSocket on AWS: an AWS access key scoped to the registry table and the stage's
 *   `@connections`, read once per instance from Key Vault with the app's managed identity (role
 *   "Key Vault Secrets User" on that one secret); the app settings hold only the secret's URI.
 */
import { ManagedIdentityCredential, type TokenCredential } from "@azure/identity";
import { parseKeyVaultSecretIdentifier, SecretClient } from "@azure/keyvault-secrets";
import type { PushConnections } from "../../app/websocket/port";
import { lazyPushConnections } from "../shared/lazy-push";
import { parseAwsPushCredential, PushConfigurationError, pushSettings } from "../shared/push-contract";
import { webPubSubConnectionsWithIdentity } from "./web-pubsub-client";

type Env = Readonly<Record<string, string | undefined>>;

/** The connections the REST app gets; undefined when the stack has no WebSocket component. */
export function pushFromEnv(env: Env, credential: () => TokenCredential = () => new ManagedIdentityCredential()): PushConnections | undefined {
  const settings = pushSettings(env);
  if (!settings) return undefined;
  if (settings.provider === "azure") {
    const endpoint = settings.get("endpoint");
    const hub = settings.get("hub");
    return lazyPushConnections(async () => webPubSubConnectionsWithIdentity(endpoint, credential(), hub));
  }
  const uri = settings.get("credentialUri");
  const target = { endpoint: settings.get("endpoint"), tableName: settings.get("table"), region: settings.get("region") };
  return lazyPushConnections(async () => {
    const credentials = parseAwsPushCredential(await readKeyVaultSecret(uri, credential()));
    // The AWS SDK is bundled into Azure artifacts (no runtime-provided copy there): loaded only on this path.
    const { apiGatewayConnections } = await import("../aws/api-gateway-push");
    return apiGatewayConnections({ ...target, credentials });
  });
}

/** One Key Vault secret's value by its URI (`https://<vault>.vault.azure.net/secrets/<name>[/<version>]`). */
export async function readKeyVaultSecret(uri: string, credential: TokenCredential): Promise<string> {
  let id: ReturnType<typeof parseKeyVaultSecretIdentifier>;
  try {
    id = parseKeyVaultSecretIdentifier(uri);
  } catch (error) {
    throw new PushConfigurationError(`${uri} is not a Key Vault secret URI (https://<vault>.vault.azure.net/secrets/<name>): ${(error as Error).message}`);
  }
  const secret = await new SecretClient(id.vaultUrl, credential).getSecret(id.name, id.version ? { version: id.version } : {});
  if (!secret.value) throw new PushConfigurationError(`the Key Vault secret ${id.name} has no value`);
  return secret.value;
}

/**
 * What the program (components/push) and the REST hosts' push adapters (runtime/aws/push.ts,
 * runtime/azure/push.ts) agree on: the settings a REST function gets so it can reach the stack's
 * WebSocket connections, wherever they are. No SDK imports: the Pulumi program reads this file.
 *
 * Never a credential: at most where one is (a Key Vault secret URI, REST on Azure -> API Gateway),
 * or whom to federate into (REST on AWS -> Web PubSub: a tenant and a client id, not secrets).
 */
export const PUSH_ENV = {
  /** Which cloud holds the WebSocket connections: `aws` (API Gateway) or `azure` (Web PubSub). */
  provider: "SEMANTEST_PUSH_PROVIDER",
  /** AWS: the `@connections` endpoint, `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`. Azure: the Web PubSub endpoint, `https://{name}.webpubsub.azure.com`. */
  endpoint: "SEMANTEST_PUSH_ENDPOINT",
  /** AWS: the connection registry's DynamoDB table. */
  table: "SEMANTEST_PUSH_TABLE",
  /** AWS: the region of the table and the WebSocket API. */
  region: "SEMANTEST_PUSH_REGION",
  /** Azure: the Web PubSub hub. */
  hub: "SEMANTEST_PUSH_HUB",
  /** REST on AWS -> Web PubSub: the Microsoft Entra tenant of the user-assigned identity the function federates into. */
  tenantId: "SEMANTEST_PUSH_TENANT_ID",
  /** REST on AWS -> Web PubSub: that identity's client id (it holds Web PubSub Service Owner on the service). */
  clientId: "SEMANTEST_PUSH_CLIENT_ID",
  /** Local gateway only: a local Microsoft Entra token endpoint instead of `https://login.microsoftonline.com`. */
  authorityHost: "SEMANTEST_PUSH_AUTHORITY_HOST",
  /** REST on Azure -> API Gateway: the Key Vault secret URI holding `{"accessKeyId","secretAccessKey"}`. */
  credentialUri: "SEMANTEST_PUSH_CREDENTIAL_URI",
} as const;

/**
 * REST on AWS -> Web PubSub without a key: the Lambda's role gets a JWT from AWS STS
 * (`GetWebIdentityToken`, IAM outbound identity federation) and exchanges it at Microsoft Entra ID
 * for a token of a user-assigned managed identity whose federated identity credential trusts that
 * role. What the token must carry, on both sides:
 */
export const PUSH_FEDERATION = {
  /**
   * The audience Entra ID expects in an external token ("should be set to api://AzureADTokenExchange
   * for Microsoft Entra ID": Microsoft Graph, "federatedIdentityCredential resource type"); the
   * federated credential's only audience and the one the role may request (sts:IdentityTokenAudience).
   */
  audience: "api://AzureADTokenExchange",
  /**
   * "Only issuers that provide tokens signed using the RS256 algorithm are supported for token
   * exchange" (Microsoft Entra, "Important considerations and restrictions for federated identity
   * credentials"); STS offers RS256 and ES384 (GetWebIdentityTokenRequest.SigningAlgorithm).
   */
  signingAlgorithm: "RS256",
  /** The shortest STS allows is 60 s, its default 300 s: the token is only exchanged, at once. */
  durationSeconds: 300,
} as const;

export const PUSH_PROVIDERS = ["aws", "azure"] as const;
export type PushProvider = (typeof PUSH_PROVIDERS)[number];

/** The AWS credential a REST function on Azure reads from Key Vault (the secret's JSON value). */
export interface AwsPushCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export class PushConfigurationError extends Error {
  readonly code = "PUSH_CONFIGURATION_INVALID" as const;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The push settings, or undefined when the stack has no WebSocket component; throws naming a missing/invalid one. */
export function pushSettings(env: Env): { provider: PushProvider; get(name: keyof typeof PUSH_ENV): string; optional(name: keyof typeof PUSH_ENV): string | undefined } | undefined {
  const provider = env[PUSH_ENV.provider];
  if (provider === undefined || provider === "") return undefined;
  if (!(PUSH_PROVIDERS as readonly string[]).includes(provider)) {
    throw new PushConfigurationError(`${PUSH_ENV.provider}: ${JSON.stringify(provider)} is not a provider; allowed: ${PUSH_PROVIDERS.join(", ")}`);
  }
  return {
    provider: provider as PushProvider,
    get(name) {
      const value = env[PUSH_ENV[name]];
      if (!value) throw new PushConfigurationError(`${PUSH_ENV[name]} is not set; a REST function pushing to WebSocket connections on ${provider} needs it`);
      return value;
    },
    optional: (name) => env[PUSH_ENV[name]] || undefined,
  };
}

/** Parses the Key Vault secret's value; the error never quotes the value (it is a credential). */
export function parseAwsPushCredential(text: string): AwsPushCredential {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PushConfigurationError(`the secret at ${PUSH_ENV.credentialUri} is not JSON; expected {"accessKeyId","secretAccessKey"}`);
  }
  const { accessKeyId, secretAccessKey } = (value ?? {}) as Record<string, unknown>;
  if (typeof accessKeyId !== "string" || !accessKeyId || typeof secretAccessKey !== "string" || !secretAccessKey) {
    throw new PushConfigurationError(`the secret at ${PUSH_ENV.credentialUri} lacks accessKeyId or secretAccessKey; expected {"accessKeyId","secretAccessKey"}`);
  }
  return { accessKeyId, secretAccessKey };
}

/**
 * What the program (components/push) and the REST hosts' push adapters (runtime/aws/push.ts,
 * runtime/azure/push.ts) agree on: the settings a REST function gets so it can reach the stack's
 * WebSocket connections, wherever they are. No SDK imports: the Pulumi program reads this file.
 *
 * Only where a credential is (a Secrets Manager ARN, a Key Vault secret URI) is ever set, never a
 * credential: the adapters read it at cold start with the function's own identity.
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
  /** REST on AWS -> Web PubSub: the Secrets Manager secret (ARN) holding the Web PubSub connection string. */
  credentialArn: "SEMANTEST_PUSH_CREDENTIAL_ARN",
  /** REST on Azure -> API Gateway: the Key Vault secret URI holding `{"accessKeyId","secretAccessKey"}`. */
  credentialUri: "SEMANTEST_PUSH_CREDENTIAL_URI",
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

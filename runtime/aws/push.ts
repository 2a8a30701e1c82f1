/**
 * The REST Lambda's connections (the `PushConnections` port), from its environment
 * (runtime/shared/push-contract.ts, set by components/push):
 *
 * - WebSocket on AWS: the registry table and the `@connections` endpoint, with the function's own
 *   role (its policy allows Query/BatchWriteItem on that table and ManageConnections on that stage).
 * - WebSocket on Azure: the Web PubSub connection string, read once per execution environment from
 *   Secrets Manager (the ARN is in the environment, `secretsmanager:GetSecretValue` on that ARN
 *   only is in the role), never from the environment itself.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { PushConnections } from "../../app/websocket/port";
import { lazyPushConnections } from "../shared/lazy-push";
import { PushConfigurationError, pushSettings } from "../shared/push-contract";
import { apiGatewayConnections } from "./api-gateway-push";

type Env = Readonly<Record<string, string | undefined>>;

/** The connections the REST app gets; undefined when the stack has no WebSocket component. */
export function pushFromEnv(env: Env): PushConnections | undefined {
  const settings = pushSettings(env);
  if (!settings) return undefined;
  if (settings.provider === "aws") {
    const region = settings.get("region");
    return apiGatewayConnections({ endpoint: settings.get("endpoint"), tableName: settings.get("table"), region });
  }
  const arn = settings.get("credentialArn");
  const hub = settings.get("hub");
  return lazyPushConnections(async () => {
    const connectionString = await readSecretString(arn);
    const { webPubSubConnections } = await import("../azure/web-pubsub-client");
    return webPubSubConnections(connectionString, hub);
  });
}

/** One secret's string value, with the function's own role. */
export async function readSecretString(arn: string, client = new SecretsManagerClient({})): Promise<string> {
  const result = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (typeof result.SecretString !== "string" || result.SecretString === "") {
    throw new PushConfigurationError(`the secret ${arn} has no string value; the program stores the Web PubSub connection string there`);
  }
  return result.SecretString;
}

/**
 * The REST Lambda's connections (the `PushConnections` port), from its environment
 * (runtime/shared/push-contract.ts, set by components/push):
 *
 * - WebSocket on AWS: the registry table and the `@connections` endpoint, with the function's own
 *   role (its policy allows Query/BatchWriteItem on that table and ManageConnections on that stage).
 * - WebSocket on Azure: no key. The role's STS web identity token is exchanged for the Entra token
 *   of a user-assigned identity that holds "Web PubSub Service Owner" on the service
 *   (./push-federation.ts); the environment holds the endpoint, hub, tenant and client id only.
 */
import type { PushConnections } from "../../app/websocket/port";
import { lazyPushConnections } from "../shared/lazy-push";
import { pushSettings } from "../shared/push-contract";
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
  const endpoint = settings.get("endpoint");
  const hub = settings.get("hub");
  const federation = { tenantId: settings.get("tenantId"), clientId: settings.get("clientId"), authorityHost: settings.optional("authorityHost") };
  return lazyPushConnections(async () => {
    const [{ federatedCredential }, { webPubSubConnectionsWithIdentity }] = await Promise.all([import("./push-federation"), import("../azure/web-pubsub-client")]);
    return webPubSubConnectionsWithIdentity(endpoint, federatedCredential(federation), hub);
  });
}

/**
 * The `Connections` port (app/websocket/port.ts) on Azure Web PubSub, through the service SDK
 * (@azure/web-pubsub `WebPubSubServiceClient`, i.e. the service's REST API).
 *
 * Topics are Web PubSub groups named `topic:<name>`. Every connection also joins the group
 * `connections` when it connects (the connect response's `groups`), because the service has no
 * hub-wide "list connections": listing that group is how `broadcast` knows how many it reached.
 * Web PubSub sends are fire-and-forget (202), so `delivered` counts the connections the service
 * holds at send time, which is what API Gateway's and the local host's counts mean too.
 */
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import type { BroadcastOptions, BroadcastResult, Connections } from "../../app/websocket/port";
import { parseConnectionString } from "./cloud-events";

/** The group every connection joins on connect. */
export const ALL_CONNECTIONS_GROUP = "connections";

/** Web PubSub group of a topic (kept apart from the `connections` group by the prefix). */
export function topicGroup(topic: string): string {
  return `topic:${topic}`;
}

/** The SDK's RestError carries the HTTP status; 404 means the connection no longer exists. */
function isGone(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { statusCode?: unknown }).statusCode === 404;
}

export class WebPubSubConnections implements Connections {
  /**
   * `siblings`: the service's other hubs during a release in progress (runtime/azure/canary.ts):
   * a broadcast reaches the connections of every version, and a call about one connection goes to
   * the hub that holds it.
   */
  constructor(
    private readonly client: WebPubSubServiceClient,
    private readonly siblings: readonly WebPubSubServiceClient[] = [],
  ) {}

  /** The hub holding a connection: this app's own unless a sibling has it (one lookup per hub, only with siblings). */
  private async hubOf(connectionId: string): Promise<WebPubSubServiceClient> {
    if (this.siblings.length === 0) return this.client;
    for (const candidate of [this.client, ...this.siblings]) {
      if (await candidate.connectionExists(connectionId)) return candidate;
    }
    return this.client;
  }

  async send(connectionId: string, data: string): Promise<void> {
    try {
      await (await this.hubOf(connectionId)).sendToConnection(connectionId, data, { contentType: "text/plain" });
    } catch (error) {
      if (!isGone(error)) throw error; // a connection that is gone is not an error (port contract)
    }
  }

  async broadcast(data: string, options: BroadcastOptions = {}): Promise<BroadcastResult> {
    const groupName = options.topic === undefined ? ALL_CONNECTIONS_GROUP : topicGroup(options.topic);
    const except = new Set(options.except ?? []);
    let delivered = 0;
    // Every hub of the service: during a release both versions' connections get each broadcast.
    for (const client of [this.client, ...this.siblings]) {
      const group = client.group(groupName);
      let here = 0;
      for await (const member of await group.listConnections()) {
        if (!except.has(member.connectionId)) here++;
      }
      if (here === 0) continue;
      await group.sendToAll(data, { contentType: "text/plain", ...(except.size > 0 ? { excludedConnections: [...except] } : {}) });
      delivered += here;
    }
    return { delivered, gone: 0 };
  }

  async close(connectionId: string, reason?: string): Promise<void> {
    try {
      await (await this.hubOf(connectionId)).closeConnection(connectionId, reason === undefined ? {} : { reason });
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }

  async subscribe(connectionId: string, topic: string): Promise<void> {
    await (await this.hubOf(connectionId)).group(topicGroup(topic)).addConnection(connectionId);
  }

  async unsubscribe(connectionId: string, topic: string): Promise<void> {
    await (await this.hubOf(connectionId)).group(topicGroup(topic)).removeConnection(connectionId);
  }
}

/** How the app reaches its Web PubSub service, from the Function App's settings (components/azure/websocket.ts). */
export interface WebPubSubAccess {
  readonly client: WebPubSubServiceClient;
  /** `https://<service>.webpubsub.azure.com` */
  readonly endpoint: URL;
  /** Every access key the app knows: an event is genuine when `ce-signature` matches one of them. */
  readonly accessKeys: readonly string[];
  /** How REST calls authenticate: the app's managed identity, or the connection string's key. */
  readonly auth: "identity" | "key";
  /** A client for another hub of the same service, authenticated the same way (canary hubs). */
  clientFor(hub: string): WebPubSubServiceClient;
}

/**
 * Key rotation. Regenerating the primary key used to break every REST call and every signature
 * check until the next `up` (the app only held the primary connection string). Now:
 *
 * - REST calls (send, groups, close, client tokens) authenticate as the app's user-assigned
 *   identity (`AZURE_CLIENT_ID`, role Web PubSub Service Owner on the service) through
 *   `@azure/identity`'s ManagedIdentityCredential: no key involved, so no key rotation breaks
 *   them. Without `WEBPUBSUB_ENDPOINT` and `AZURE_CLIENT_ID` (the local host, tests) the client
 *   uses the connection string as before.
 * - Upstream signatures: the service signs each event with both keys
 *   (`ce-signature: sha256=<primary>,sha256=<secondary>`, Microsoft Learn "CloudEvents extension
 *   for Azure Web PubSub event listener with HTTP protocol"), and the app knows both
 *   (`WEBPUBSUB_SECONDARY_CONNECTION_STRING`), so regenerating either one leaves the other matching
 *   until the next `up` hands the app the new pair. Rotate one key at a time.
 */
export function webPubSubAccess(env: Readonly<Record<string, string | undefined>>, hub: string): WebPubSubAccess {
  const connectionString = env.WEBPUBSUB_CONNECTION_STRING;
  if (!connectionString) return identityOnlyAccess(env, hub);
  const { endpoint, accessKey } = parseConnectionString(connectionString);
  const secondary = env.WEBPUBSUB_SECONDARY_CONNECTION_STRING ? parseConnectionString(env.WEBPUBSUB_SECONDARY_CONNECTION_STRING).accessKey : undefined;
  const accessKeys = [accessKey, ...(secondary && secondary !== accessKey ? [secondary] : [])];
  const insecure = endpoint.protocol === "http:"; // a local service emulator only
  const options = insecure ? { allowInsecureConnection: true } : {};
  const identityEndpoint = env.WEBPUBSUB_ENDPOINT;
  const clientId = env.AZURE_CLIENT_ID;
  if (identityEndpoint && clientId) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ManagedIdentityCredential } = require("@azure/identity") as typeof import("@azure/identity");
    const credential = new ManagedIdentityCredential({ clientId });
    const clientFor = (name: string) => new WebPubSubServiceClient(identityEndpoint, credential, name, options);
    return { client: clientFor(hub), endpoint, accessKeys, auth: "identity", clientFor };
  }
  const clientFor = (name: string) => new WebPubSubServiceClient(connectionString, name, options);
  return { client: clientFor(hub), endpoint, accessKeys, auth: "key", clientFor };
}

/**
 * A service without access keys (`disableLocalAuth: true`, components/azure/web-pubsub-auth.ts):
 * no connection string, so REST calls can only be the app's identity, and no key signs upstream
 * events (`accessKeys` is empty: the caller checks upstream tokens instead, upstream-auth.ts).
 */
function identityOnlyAccess(env: Readonly<Record<string, string | undefined>>, hub: string): WebPubSubAccess {
  const endpointSetting = env.WEBPUBSUB_ENDPOINT;
  const clientId = env.AZURE_CLIENT_ID;
  if (!endpointSetting || !clientId) {
    throw new Error("WEBPUBSUB_CONNECTION_STRING is not set, nor are WEBPUBSUB_ENDPOINT and AZURE_CLIENT_ID; the Function App needs the Web PubSub connection string (a secret app setting) or, without local auth, the service endpoint and its own identity's client id");
  }
  let endpoint: URL;
  try {
    endpoint = new URL(endpointSetting);
  } catch {
    throw new Error(`WEBPUBSUB_ENDPOINT ${JSON.stringify(endpointSetting.slice(0, 80))} is not a URL; expected https://<name>.webpubsub.azure.com`);
  }
  // Bearer tokens go over https only (@azure/core-rest-pipeline refuses them on http).
  if (endpoint.protocol !== "https:") throw new Error(`WEBPUBSUB_ENDPOINT ${JSON.stringify(endpointSetting.slice(0, 80))} is not https; identity calls need TLS`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ManagedIdentityCredential } = require("@azure/identity") as typeof import("@azure/identity");
  const credential = new ManagedIdentityCredential({ clientId });
  const clientFor = (name: string) => new WebPubSubServiceClient(endpointSetting, credential, name);
  return { client: clientFor(hub), endpoint, accessKeys: [], auth: "identity", clientFor };
}

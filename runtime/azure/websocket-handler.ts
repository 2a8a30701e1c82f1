/**
 * Web PubSub events -> the app's `onConnect` / `onMessage` / `onDisconnect`, and the `negotiate`
 * function that gives clients their URL. Whatever the app or the caller does, the handler
 * answers: a refused or failed connect gets its status, a bad or failing message gets an error
 * frame, a malformed or unsigned event gets a 4xx.
 */
import type { HttpResponseInit, InvocationContext } from "@azure/functions";
import type { WebPubSubServiceClient } from "@azure/web-pubsub";
import type { ConnectionContext, WebSocketApp } from "../../app/websocket/port";
import { InvocationState } from "../shared/connection-state";
import { abuseProtection, CONNECTION_STATE_HEADER, encodeConnectionState, parseEvent, ParsedEvent, ServiceIdentity } from "./cloud-events";
import { TOPIC_PATTERN } from "../../app/websocket/relay";
import { CANARY_SETTING, chooseHub, parseCanarySetting, parseHubList, reconnectReason, SIBLING_HUBS_SETTING, splitPin, VERSION_STATE_KEY, type CanaryRoute } from "./canary";
import { ALL_CONNECTIONS_GROUP, topicGroup, WebPubSubConnections, webPubSubAccess } from "./connections";
import { jsonError, type AzureHttpHandler } from "./rest-handler";
import { negotiateAuthFromEnv, negotiateIdentity, type NegotiateAuthorizer } from "./auth";
import { createUpstreamVerifier, upstreamTokenFromEnv } from "./upstream-auth";

/** How long a negotiated client token is valid. */
export const TOKEN_MINUTES = 60;

export interface WebSocketHandlerOptions {
  readonly client: WebPubSubServiceClient;
  readonly service: ServiceIdentity;
  /** The service's other hubs (a release in progress): broadcasts reach them too (runtime/azure/canary.ts). */
  readonly siblings?: readonly WebPubSubServiceClient[];
  /** Stable app during a release: where `negotiate` sends a share of new connections. */
  readonly canary?: { readonly route: CanaryRoute; readonly client: WebPubSubServiceClient };
  /**
   * The code this app runs (runtime/azure/canary.ts `codeVersion`): each connection is pinned to
   * the version that accepted it; an event of a connection pinned to another version closes it with
   * a reconnect reason instead of reaching the app. Undefined: no pinning.
   */
  readonly version?: string;
  /** With auth: negotiate verifies the caller's token and takes userId and roles from it (runtime/azure/auth.ts). */
  readonly auth?: NegotiateAuthorizer;
  /** The service's custom domain (WEBPUBSUB_CLIENT_HOST): the host of the client URLs negotiate returns. */
  readonly clientHost?: string;
}

/** Options from the Function App's settings (set by components/azure/websocket.ts) and the running code's version. */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>, version?: string): WebSocketHandlerOptions {
  const hub = env.WEBPUBSUB_HUB;
  // Without local auth the service has no keys: upstream events carry an Entra token instead (upstream-auth.ts).
  const upstreamSettings = upstreamTokenFromEnv(env);
  if (!env.WEBPUBSUB_CONNECTION_STRING && !upstreamSettings) {
    throw new Error("WEBPUBSUB_CONNECTION_STRING is not set; the Function App needs the Web PubSub connection string (a secret app setting) or, without local auth, the upstream token settings WEBPUBSUB_UPSTREAM_ISSUER, WEBPUBSUB_UPSTREAM_AUDIENCE, WEBPUBSUB_UPSTREAM_PRINCIPAL_ID");
  }
  if (!hub) throw new Error("WEBPUBSUB_HUB is not set; the Function App needs the Web PubSub hub name");
  // Identity for REST calls, both keys for signatures: key rotation (runtime/azure/connections.ts).
  const access = webPubSubAccess(env, hub);
  // Fail closed: events are never accepted unchecked (no keys and no token settings would be neither).
  if (access.accessKeys.length === 0 && !upstreamSettings) throw new Error("the Function App has no access key and no upstream token settings: it could not tell Web PubSub's events from anyone's");
  // A release in progress (components/azure/websocket-release.ts sets both settings): fail at start,
  // naming the setting, rather than split connections on a misread share.
  const auth = negotiateAuthFromEnv(env);
  const siblings = parseHubList(env[SIBLING_HUBS_SETTING]);
  if (!siblings.ok) throw new Error(siblings.message);
  const canary = parseCanarySetting(env[CANARY_SETTING]);
  if (!canary.ok) throw new Error(canary.message);
  return {
    client: access.client,
    // With a token check, keys are not used for events (the service sends no signature without local auth).
    service: upstreamSettings ? { host: access.endpoint.host, hub, accessKeys: [], upstream: createUpstreamVerifier(upstreamSettings) } : { host: access.endpoint.host, hub, accessKeys: access.accessKeys },
    siblings: siblings.hubs.filter((h) => h.toLowerCase() !== hub.toLowerCase()).map(access.clientFor),
    ...(canary.route ? { canary: { route: canary.route, client: access.clientFor(canary.route.hub) } } : {}),
    ...(version ? { version } : {}),
    ...(auth ? { auth } : {}),
    ...(env.WEBPUBSUB_CLIENT_HOST ? { clientHost: clientHostOf(env.WEBPUBSUB_CLIENT_HOST) } : {}),
  };
}

/** A host name (RFC 1035 labels, as domain/config/custom-domain.ts allows), else a start error naming the setting. */
function clientHostOf(value: string): string {
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(value)) throw new Error(`WEBPUBSUB_CLIENT_HOST ${JSON.stringify(value.slice(0, 80))} is not a host name; allowed: the Web PubSub custom domain, e.g. ws.example.com`);
  return value.toLowerCase();
}

export interface WebSocketHandlers {
  /** `POST|OPTIONS /webpubsub/events`: the hub's event handler. */
  readonly events: AzureHttpHandler;
  /** `GET|POST /negotiate`: `{ url, baseUrl, token }` for a client. */
  readonly negotiate: AzureHttpHandler;
}

export function createWebSocketHandlers(loadApp: () => Promise<WebSocketApp>, loadOptions: () => WebSocketHandlerOptions): WebSocketHandlers {
  let ready: Promise<{ app: WebSocketApp; options: WebSocketHandlerOptions; connections: WebPubSubConnections }> | undefined;
  const start = () =>
    (ready ??= (async () => {
      const options = loadOptions();
      return { app: await loadApp(), options, connections: new WebPubSubConnections(options.client, options.siblings ?? []) };
    })().catch((error: unknown) => {
      ready = undefined; // retry on the next event
      throw error;
    }));

  const events: AzureHttpHandler = async (request, context): Promise<HttpResponseInit> => {
    let state: Awaited<ReturnType<typeof start>>;
    try {
      state = await start();
    } catch (error) {
      context.error(JSON.stringify({ level: "error", message: "app failed to load", error: String(error) }));
      return jsonError(500, "app_unavailable", "the application failed to start");
    }
    const headers = (name: string) => request.headers.get(name);
    if (request.method === "OPTIONS") return abuseProtection(headers, state.options.service);
    if (request.method !== "POST") return { status: 405, headers: { allow: "OPTIONS, POST" } };
    const upstream = state.options.service.upstream;
    if (upstream) {
      const checked = await upstream.verify(request.headers.get("authorization"));
      if (!checked.ok) return { status: checked.status, headers: { "content-type": "text/plain", "www-authenticate": checked.wwwAuthenticate }, body: checked.message };
    }
    const parsed = parseEvent(headers, Buffer.from(await request.arrayBuffer()), state.options.service);
    if (!parsed.ok) return { status: parsed.status, headers: { "content-type": "text/plain" }, body: parsed.message };
    return dispatch(parsed.event, state.app, state.connections, context, state.options.version);
  };

  const negotiate: AzureHttpHandler = async (request, context): Promise<HttpResponseInit> => {
    let state: Awaited<ReturnType<typeof start>>;
    try {
      state = await start();
    } catch (error) {
      context.error(JSON.stringify({ level: "error", message: "negotiate failed to start", error: String(error) }));
      return jsonError(500, "app_unavailable", "the application failed to start");
    }
    if (request.method !== "GET" && request.method !== "POST") return { status: 405, headers: { allow: "GET, POST" } };
    const userId = request.query.get("userId") ?? undefined;
    if (userId !== undefined && !/^[A-Za-z0-9._@:-]{1,128}$/.test(userId)) {
      return jsonError(400, "invalid_user_id", `userId ${JSON.stringify(userId.slice(0, 40))} is not 1-128 letters, digits or . _ @ : -`);
    }
    const topics = request.query.getAll("topic");
    const badTopic = topics.find((topic) => !TOPIC_PATTERN.test(topic));
    if (badTopic !== undefined) return jsonError(400, "invalid_topic", `topic ${JSON.stringify(badTopic.slice(0, 40))} is not 1-128 letters, digits or . _ : -`);
    const identity = state.options.auth ? await negotiateIdentity(state.options.auth, request, userId, topics) : undefined;
    if (identity && !identity.ok) return identity.response;
    const connectionUser = identity?.userId ?? userId;
    // The connection's version for its whole life: the hub its token is for (runtime/azure/canary.ts).
    const { hub, client } = assignHub(state.options, connectionUser);
    // The SDK builds client URLs from the service endpoint; with a custom domain, clients reach the
    // service on that domain in place of <name>.webpubsub.azure.com (Microsoft Learn, Azure Web
    // PubSub, "Add a custom domain").
    const host = state.options.clientHost;
    const onClientHost = (url: string) => (host ? url.replace(/^wss?:\/\/[^/]+/, `wss://${host}`) : url);
    const token = await client.getClientAccessToken({ userId: connectionUser, roles: identity ? [...identity.roles] : clientRoles(topics), expirationTimeInMinutes: TOKEN_MINUTES });
    return {
      status: 200,
      headers: { "content-type": "application/json", "cache-control": "no-store", [HUB_HEADER]: hub },
      body: JSON.stringify({ url: onClientHost(token.url), baseUrl: onClientHost(token.baseUrl), token: token.token, expiresInMinutes: TOKEN_MINUTES }),
    };
  };

  return { events, negotiate };
}

/** Names the hub (so the version) a negotiated client was assigned, for clients and tests that log it. */
export const HUB_HEADER = "x-semantest-hub";

/** The hub (and its client) of a new connection: the canary's by its share, else this app's own. */
export function assignHub(options: Pick<WebSocketHandlerOptions, "client" | "service" | "canary">, key: string | undefined): { hub: string; client: WebPubSubServiceClient } {
  const canary = options.canary;
  const hub = chooseHub(options.service.hub, canary?.route, key);
  return canary && hub === canary.route.hub ? { hub, client: canary.client } : { hub: options.service.hub, client: options.client };
}

/**
 * The roles a negotiated client gets (Microsoft Learn, "Client protocols: permissions"): join/leave
 * and publish to the groups of the topics it asked for (`?topic=a&topic=b`), nothing else. A
 * `json.webpubsub.azure.v1` client can then `joinGroup("topic:a")` / `sendToGroup("topic:a")`
 * itself; it can never join the all-connections group or another client's topic. Without topics it
 * has no roles and talks to the app through events only.
 */
export function clientRoles(topics: readonly string[]): string[] {
  return [...new Set(topics)].flatMap((topic) => [`webpubsub.joinLeaveGroup.${topicGroup(topic)}`, `webpubsub.sendToGroup.${topicGroup(topic)}`]);
}

async function dispatch(event: ParsedEvent, app: WebSocketApp, connections: WebPubSubConnections, context: InvocationContext, version?: string): Promise<HttpResponseInit> {
  const base: ConnectionContext = { connectionId: event.connectionId, connections, query: {}, requestId: context.invocationId, ...(event.userId ? { userId: event.userId } : {}) };
  // The version pin travels in the connection state under a key of its own, hidden from the app.
  const fail = (what: string, error: unknown) => context.error(JSON.stringify({ level: "error", message: `${what} failed`, connectionId: event.connectionId, error: String(error) }));
  const { pinned, state: appState } = splitPin(event.state);
  const carried = async () => ({ ...appState });
  // The answer to connect and to a user event replaces the connection's state (when the app changed
  // it); connect always answers with the pin when this app knows its version.
  const stateHeader = (state: InvocationState, pin = false): Record<string, string> => {
    const changed = state.changed();
    if (!changed && !pin) return {};
    const next = { ...(changed ?? appState), ...(version && (pin || pinned) ? { [VERSION_STATE_KEY]: pin ? version : pinned } : {}) };
    return { [CONNECTION_STATE_HEADER]: encodeConnectionState(next) };
  };
  if (version && pinned !== undefined && pinned !== version && (event.kind === "message" || event.kind === "connected")) {
    // Accepted by another version of the code (the app was updated under it): never mix versions
    // within one connection; the client reconnects through negotiate to a current version.
    try {
      await connections.close(event.connectionId, reconnectReason("the version serving this connection was replaced"));
    } catch (error) {
      fail("closing a connection of a replaced version", error);
    }
    context.log(JSON.stringify({ level: "info", message: "closed a connection pinned to another version", connectionId: event.connectionId, pinned, version }));
    return { status: 204 };
  }
  switch (event.kind) {
    case "connect": {
      try {
        const state = new InvocationState(carried);
        const decision = await app.onConnect({ ...base, query: event.query, state });
        if (decision.accept) {
          return { status: 200, headers: { "content-type": "application/json", ...stateHeader(state, true) }, body: JSON.stringify({ groups: [ALL_CONNECTIONS_GROUP], ...(event.userId ? { userId: event.userId } : {}) }) };
        }
        const status = decision.status >= 400 && decision.status < 600 ? decision.status : 403;
        return { status, headers: { "content-type": "text/plain" }, body: decision.reason };
      } catch (error) {
        fail("onConnect", error);
        return { status: 500, headers: { "content-type": "text/plain" }, body: "the application failed to accept the connection" };
      }
    }
    case "connected":
      // A notification: the connection is open, so onConnected can greet it.
      try {
        await app.onConnected?.({ ...base, state: new InvocationState(carried, "onConnected") });
      } catch (error) {
        fail("onConnected", error);
      }
      return { status: 204 };
    case "disconnected":
      try {
        await app.onDisconnect({ ...base, state: new InvocationState(carried, "onDisconnect"), ...(event.reason ? { reason: event.reason } : {}) });
      } catch (error) {
        fail("onDisconnect", error); // the connection is gone either way; the service ignores the answer
      }
      return { status: 204 };
    case "message":
      try {
        const state = new InvocationState(carried);
        await app.onMessage({ ...base, state }, event.data);
        return { status: 204, headers: stateHeader(state) };
      } catch (error) {
        fail("onMessage", error);
        // A user event's 200 body goes back to the sending client: the error frame.
        return { status: 200, headers: { "content-type": "text/plain" }, body: JSON.stringify({ type: "error", code: "INTERNAL", message: "the message could not be handled" }) };
      }
  }
}

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
import { ALL_CONNECTIONS_GROUP, topicGroup, WebPubSubConnections, webPubSubAccess } from "./connections";
import { jsonError, type AzureHttpHandler } from "./rest-handler";
import { negotiateAuthFromEnv, negotiateIdentity, type NegotiateAuthorizer } from "./auth";

/** How long a negotiated client token is valid. */
export const TOKEN_MINUTES = 60;

export interface WebSocketHandlerOptions {
  readonly client: WebPubSubServiceClient;
  readonly service: ServiceIdentity;
  /** With auth: negotiate verifies the caller's token and takes userId and roles from it (runtime/azure/auth.ts). */
  readonly auth?: NegotiateAuthorizer;
}

/** Options from the Function App's settings (set by components/azure/websocket.ts). */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): WebSocketHandlerOptions {
  const hub = env.WEBPUBSUB_HUB;
  if (!env.WEBPUBSUB_CONNECTION_STRING) throw new Error("WEBPUBSUB_CONNECTION_STRING is not set; the Function App needs the Web PubSub connection string (a secret app setting)");
  if (!hub) throw new Error("WEBPUBSUB_HUB is not set; the Function App needs the Web PubSub hub name");
  // Identity for REST calls, both keys for signatures: key rotation (runtime/azure/connections.ts).
  const access = webPubSubAccess(env, hub);
  const auth = negotiateAuthFromEnv(env);
  return { client: access.client, service: { host: access.endpoint.host, hub, accessKeys: access.accessKeys }, ...(auth ? { auth } : {}) };
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
      return { app: await loadApp(), options, connections: new WebPubSubConnections(options.client) };
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
    const parsed = parseEvent(headers, Buffer.from(await request.arrayBuffer()), state.options.service);
    if (!parsed.ok) return { status: parsed.status, headers: { "content-type": "text/plain" }, body: parsed.message };
    return dispatch(parsed.event, state.app, state.connections, context);
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
    const token = await state.options.client.getClientAccessToken({ userId: identity?.userId ?? userId, roles: identity ? [...identity.roles] : clientRoles(topics), expirationTimeInMinutes: TOKEN_MINUTES });
    return {
      status: 200,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
      body: JSON.stringify({ url: token.url, baseUrl: token.baseUrl, token: token.token, expiresInMinutes: TOKEN_MINUTES }),
    };
  };

  return { events, negotiate };
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

async function dispatch(event: ParsedEvent, app: WebSocketApp, connections: WebPubSubConnections, context: InvocationContext): Promise<HttpResponseInit> {
  const base: ConnectionContext = { connectionId: event.connectionId, connections, query: {}, requestId: context.invocationId, ...(event.userId ? { userId: event.userId } : {}) };
  const carried = async () => ({ ...event.state });
  // The answer to connect and to a user event replaces the connection's state (when the app changed it).
  const stateHeader = (state: InvocationState): Record<string, string> => {
    const changed = state.changed();
    return changed ? { [CONNECTION_STATE_HEADER]: encodeConnectionState(changed) } : {};
  };
  const fail = (what: string, error: unknown) => context.error(JSON.stringify({ level: "error", message: `${what} failed`, connectionId: event.connectionId, error: String(error) }));
  switch (event.kind) {
    case "connect": {
      try {
        const state = new InvocationState(carried);
        const decision = await app.onConnect({ ...base, query: event.query, state });
        if (decision.accept) {
          return { status: 200, headers: { "content-type": "application/json", ...stateHeader(state) }, body: JSON.stringify({ groups: [ALL_CONNECTIONS_GROUP], ...(event.userId ? { userId: event.userId } : {}) }) };
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

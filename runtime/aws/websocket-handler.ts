/**
 * API Gateway WebSocket events -> the app's `onConnect` / `onMessage` / `onDisconnect`
 * (app/websocket/port.ts). Whatever the app or the client does, the handler answers: a refused or
 * failed `$connect` gets its status, a bad or failing message gets an error frame, and the
 * registry is cleaned on `$disconnect` even when the app throws.
 */
import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import type { ConnectionContext, Connections, WebSocketApp } from "../../app/websocket/port";
import { InvocationState } from "../shared/connection-state";
import { ApiGatewayConnections, MAX_MESSAGE_BYTES } from "./connections";
import { CONNECTION_TTL_SECONDS, WEBSOCKET_ENV } from "./contract";
import { ConnectionRegistry } from "./registry";

export { WEBSOCKET_ENV } from "./contract";

/** The fields of an API Gateway WebSocket event this handler reads (API Gateway Developer Guide, WebSocket Lambda integration). */
export interface WebSocketEvent {
  readonly requestContext: {
    readonly routeKey: string;
    readonly eventType: "CONNECT" | "MESSAGE" | "DISCONNECT" | string;
    readonly connectionId: string;
    readonly domainName: string;
    readonly stage: string;
    readonly requestId?: string;
    /** `$disconnect` only: the close code and reason (WebSocket Lambda proxy input). */
    readonly disconnectStatusCode?: number;
    readonly disconnectReason?: string;
    /** With auth: the `$connect` authorizer's context, on every event of the connection (runtime/aws/authorizer.ts). */
    readonly authorizer?: Readonly<Record<string, unknown>> | null;
  };
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | null;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
}

export interface WebSocketResult {
  readonly statusCode: number;
  readonly body?: string;
}

export type WebSocketHandler = (event: WebSocketEvent) => Promise<WebSocketResult>;

export interface WebSocketHandlerOptions {
  readonly registry: ConnectionRegistry;
  /** The management API client for an endpoint (`https://{domainName}/{stage}`). */
  readonly clientFor?: (endpoint: string) => ApiGatewayManagementApiClient;
  /** Replaces the endpoint derived from the event (the local gateway, tests). */
  readonly endpointOverride?: string;
  readonly concurrency?: number;
}

/** The error frame a client gets for input the server cannot take. */
export function errorFrame(code: string, message: string): string {
  return JSON.stringify({ type: "error", code, message });
}

export function optionsFromEnv(env: NodeJS.ProcessEnv): WebSocketHandlerOptions {
  const tableName = env[WEBSOCKET_ENV.table];
  if (!tableName) throw new Error(`${WEBSOCKET_ENV.table} is not set: the WebSocket handler needs its DynamoDB connections table`);
  const ttl = Number(env[WEBSOCKET_ENV.ttlSeconds] ?? CONNECTION_TTL_SECONDS);
  return {
    registry: new ConnectionRegistry({ tableName, ttlSeconds: Number.isInteger(ttl) && ttl > 0 ? ttl : CONNECTION_TTL_SECONDS }),
    endpointOverride: env[WEBSOCKET_ENV.endpoint] || undefined,
  };
}

export function createWebSocketHandler(loadApp: () => Promise<WebSocketApp>, options: WebSocketHandlerOptions): WebSocketHandler {
  const clients = new Map<string, ApiGatewayManagementApiClient>();
  const clientFor = options.clientFor ?? ((endpoint: string) => new ApiGatewayManagementApiClient({ endpoint }));
  let app: Promise<WebSocketApp> | undefined;
  // Connections whose onConnected ran (in this execution environment); the registry decides across environments.
  const greeted = new Set<string>();

  const connectionsFor = (event: WebSocketEvent): Connections => {
    const endpoint = options.endpointOverride ?? `https://${event.requestContext.domainName}/${event.requestContext.stage}`;
    let client = clients.get(endpoint);
    if (!client) clients.set(endpoint, (client = clientFor(endpoint)));
    return new ApiGatewayConnections({ client, registry: options.registry, concurrency: options.concurrency });
  };

  return async (event) => {
    const { eventType, connectionId, requestId } = event.requestContext;
    const connections = connectionsFor(event);
    const userId = event.requestContext.authorizer?.userId;
    const context: ConnectionContext = { connectionId, connections, query: { ...(event.queryStringParameters ?? {}) }, requestId, ...(typeof userId === "string" && userId ? { userId } : {}) };
    let loaded: WebSocketApp;
    try {
      loaded = await (app ??= loadApp());
    } catch (error) {
      app = undefined;
      log("error", "app failed to load", { error: String(error), connectionId });
      if (eventType === "DISCONNECT") await options.registry.remove(connectionId).catch(() => undefined);
      return { statusCode: 500, body: "the application failed to start" };
    }
    switch (eventType) {
      case "CONNECT":
        return connect(loaded, context, options.registry);
      case "MESSAGE":
        return message(loaded, context, event, options.registry, greeted);
      case "DISCONNECT":
        greeted.delete(connectionId);
        return disconnect(loaded, context, event, options.registry);
      default:
        log("warn", "unknown WebSocket event type", { eventType, connectionId });
        return { statusCode: 400, body: `unknown event type ${eventType}` };
    }
  };
}

async function connect(app: WebSocketApp, context: ConnectionContext, registry: ConnectionRegistry): Promise<WebSocketResult> {
  try {
    const state = new InvocationState(async () => ({}));
    const decision = await app.onConnect({ ...context, state });
    if (!decision.accept) return { statusCode: decision.status, body: decision.reason };
    await registry.add(context.connectionId, state.changed() ?? {});
    return { statusCode: 200 };
  } catch (error) {
    log("error", "onConnect failed", { error: String(error), connectionId: context.connectionId });
    return { statusCode: 500, body: "connection refused: internal error" };
  }
}

/**
 * API Gateway cannot post to a connection during `$connect` (the connection exists once it
 * answers) and has no "connected" event. Teams either defer a greeting to a second, asynchronous
 * invocation that waits for the connection (aws-samples/serverless-patterns PR #2780, "Ack connect
 * route") or send it when the client first speaks. This host does the latter: on a connection's
 * first message, `onConnected` runs once (a conditional put in the registry decides "first"
 * across execution environments), so its frames reach the client before the reply to that message.
 */
async function connected(app: WebSocketApp, context: ConnectionContext, registry: ConnectionRegistry, greeted: Set<string>): Promise<void> {
  if (!app.onConnected || greeted.has(context.connectionId)) return;
  greeted.add(context.connectionId);
  if (!(await registry.markConnected(context.connectionId))) return;
  try {
    await app.onConnected({ ...context, state: new InvocationState(() => registry.state(context.connectionId), "onConnected") });
  } catch (error) {
    log("error", "onConnected failed", { error: String(error), connectionId: context.connectionId });
  }
}

async function message(app: WebSocketApp, base: ConnectionContext, event: WebSocketEvent, registry: ConnectionRegistry, greeted: Set<string>): Promise<WebSocketResult> {
  const state = new InvocationState(() => registry.state(base.connectionId));
  const context = { ...base, state };
  const raw = event.body ?? "";
  const data = event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
  const size = Buffer.byteLength(data, "utf8");
  if (size > MAX_MESSAGE_BYTES) {
    await reply(context, errorFrame("MESSAGE_TOO_LARGE", `a message of ${size} bytes is above the ${MAX_MESSAGE_BYTES}-byte limit`));
    return { statusCode: 413 };
  }
  try {
    await connected(app, base, registry, greeted);
    await app.onMessage(context, data);
    const changed = state.changed();
    if (changed) await registry.putState(context.connectionId, changed);
    return { statusCode: 200 };
  } catch (error) {
    log("error", "onMessage failed", { error: String(error), connectionId: context.connectionId });
    await reply(context, errorFrame("INTERNAL", "the server could not handle this message"));
    return { statusCode: 500 };
  }
}

async function disconnect(app: WebSocketApp, base: ConnectionContext, event: WebSocketEvent, registry: ConnectionRegistry): Promise<WebSocketResult> {
  const { disconnectReason, disconnectStatusCode } = event.requestContext;
  const context = {
    ...base,
    state: new InvocationState(() => registry.state(base.connectionId), "onDisconnect"),
    ...(disconnectReason ? { reason: disconnectReason } : {}),
    ...(typeof disconnectStatusCode === "number" ? { code: disconnectStatusCode } : {}),
  };
  try {
    await app.onDisconnect(context);
  } catch (error) {
    log("error", "onDisconnect failed", { error: String(error), connectionId: context.connectionId });
  } finally {
    await registry.remove(context.connectionId);
  }
  return { statusCode: 200 };
}

/** An error frame to the sender; if even that fails (the client left), it is only logged. */
async function reply(context: ConnectionContext, frame: string): Promise<void> {
  try {
    await context.connections.send(context.connectionId, frame);
  } catch (error) {
    log("warn", "could not send an error frame", { error: String(error), connectionId: context.connectionId });
  }
}

function log(level: "error" | "warn", message: string, fields: Record<string, unknown>): void {
  console[level](JSON.stringify({ level, message, ...fields }));
}

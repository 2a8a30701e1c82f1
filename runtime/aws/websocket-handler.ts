/**
 * API Gateway WebSocket events -> the app's `onConnect` / `onMessage` / `onDisconnect`
 * (app/websocket/port.ts). Whatever the app or the client does, the handler answers: a refused or
 * failed `$connect` gets its status, a bad or failing message gets an error frame, and the
 * registry is cleaned on `$disconnect` even when the app throws.
 */
import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import type { ConnectionContext, Connections, WebSocketApp } from "../../app/websocket/port";
import { InvocationState } from "../shared/connection-state";
import { ApiGatewayConnections, DEFAULT_BROADCAST_CONCURRENCY, isGone, MAX_MESSAGE_BYTES } from "./connections";
import { CONNECTION_TTL_SECONDS, WEBSOCKET_ENV } from "./contract";
import { RECONNECT_FRAME_TYPE, type CloseVersionCommand } from "./pinning-contract";
import { lambdaForwarder, markForwarded, ownVersion, PinCache, readReleaseCommand, wasForwarded, type Forward } from "./pinning";
import { forEachLimited } from "./pool";
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

/** What the handler reads of Lambda's context object: the version running (per-connection pinning). */
export interface LambdaContextLike {
  readonly functionVersion?: string;
}

export type WebSocketHandler = (event: WebSocketEvent, context?: LambdaContextLike) => Promise<WebSocketResult>;

export interface WebSocketHandlerOptions {
  readonly registry: ConnectionRegistry;
  /** The management API client for an endpoint (`https://{domainName}/{stage}`). */
  readonly clientFor?: (endpoint: string) => ApiGatewayManagementApiClient;
  /** Replaces the endpoint derived from the event (the local gateway, tests). */
  readonly endpointOverride?: string;
  readonly concurrency?: number;
  /**
   * Runs an event on another version of this function (per-connection pinning, runtime/aws/pinning.ts).
   * Absent: every event is handled where it lands.
   */
  readonly forward?: Forward;
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
    forward: env.AWS_LAMBDA_FUNCTION_NAME ? lambdaForwarder(env.AWS_LAMBDA_FUNCTION_NAME) : undefined,
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

  const pins = new PinCache();

  return async (event, lambdaContext) => {
    const command = readReleaseCommand(event);
    // A malformed command comes from a program bug, not a client: failing makes `pulumi up` say so.
    if (command instanceof Error) throw command;
    if (command) return closeVersion(command, options, clientFor);
    const version = ownVersion(lambdaContext);
    const { eventType, connectionId, requestId } = event.requestContext;
    if (eventType === "DISCONNECT") greeted.delete(connectionId);
    const forwarded = await forwardToPinnedVersion(event, version, options, pins);
    if (forwarded) return forwarded;
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
        if (version) pins.set(connectionId, version);
        return connect(loaded, context, options.registry, version);
      case "MESSAGE":
        return message(loaded, context, event, options.registry, greeted);
      case "DISCONNECT":
        pins.delete(connectionId);
        return disconnect(loaded, context, event, options.registry);
      default:
        log("warn", "unknown WebSocket event type", { eventType, connectionId });
        return { statusCode: 400, body: `unknown event type ${eventType}` };
    }
  };
}

/**
 * An event for a connection another version accepted runs on that version (once: a forwarded event
 * is never forwarded again). undefined = handle it here. When the other version cannot be invoked,
 * this one answers rather than dropping the client's message; the log says so.
 */
async function forwardToPinnedVersion(event: WebSocketEvent, version: string | undefined, options: WebSocketHandlerOptions, pins: PinCache): Promise<WebSocketResult | undefined> {
  const { eventType, connectionId } = event.requestContext;
  if (eventType === "CONNECT" || !options.forward || !version || wasForwarded(event)) return undefined;
  let pinned = pins.get(connectionId);
  if (pinned === undefined) {
    pinned = (await options.registry.versionOf(connectionId).catch(() => undefined)) ?? null;
    pins.set(connectionId, pinned);
  }
  if (pinned === null || pinned === version) return undefined;
  try {
    const result = await options.forward(pinned, markForwarded(event, version));
    if (eventType === "DISCONNECT") pins.delete(connectionId);
    return result;
  } catch (error) {
    log("warn", "could not forward to the connection's version; handled by this one", { error: String(error), connectionId, pinned, version });
    return undefined;
  }
}

/**
 * Closes the connections a version accepted (a rollback's `close-version` command): each gets a
 * `reconnect` frame, then DeleteConnection. API Gateway's DeleteConnection takes no close code or
 * reason (aws/aws-sdk-js#3636) and closes with 1000 "Connection Closed Normally" (boto/boto3#3789,
 * aws/chalice#2060), so the frame is what tells a client why and that reconnecting is right.
 */
async function closeVersion(command: CloseVersionCommand, options: WebSocketHandlerOptions, clientFor: (endpoint: string) => ApiGatewayManagementApiClient): Promise<WebSocketResult> {
  if (command.version === command.keep) return { statusCode: 200, body: JSON.stringify({ version: command.version, closed: 0, failed: 0, note: "the version to close is the one kept: nothing to close" }) };
  const connections = new ApiGatewayConnections({ client: clientFor(options.endpointOverride ?? command.endpoint), registry: options.registry, concurrency: options.concurrency });
  const frame = JSON.stringify({ type: RECONNECT_FRAME_TYPE, reason: command.reason, version: command.version });
  const ids = await options.registry.membersOfVersion(command.version);
  let failed = 0;
  await forEachLimited(ids, options.concurrency ?? DEFAULT_BROADCAST_CONCURRENCY, async (id) => {
    await connections.send(id, frame).catch((error: unknown) => {
      if (!isGone(error)) log("warn", "could not send the reconnect frame", { error: String(error), connectionId: id });
    });
    await connections.close(id).catch((error: unknown) => {
      failed++;
      log("error", "could not close a connection of a retired version", { error: String(error), connectionId: id, version: command.version });
    });
  });
  log("info", "closed the connections of a retired version", { version: command.version, closed: ids.length - failed, failed });
  return { statusCode: 200, body: JSON.stringify({ version: command.version, closed: ids.length - failed, failed }) };
}

async function connect(app: WebSocketApp, context: ConnectionContext, registry: ConnectionRegistry, version?: string): Promise<WebSocketResult> {
  try {
    const state = new InvocationState(async () => ({}));
    const decision = await app.onConnect({ ...context, state });
    if (!decision.accept) return { statusCode: decision.status, body: decision.reason };
    await registry.add(context.connectionId, state.changed() ?? {}, version);
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

function log(level: "error" | "warn" | "info", message: string, fields: Record<string, unknown>): void {
  console[level](JSON.stringify({ level, message, ...fields }));
}

/**
 * API Gateway WebSocket API emulation (API Gateway Developer Guide: "WebSocket APIs", "Quotas for
 * configuring and running a WebSocket API", "Use @connections commands in your backend service"):
 *
 * - clients connect at `ws://host/{stage}`; `$connect` decides (a non-2xx answer refuses the handshake);
 * - route selection on `$request.body.action` (or another `$request.body.*` path); no match -> `$default`;
 * - `$disconnect` after every close, with `disconnectStatusCode` / `disconnectReason`;
 * - `POST|GET|DELETE /{stage}/@connections/{id}` management API, answering as the real one does
 *   (410 GoneException, 413 PayloadTooLargeException, 403 without a SigV4 signature), so the real
 *   `ApiGatewayManagementApiClient` works against it;
 * - limits: 32 KB frames and 128 KB messages (bigger ones close the connection with 1009), binary
 *   frames refused (close 1003), idle timeout 10 minutes, connection duration 2 hours (close 1001).
 */
import { randomBytes } from "crypto";
import type { IncomingMessage, Server, ServerResponse } from "http";
import type { Duplex } from "stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { appendValue, decodeSegment, guardUpgrades, refuseUpgrade, requestUrl, safeHost, safeRecord } from "../safe-input";
import type { InvokeOutcome } from "../worker";
import type { ConnectAuthDecision } from "../auth-decisions";
import { clfTime, readBody, requestId as newRequestId } from "./http-api";

export const WEBSOCKET_API_LIMITS = {
  frameBytes: 32 * 1024,
  messageBytes: 128 * 1024,
  idleSeconds: 600,
  maxConnectionSeconds: 7200,
} as const;

export interface WebSocketApiLimits {
  readonly frameBytes: number;
  readonly messageBytes: number;
  readonly idleSeconds: number;
  readonly maxConnectionSeconds: number;
}

export interface WebSocketApiEvent {
  readonly requestContext: Record<string, unknown> & {
    readonly routeKey: string;
    readonly eventType: "CONNECT" | "MESSAGE" | "DISCONNECT";
    readonly connectionId: string;
    readonly domainName: string;
    readonly stage: string;
    readonly requestId: string;
  };
  readonly headers?: Record<string, string>;
  readonly multiValueHeaders?: Record<string, string[]>;
  readonly queryStringParameters?: Record<string, string>;
  readonly multiValueQueryStringParameters?: Record<string, string[]>;
  readonly body?: string;
  readonly isBase64Encoded: boolean;
}

export interface WebSocketInvocationLog {
  readonly route: string;
  readonly connectionId: string;
  readonly status: number | string;
  readonly ms: number;
  readonly requestId: string;
  readonly error?: string;
}

export interface WebSocketApiEmulatorOptions {
  /** The integration every route calls (the stack routes `$connect`, `$disconnect` and `$default` to one Lambda). */
  readonly invoke: (event: WebSocketApiEvent, requestId: string) => Promise<InvokeOutcome>;
  /** @default "local" */
  readonly stage?: string;
  /** @default "local" */
  readonly apiId?: string;
  /** @default "$request.body.action" */
  readonly routeSelectionExpression?: string;
  /** Route keys besides `$connect`, `$disconnect`, `$default`. @default none (what the stack declares) */
  readonly routes?: readonly string[];
  readonly limits?: Partial<WebSocketApiLimits>;
  readonly onInvocation?: (entry: WebSocketInvocationLog) => void;
  /** Management API calls, for logs. */
  readonly onManagement?: (entry: { method: string; connectionId: string; status: number }) => void;
  /** The `$connect` Lambda authorizer (runtime/local/auth.ts connectAuthorizer); absent = anyone may connect. */
  readonly authorizeConnect?: (event: WebSocketApiEvent, requestId: string) => Promise<ConnectAuthDecision>;
}

interface Connection {
  readonly id: string;
  readonly socket: WebSocket;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  lastActiveAt: number;
  idleTimer?: NodeJS.Timeout;
  durationTimer?: NodeJS.Timeout;
  queue: Promise<void>;
}

/** Connection ids look like API Gateway's: 16 base64 characters ending in `=`, e.g. `L0SM9cOFvHcCIhw=`. */
export function newConnectionId(): string {
  return randomBytes(11).toString("base64").replace(/\+/g, "A").replace(/\//g, "B");
}

/** Evaluates `$request.body.a.b` against a frame; undefined when the frame is not JSON or the path is absent. */
export function selectRoute(expression: string, body: string, routes: ReadonlySet<string>): string {
  const match = /^\$request\.body\.(.+)$/.exec(expression);
  if (!match) return "$default";
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return "$default";
  }
  for (const key of match[1]!.split(".")) {
    if (typeof value !== "object" || value === null) return "$default";
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === "string" && routes.has(value) ? value : "$default";
}

export class ApiGatewayWebSocketEmulator {
  readonly stage: string;
  readonly limits: WebSocketApiLimits;
  private readonly apiId: string;
  private readonly routeSelectionExpression: string;
  private readonly routes: ReadonlySet<string>;
  private readonly connections = new Map<string, Connection>();
  private readonly connecting = new Set<string>();
  /** Each connection's authorizer context: API Gateway passes it on every event of the connection. */
  private readonly authorizers = new Map<string, Record<string, unknown>>();
  private readonly disconnects = new Set<Promise<void>>();
  private readonly wss: WebSocketServer;
  private frameHookAvailable = true;
  /** The subprotocol `$connect` returned for a handshake (ws asks for it in handleProtocols). */
  private readonly chosenProtocols = new WeakMap<IncomingMessage, string>();

  constructor(private readonly options: WebSocketApiEmulatorOptions) {
    this.stage = options.stage ?? "local";
    this.apiId = options.apiId ?? "local";
    this.routeSelectionExpression = options.routeSelectionExpression ?? "$request.body.action";
    this.routes = new Set(options.routes ?? []);
    this.limits = { ...WEBSOCKET_API_LIMITS, ...options.limits };
    // API Gateway answers with the subprotocol `$connect` put in `Sec-WebSocket-Protocol`, and none
    // when it put none (API Gateway Developer Guide, "Working with subprotocols for WebSocket APIs"):
    // a client that requires one then fails its handshake, here as on AWS. ws would otherwise pick
    // the first offered protocol.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.limits.messageBytes,
      perMessageDeflate: false,
      handleProtocols: (_offered, req) => this.chosenProtocols.get(req) ?? false,
    });
  }

  /** Serves the WebSocket endpoint and the management API on `server` (other requests are left alone). */
  attach(server: Server): void {
    guardUpgrades(server, (req, socket, head) => {
      if (!requestUrl(req.url)) return refuseUpgrade(socket, 400, "Bad Request");
      if (!this.handleUpgrade(req, socket, head)) refuseUpgrade(socket, 404, "Not Found");
    });
  }

  /** The ids of the open connections. */
  connectionIds(): string[] {
    return [...this.connections.keys()];
  }

  /** Handles a WebSocket upgrade at `/{stage}`; false when the path is not this API's. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = requestUrl(req.url);
    if (!url || url.pathname.replace(/\/$/, "") !== `/${this.stage}`) return false;
    socket.on("error", () => undefined);
    this.connect(req, socket, head, url).catch(() => refuseUpgrade(socket, 500, "Internal Server Error"));
    return true;
  }

  /** Handles `/{stage}/@connections/{id}`; false when the request is for something else. */
  handleManagement(req: IncomingMessage, res: ServerResponse): boolean {
    const url = requestUrl(req.url);
    const match = url && new RegExp(`^/${escapeRegExp(this.stage)}/@connections/([^/]+)$`).exec(url.pathname);
    if (!match) return false;
    const connectionId = decodeSegment(match[1]!);
    const answered = connectionId === undefined ? this.badConnectionId(req, res, match[1]!) : this.manage(req, res, connectionId);
    answered.catch(() => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ message: "Internal server error" }));
    });
    return true;
  }

  /** Closes every connection (1001 Going Away) and waits for their `$disconnect` invocations. */
  async close(): Promise<void> {
    for (const connection of this.connections.values()) connection.socket.close(1001, "Going away");
    const deadline = Date.now() + 5000;
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const connection of this.connections.values()) connection.socket.terminate();
    await Promise.allSettled([...this.disconnects]);
    this.wss.close();
  }

  private baseContext(route: string, eventType: "CONNECT" | "MESSAGE" | "DISCONNECT", connectionId: string, domainName: string, connectedAt: number, identity: { sourceIp: string; userAgent: string }) {
    const now = Date.now();
    const requestId = newRequestId();
    return {
      requestId,
      context: {
        routeKey: route,
        eventType,
        extendedRequestId: requestId,
        requestTime: clfTime(now),
        messageDirection: "IN",
        stage: this.stage,
        connectedAt,
        requestTimeEpoch: now,
        identity: { sourceIp: identity.sourceIp, userAgent: identity.userAgent },
        requestId,
        domainName,
        connectionId,
        apiId: this.apiId,
        ...(this.authorizers.has(connectionId) ? { authorizer: this.authorizers.get(connectionId) } : {}),
      },
    };
  }

  private async connect(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    const started = Date.now();
    const connectionId = newConnectionId();
    // Keys are what the client sent (`__proto__`, `constructor` included): maps without a prototype.
    const headers = safeRecord<string>();
    const multiValueHeaders = safeRecord<string[]>();
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!;
      const value = req.rawHeaders[i + 1]!;
      headers[name] = value;
      appendValue(multiValueHeaders, name, value);
    }
    const query = safeRecord<string>();
    const multiQuery = safeRecord<string[]>();
    for (const [key, value] of url.searchParams) {
      query[key] = value;
      appendValue(multiQuery, key, value);
    }
    const identity = { sourceIp: (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""), userAgent: req.headers["user-agent"] ?? "" };
    const domainName = safeHost(req.headers.host);
    const { requestId, context } = this.baseContext("$connect", "CONNECT", connectionId, domainName, started, identity);
    const event: WebSocketApiEvent = {
      headers,
      multiValueHeaders,
      ...(url.searchParams.size > 0 ? { queryStringParameters: query, multiValueQueryStringParameters: multiQuery } : {}),
      requestContext: context,
      isBase64Encoded: false,
    };
    this.connecting.add(connectionId);
    let outcome: InvokeOutcome;
    try {
      const authorized = await this.options.authorizeConnect?.(event, requestId);
      if (authorized?.ok) this.authorizers.set(connectionId, authorized.authorizer);
      outcome = authorized && !authorized.ok
        ? { ok: true, result: { statusCode: authorized.status } } as InvokeOutcome // refused before $connect runs
        : await this.options.invoke(authorized?.ok ? { ...event, requestContext: { ...event.requestContext, authorizer: authorized.authorizer } } : event, requestId);
    } finally {
      this.connecting.delete(connectionId);
    }
    const status = outcome.ok ? statusOf(outcome.result) : 500;
    if (status < 200 || status > 299) this.authorizers.delete(connectionId);
    this.log({ route: "$connect", connectionId, status, ms: Date.now() - started, requestId, error: outcome.ok ? undefined : outcome.error.errorMessage });
    if (status < 200 || status > 299) {
      const reason = status === 500 ? "Internal Server Error" : status === 401 ? "Unauthorized" : status === 403 ? "Forbidden" : "Error";
      if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\nx-amzn-requestid: ${requestId}\r\nconnection: close\r\n\r\n${JSON.stringify({ message: reason })}`);
      return;
    }
    const protocol = headerOf(outcome.ok ? outcome.result : undefined, "sec-websocket-protocol");
    if (protocol) this.chosenProtocols.set(req, protocol);
    // `$connect` accepted, so the integration may have registered the connection: whatever happens to
    // the socket from here on, `$disconnect` runs exactly once (issue 14: sockets closed right after
    // the upgrade used to leave their registry items behind for good).
    let opened = false;
    const abandoned = () => {
      if (opened) return;
      opened = true;
      this.track(this.disconnect({ id: connectionId, connectedAt: started, ...identity }, 1006, "", domainName));
    };
    if (socket.destroyed) return abandoned();
    socket.once("close", abandoned);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (opened) return; // closed in between: $disconnect already ran
      opened = true;
      socket.off("close", abandoned);
      this.opened(ws, connectionId, started, identity, domainName);
    });
  }

  private track(work: Promise<void>): void {
    this.disconnects.add(work);
    void work.finally(() => this.disconnects.delete(work));
  }

  private opened(socket: WebSocket, id: string, connectedAt: number, identity: { sourceIp: string; userAgent: string }, domainName: string): void {
    const connection: Connection = { id, socket, connectedAt, lastActiveAt: Date.now(), queue: Promise.resolve(), ...identity };
    this.connections.set(id, connection);
    this.limitFrames(socket);
    const touch = () => {
      connection.lastActiveAt = Date.now();
      clearTimeout(connection.idleTimer);
      connection.idleTimer = setTimeout(() => socket.close(1001, "Going away"), this.limits.idleSeconds * 1000);
    };
    touch();
    connection.durationTimer = setTimeout(() => socket.close(1001, "Going away"), this.limits.maxConnectionSeconds * 1000);
    socket.on("error", () => undefined); // ws closes the socket itself (e.g. 1009); the close handler runs $disconnect
    socket.on("ping", touch);
    socket.on("message", (data: RawData, isBinary: boolean) => {
      touch();
      if (isBinary) {
        // WebSocket APIs do not take binary frames from clients: the connection is closed with 1003.
        socket.close(1003, "Binary frames are not supported");
        return;
      }
      const body = Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.concat(data as Buffer[]).toString("utf8");
      connection.queue = connection.queue.then(() => this.message(connection, body, domainName));
    });
    socket.on("close", (code, reason) => {
      clearTimeout(connection.idleTimer);
      clearTimeout(connection.durationTimer);
      this.connections.delete(id);
      this.track(connection.queue.then(() => this.disconnect(connection, code, reason.toString(), domainName)));
    });
  }

  /** API Gateway also limits single frames (32 KB); ws only limits messages, so its frame reader is checked per frame. */
  private limitFrames(socket: WebSocket): void {
    const receiver = (socket as unknown as { _receiver?: { haveLength?: (cb: (error?: Error) => void) => void; _payloadLength: number; _opcode: number; createError?: (...args: unknown[]) => Error } })._receiver;
    if (!receiver || typeof receiver.haveLength !== "function" || typeof receiver.createError !== "function") {
      this.frameHookAvailable = false;
      return;
    }
    const original = receiver.haveLength;
    const limit = this.limits.frameBytes;
    receiver.haveLength = function (this: typeof receiver, cb: (error?: Error) => void) {
      if (this!._opcode < 0x08 && this!._payloadLength > limit) {
        return cb(this!.createError!(RangeError, "Frame too big", false, 1009, "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH"));
      }
      return original.call(this, cb);
    };
  }

  /** false when this ws version hides its frame reader: only the 128 KB message limit is then enforced. */
  get enforcesFrameLimit(): boolean {
    return this.frameHookAvailable;
  }

  private async message(connection: Connection, body: string, domainName: string): Promise<void> {
    const started = Date.now();
    const route = selectRoute(this.routeSelectionExpression, body, this.routes);
    const { requestId, context } = this.baseContext(route, "MESSAGE", connection.id, domainName, connection.connectedAt, connection);
    const event: WebSocketApiEvent = { requestContext: { ...context, messageId: newRequestId() }, body, isBase64Encoded: false };
    const outcome = await this.options.invoke(event, requestId);
    this.log({ route, connectionId: connection.id, status: outcome.ok ? statusOf(outcome.result) : 500, ms: Date.now() - started, requestId, error: outcome.ok ? undefined : outcome.error.errorMessage });
    if (!outcome.ok && connection.socket.readyState === WebSocket.OPEN) {
      // What API Gateway sends a client when the integration fails.
      connection.socket.send(JSON.stringify({ message: "Internal server error", connectionId: connection.id, requestId }));
    }
  }

  private async disconnect(connection: Pick<Connection, "id" | "connectedAt" | "sourceIp" | "userAgent">, code: number, reason: string, domainName: string): Promise<void> {
    const started = Date.now();
    const { requestId, context } = this.baseContext("$disconnect", "DISCONNECT", connection.id, domainName, connection.connectedAt, connection);
    const event: WebSocketApiEvent = {
      headers: { Host: domainName, "x-api-key": "", "X-Forwarded-For": "", "x-restapi": "" },
      multiValueHeaders: { Host: [domainName], "x-api-key": [""], "X-Forwarded-For": [""], "x-restapi": [""] },
      requestContext: { ...context, disconnectStatusCode: code, disconnectReason: reason || (code === 1005 ? "Client-side close frame status not set" : "") },
      isBase64Encoded: false,
    };
    const outcome = await this.options.invoke(event, requestId).catch((error: unknown): InvokeOutcome => ({ ok: false, kind: "error", error: { errorType: "Error", errorMessage: String(error) } }) as InvokeOutcome);
    this.authorizers.delete(connection.id);
    this.log({ route: "$disconnect", connectionId: connection.id, status: outcome.ok ? statusOf(outcome.result) : 500, ms: Date.now() - started, requestId, error: outcome.ok ? undefined : outcome.error.errorMessage });
  }

  private async manage(req: IncomingMessage, res: ServerResponse, connectionId: string): Promise<void> {
    const answer = (status: number, errorType?: string, message?: string, body?: unknown) => {
      const headers: Record<string, string> = { "x-amzn-requestid": newRequestId(), "content-type": "application/json" };
      if (errorType) headers["x-amzn-errortype"] = errorType;
      res.writeHead(status, headers).end(errorType ? JSON.stringify({ message }) : body === undefined ? undefined : JSON.stringify(body));
      this.options.onManagement?.({ method: req.method ?? "GET", connectionId, status });
    };
    if (!/^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? "")) {
      await readBody(req, 0).catch(() => undefined);
      return answer(403, "ForbiddenException", "Missing Authentication Token");
    }
    const body = await readBody(req, this.limits.messageBytes).catch(() => "aborted" as const);
    if (body === "aborted") return; // the caller closed mid-upload: nobody to answer
    const connection = this.connections.get(connectionId);
    switch (req.method) {
      case "POST": {
        if (!body) return answer(413, "PayloadTooLargeException", `Message size exceeds the ${this.limits.messageBytes}-byte limit`);
        if (!connection || connection.socket.readyState !== WebSocket.OPEN) return answer(410, "GoneException", "");
        await this.sendFramed(connection.socket, body);
        return answer(200);
      }
      case "GET":
        if (!connection) return answer(410, "GoneException", "");
        return answer(200, undefined, undefined, {
          connectedAt: new Date(connection.connectedAt).toISOString(),
          identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
          lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        });
      case "DELETE":
        if (!connection) return answer(410, "GoneException", "");
        connection.socket.close(1000, "Connection closed by the server");
        return answer(204);
      default:
        return answer(405, "MethodNotAllowedException", `${req.method} is not supported on @connections`);
    }
  }

  /** A connection id with a bad percent-encoding (`%ZZ`, a truncated `%E0%A4%A`): 400, as for any id that cannot exist. */
  private async badConnectionId(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    await readBody(req, 0).catch(() => undefined);
    res.writeHead(400, { "x-amzn-requestid": newRequestId(), "x-amzn-errortype": "BadRequestException", "content-type": "application/json" }).end(JSON.stringify({ message: `Invalid connectionId: ${raw.slice(0, 64)}` }));
    this.options.onManagement?.({ method: req.method ?? "GET", connectionId: raw.slice(0, 64), status: 400 });
  }

  /** Messages above the frame size go out in 32 KB fragments, as API Gateway splits them. */
  private sendFramed(socket: WebSocket, data: Buffer): Promise<void> {
    const size = this.limits.frameBytes;
    const chunks = data.length <= size ? [data] : Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.subarray(i * size, (i + 1) * size));
    return new Promise((resolve) => {
      chunks.forEach((chunk, i) => {
        const last = i === chunks.length - 1;
        socket.send(chunk, { binary: false, fin: last }, last ? () => resolve() : undefined);
      });
    });
  }

  private log(entry: WebSocketInvocationLog): void {
    this.options.onInvocation?.(Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as WebSocketInvocationLog);
  }
}

function statusOf(result: unknown): number {
  if (typeof result === "object" && result !== null && typeof (result as { statusCode?: unknown }).statusCode === "number") return (result as { statusCode: number }).statusCode;
  return 200;
}

/** A header of a `$connect` result (`headers` of the proxy result, any case). */
function headerOf(result: unknown, name: string): string | undefined {
  const headers = typeof result === "object" && result !== null ? (result as { headers?: unknown }).headers : undefined;
  if (typeof headers !== "object" || headers === null) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name && (typeof value === "string" || typeof value === "number")) return String(value);
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

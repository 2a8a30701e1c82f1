/**
 * Azure Web PubSub service emulation (Microsoft Learn: "Azure Web PubSub service REST API",
 * "CloudEvents extension for event handler with HTTP protocol", "Client access token"):
 *
 * - client endpoint `ws://host/client/hubs/{hub}?access_token=<JWT>` (HS256 signed with the access
 *   key, audience `<endpoint>/client/hubs/{hub}`), plain WebSocket clients (no subprotocol);
 * - upstream: the hub's event handler gets CloudEvents over HTTP — the abuse-protection `OPTIONS`
 *   first, then `connect` (blocking: 2xx accepts and may name groups/userId, 401/403/4xx refuse),
 *   `connected`, user `message` events (a 200 body goes back to the sender) and `disconnected`,
 *   each signed with `ce-signature: sha256=HMAC(accessKey, connectionId)`;
 * - the service REST API under `/api/hubs/{hub}` that @azure/web-pubsub's WebPubSubServiceClient
 *   calls (send to all / connection / user / group, group membership, list group connections,
 *   close, exists, generateToken), authenticated with the same HS256 bearer tokens;
 * - limits: 1 MB messages (bigger ones close the connection with 1009).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "crypto";
import type { IncomingMessage, Server, ServerResponse } from "http";
import type { Duplex } from "stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { readBody } from "../aws/http-api";
import { appendValue, decodeSegment, guardUpgrades, refuseUpgrade, requestUrl, safeRecord } from "../safe-input";

export const WEB_PUBSUB_MAX_MESSAGE_BYTES = 1024 * 1024;

export interface EventHandlerSettings {
  /** The upstream URL (the Function App's `webpubsub/events` route). */
  readonly url: string;
  /** @default ["connect", "connected", "disconnected"] */
  readonly systemEvents?: readonly string[];
  /** `*` = every user event. @default "*" */
  readonly userEvents?: string;
}

export interface WebPubSubEmulatorOptions {
  readonly accessKey: string;
  /** The event handler of each hub; a hub without one accepts every connection and drops messages. */
  readonly eventHandlers: Readonly<Record<string, EventHandlerSettings>>;
  readonly maxMessageBytes?: number;
  readonly onUpstream?: (entry: { event: string; hub: string; connectionId: string; status: number | string; ms: number; error?: string }) => void;
  readonly onServiceCall?: (entry: { method: string; path: string; status: number }) => void;
}

interface ClientConnection {
  readonly id: string;
  readonly hub: string;
  readonly socket: WebSocket;
  userId?: string;
  queue: Promise<void>;
}

/** base64url without padding. */
function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64").replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** Signs an HS256 JWT (what the service's clients and the SDK do with the access key). */
export function signJwt(claims: Record<string, unknown>, key: string): string {
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify(claims));
  return `${head}.${body}.${b64url(createHmac("sha256", key).update(`${head}.${body}`).digest())}`;
}

/** Verifies an HS256 JWT's signature and expiry; returns its claims or why it is refused. */
export function verifyJwt(token: string, key: string, now = Date.now()): { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "the token is not a JWT" };
  const [head, body, signature] = parts as [string, string, string];
  let header: { alg?: string };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(head, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "the token is not valid JSON" };
  }
  if (header.alg !== "HS256") return { ok: false, reason: `alg ${JSON.stringify(header.alg)} is not HS256` };
  const expected = Buffer.from(b64url(createHmac("sha256", key).update(`${head}.${body}`).digest()));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "the token's signature does not match the access key" };
  if (typeof claims.exp === "number" && claims.exp * 1000 < now) return { ok: false, reason: "the token has expired" };
  return { ok: true, claims };
}

export function cloudEventSignature(connectionId: string, accessKey: string): string {
  return `sha256=${createHmac("sha256", accessKey).update(connectionId).digest("hex")}`;
}

const asArray = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

export class WebPubSubEmulator {
  private endpoint = "http://localhost";
  private readonly connections = new Map<string, ClientConnection>();
  /** `${hub}/${group}` -> connection ids. */
  private readonly groups = new Map<string, Set<string>>();
  private readonly validated = new Map<string, Promise<boolean>>();
  private readonly pendingUpstream = new Set<Promise<unknown>>();
  private readonly wss: WebSocketServer;
  private readonly maxMessageBytes: number;

  constructor(private readonly options: WebPubSubEmulatorOptions) {
    this.maxMessageBytes = options.maxMessageBytes ?? WEB_PUBSUB_MAX_MESSAGE_BYTES;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.maxMessageBytes, perMessageDeflate: false });
  }

  /** The service's endpoint as clients and the SDK see it (`http://127.0.0.1:port`), for tokens. */
  setEndpoint(url: string): void {
    this.endpoint = url.replace(/\/$/, "");
  }

  /** `Endpoint=...;AccessKey=...;Version=1.0;` for this emulator. */
  get connectionString(): string {
    return `Endpoint=${this.endpoint};AccessKey=${this.options.accessKey};Version=1.0;`;
  }

  attach(server: Server): void {
    guardUpgrades(server, (req, socket, head) => {
      if (!requestUrl(req.url)) return refuseUpgrade(socket, 400, "Bad Request");
      if (!this.handleUpgrade(req, socket, head)) refuseUpgrade(socket, 404, "Not Found");
    });
  }

  /** Hub -> connection ids, and group -> members, for diagnostics and tests. */
  snapshot(hub?: string): { connections: string[]; groups: Record<string, string[]> } {
    const connections = [...this.connections.values()].filter((c) => !hub || c.hub === hub).map((c) => c.id).sort();
    const groups: Record<string, string[]> = {};
    for (const [key, members] of this.groups) {
      const [groupHub, ...rest] = key.split("/");
      if (!hub || groupHub === hub) groups[rest.join("/")] = [...members].sort();
    }
    return { connections, groups };
  }

  async close(): Promise<void> {
    for (const connection of this.connections.values()) connection.socket.close(1001, "service shutting down");
    const deadline = Date.now() + 5000;
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await Promise.allSettled([...this.pendingUpstream]);
    this.wss.close();
  }

  // ---- client endpoint -------------------------------------------------------------------------

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = requestUrl(req.url);
    const match = url && /^\/client\/hubs\/([A-Za-z][A-Za-z0-9_`,.[\]]{0,127})\/?$/.exec(url.pathname);
    if (!match) return false;
    socket.on("error", () => undefined);
    this.connect(req, socket, head, match[1]!.toLowerCase(), url).catch(() => refuseUpgrade(socket, 500, "Internal Server Error"));
    return true;
  }

  private async connect(req: IncomingMessage, socket: Duplex, head: Buffer, hub: string, url: URL): Promise<void> {
    const refuse = (status: number, reason: string): void => void socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${reason}`);
    const token = url.searchParams.get("access_token") ?? (req.headers.authorization ?? "").replace(/^Bearer /i, "");
    if (!token) return refuse(401, "Unauthorized: no access_token");
    const verified = verifyJwt(token, this.options.accessKey);
    if (!verified.ok) return refuse(401, `Unauthorized: ${verified.reason}`);
    const audience = String(verified.claims.aud ?? "");
    if (!audience.toLowerCase().endsWith(`/client/hubs/${hub}`)) return refuse(401, `Unauthorized: the token's audience ${audience} is not this hub`);

    const connectionId = b64url(randomBytes(16));
    const userId = typeof verified.claims.sub === "string" ? verified.claims.sub : undefined;
    // Keys are what the client sent (`__proto__`, `constructor` included): maps without a prototype.
    const query = safeRecord<string[]>();
    for (const [key, value] of url.searchParams) if (key !== "access_token") appendValue(query, key, value);
    const headers = safeRecord<string[]>();
    for (let i = 0; i < req.rawHeaders.length; i += 2) appendValue(headers, req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const claims = safeRecord<string[]>();
    for (const [key, value] of Object.entries(verified.claims)) claims[key] = asArray(value);

    let groups = asArray(verified.claims["webpubsub.group"]);
    let finalUserId = userId;
    if (this.handles(hub, "connect")) {
      const answer = await this.upstream(hub, "connect", connectionId, userId, "application/json", JSON.stringify({ claims, query, headers, subprotocols: [], clientCertificates: [] }));
      if (answer.status === 0 || answer.status >= 500) return refuse(500, "Internal Server Error: the event handler failed");
      if (answer.status === 401) return refuse(401, "Unauthorized");
      if (answer.status === 403) return refuse(403, "Forbidden");
      if (answer.status >= 300) return refuse(400, "Bad Request");
      if (answer.status === 200 && answer.body.length > 0) {
        try {
          const decided = JSON.parse(answer.body.toString("utf8")) as { userId?: string; groups?: string[] };
          if (typeof decided.userId === "string") finalUserId = decided.userId;
          if (Array.isArray(decided.groups)) groups = [...groups, ...decided.groups.map(String)];
        } catch {
          return refuse(500, "Internal Server Error: the connect response is not JSON");
        }
      }
    }
    if (socket.destroyed) return;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection: ClientConnection = { id: connectionId, hub, socket: ws, userId: finalUserId, queue: Promise.resolve() };
      this.connections.set(connectionId, connection);
      for (const group of groups) this.join(hub, group, connectionId);
      if (this.handles(hub, "connected")) this.track(this.upstream(hub, "connected", connectionId, finalUserId, "application/json", "{}"));
      ws.on("error", () => undefined);
      ws.on("message", (data: RawData, isBinary: boolean) => {
        const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
        connection.queue = connection.queue.then(() => this.userMessage(connection, bytes, isBinary));
      });
      ws.on("close", (code, reason) => {
        this.connections.delete(connectionId);
        for (const [key, members] of this.groups) {
          members.delete(connectionId);
          if (members.size === 0) this.groups.delete(key);
        }
        if (this.handles(hub, "disconnected")) {
          const why = reason.toString() || (code === 1000 ? "" : `closed with ${code}`);
          this.track(connection.queue.then(() => this.upstream(hub, "disconnected", connectionId, finalUserId, "application/json", JSON.stringify(why ? { reason: why } : {}))));
        }
      });
    });
  }

  private async userMessage(connection: ClientConnection, data: Buffer, isBinary: boolean): Promise<void> {
    if (!this.handles(connection.hub, "message")) return;
    const answer = await this.upstream(connection.hub, "message", connection.id, connection.userId, isBinary ? "application/octet-stream" : "text/plain; charset=utf-8", data);
    if (answer.status === 200 && answer.body.length > 0 && connection.socket.readyState === WebSocket.OPEN) {
      const textual = /^(text\/|application\/json)/i.test(answer.contentType);
      connection.socket.send(textual ? answer.body.toString("utf8") : answer.body);
    }
  }

  private track(work: Promise<unknown>): void {
    this.pendingUpstream.add(work);
    void work.finally(() => this.pendingUpstream.delete(work));
  }

  private handles(hub: string, event: string): boolean {
    const handler = this.options.eventHandlers[hub];
    if (!handler) return false;
    if (event === "message") return (handler.userEvents ?? "*") === "*" || (handler.userEvents ?? "").split(",").map((e) => e.trim()).includes(event);
    return (handler.systemEvents ?? ["connect", "connected", "disconnected"]).includes(event);
  }

  /** The abuse-protection handshake, once per handler URL (as the service does when it is configured). */
  private validate(url: string): Promise<boolean> {
    let check = this.validated.get(url);
    if (!check) {
      const origin = new URL(this.endpoint).host;
      check = fetch(url, { method: "OPTIONS", headers: { "WebHook-Request-Origin": origin } })
        .then((res) => {
          const allowed = (res.headers.get("webhook-allowed-origin") ?? "").split(",").map((o) => o.trim().toLowerCase());
          return res.status === 200 && (allowed.includes("*") || allowed.includes(origin.toLowerCase()));
        })
        .catch(() => false);
      this.validated.set(url, check);
      void check.then((ok) => {
        if (!ok) this.validated.delete(url); // try again on the next event
      });
    }
    return check;
  }

  private async upstream(hub: string, event: string, connectionId: string, userId: string | undefined, contentType: string, body: string | Buffer): Promise<{ status: number; body: Buffer; contentType: string }> {
    const handler = this.options.eventHandlers[hub]!;
    const started = Date.now();
    const system = ["connect", "connected", "disconnected"].includes(event);
    const type = system ? `azure.webpubsub.sys.${event}` : `azure.webpubsub.user.${event}`;
    const report = (status: number | string, error?: string) => this.options.onUpstream?.({ event, hub, connectionId, status, ms: Date.now() - started, ...(error ? { error } : {}) });
    if (!(await this.validate(handler.url))) {
      report("abuse-protection failed", `${handler.url} did not answer the OPTIONS handshake with WebHook-Allowed-Origin`);
      return { status: 0, body: Buffer.alloc(0), contentType: "" };
    }
    try {
      const res = await fetch(handler.url, {
        method: "POST",
        headers: {
          "content-type": contentType,
          "ce-specversion": "1.0",
          "ce-type": type,
          "ce-source": `/hubs/${hub}/client/${connectionId}`,
          "ce-id": randomUUID(),
          "ce-time": new Date().toISOString(),
          "ce-awpsversion": "1.0",
          "ce-hub": hub,
          "ce-connectionId": connectionId,
          ...(userId ? { "ce-userId": userId } : {}),
          "ce-eventName": event,
          "ce-signature": cloudEventSignature(connectionId, this.options.accessKey),
          "WebHook-Request-Origin": new URL(this.endpoint).host,
        },
        body,
      });
      const answer = { status: res.status, body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get("content-type") ?? "" };
      report(res.status);
      return answer;
    } catch (error) {
      report("unreachable", String((error as Error).message));
      return { status: 0, body: Buffer.alloc(0), contentType: "" };
    }
  }

  private join(hub: string, group: string, connectionId: string): void {
    const key = `${hub}/${group}`;
    const members = this.groups.get(key) ?? new Set<string>();
    members.add(connectionId);
    this.groups.set(key, members);
  }

  private leave(hub: string, group: string, connectionId: string): void {
    const key = `${hub}/${group}`;
    const members = this.groups.get(key);
    if (!members) return;
    members.delete(connectionId);
    if (members.size === 0) this.groups.delete(key);
  }

  // ---- service REST API ------------------------------------------------------------------------

  /** Handles `/api/hubs/...`; false for other paths. */
  handleRest(req: IncomingMessage, res: ServerResponse): boolean {
    const url = requestUrl(req.url);
    if (!url || !url.pathname.startsWith("/api/hubs/")) return false;
    this.rest(req, res, url).catch(() => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
    });
    return true;
  }

  /**
   * The service REST API takes service credentials only: an HS256 token signed with the access key
   * whose audience is the request's own URL, as WebPubSubServiceClient signs it (Microsoft Learn,
   * "Azure Web PubSub service REST API: authenticate with an access key"). A client token from
   * negotiate has the audience `<endpoint>/client/hubs/<hub>` and is refused (issue 14: with it, any
   * browser client could broadcast to everyone and close every connection).
   */
  private serviceCredentialProblem(authorization: string | undefined, url: URL): string | undefined {
    const token = (authorization ?? "").replace(/^Bearer /i, "");
    if (!token) return "no bearer token";
    const verified = verifyJwt(token, this.options.accessKey);
    if (!verified.ok) return verified.reason;
    let audience: URL | undefined;
    try {
      audience = typeof verified.claims.aud === "string" ? new URL(verified.claims.aud) : undefined;
    } catch {
      audience = undefined;
    }
    if (!audience || audience.pathname.toLowerCase().replace(/\/$/, "") !== url.pathname.toLowerCase().replace(/\/$/, "")) {
      return `the token's audience ${JSON.stringify(verified.claims.aud)} is not this request's URL: the service REST API takes service tokens signed with the access key, not client tokens`;
    }
    return undefined;
  }

  private async rest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const answer = (status: number, body?: unknown) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      res.writeHead(status, text === undefined ? {} : { "content-type": "application/json" }).end(method === "HEAD" ? undefined : text);
      this.options.onServiceCall?.({ method, path: url.pathname, status });
    };
    const error = (status: number, code: string, message: string) => answer(status, { code, message });
    const refused = this.serviceCredentialProblem(req.headers.authorization, url);
    if (refused) {
      await readBody(req, 0).catch(() => undefined);
      return error(401, "Unauthorized", refused);
    }
    const body = await readBody(req, this.maxMessageBytes).catch(() => "aborted" as const);
    if (body === "aborted") return; // the caller closed mid-upload: nobody to answer
    if (!body) return error(413, "PayloadTooLarge", `the message is larger than ${this.maxMessageBytes} bytes`);
    const decoded = url.pathname.split("/").slice(3).map(decodeSegment); // after /api/hubs
    if (decoded.some((s) => s === undefined)) return error(400, "BadRequest", `the path ${url.pathname.slice(0, 120)} has a malformed percent-encoding`);
    const segments = decoded as string[];
    const hub = (segments.shift() ?? "").toLowerCase();
    const route = `${method} ${segments.map((s, i) => (i % 2 === 1 && !s.startsWith(":") ? "{}" : s)).join("/")}`;
    const excluded = new Set(url.searchParams.getAll("excluded"));
    const deliver = (ids: Iterable<string>) => {
      const textual = /^(text\/|application\/json)/i.test(req.headers["content-type"] ?? "text/plain");
      for (const id of ids) {
        const connection = this.connections.get(id);
        if (!connection || excluded.has(id) || connection.socket.readyState !== WebSocket.OPEN) continue;
        connection.socket.send(textual ? body.toString("utf8") : body, { binary: !textual });
      }
    };
    const inHub = () => [...this.connections.values()].filter((c) => c.hub === hub);
    switch (route) {
      case "POST :send":
        deliver(inHub().map((c) => c.id));
        return answer(202);
      case "POST connections/{}/:send": {
        const connection = this.connections.get(segments[1]!);
        if (!connection || connection.hub !== hub) return error(404, "NotFound", `connection ${segments[1]} does not exist`);
        deliver([connection.id]);
        return answer(202);
      }
      case "POST users/{}/:send":
        deliver(inHub().filter((c) => c.userId === segments[1]).map((c) => c.id));
        return answer(202);
      case "POST groups/{}/:send":
        deliver(this.groups.get(`${hub}/${segments[1]}`) ?? []);
        return answer(202);
      case "PUT groups/{}/connections/{}": {
        const connection = this.connections.get(segments[3]!);
        if (!connection || connection.hub !== hub) return error(404, "NotFound", `connection ${segments[3]} does not exist`);
        this.join(hub, segments[1]!, connection.id);
        return answer(200);
      }
      case "DELETE groups/{}/connections/{}":
        this.leave(hub, segments[1]!, segments[3]!);
        return answer(204);
      case "GET groups/{}/connections": {
        const members = [...(this.groups.get(`${hub}/${segments[1]}`) ?? [])];
        return answer(200, { value: members.map((id) => ({ connectionId: id, userId: this.connections.get(id)?.userId ?? null })) });
      }
      case "HEAD groups/{}":
        return answer(this.groups.has(`${hub}/${segments[1]}`) ? 200 : 404);
      case "POST groups/{}/:closeConnections":
        for (const id of this.groups.get(`${hub}/${segments[1]}`) ?? []) if (!excluded.has(id)) this.connections.get(id)?.socket.close(1000, url.searchParams.get("reason") ?? "");
        return answer(204);
      case "HEAD connections/{}":
        return answer(this.connections.get(segments[1]!)?.hub === hub ? 200 : 404);
      case "DELETE connections/{}": {
        this.connections.get(segments[1]!)?.socket.close(1000, url.searchParams.get("reason") ?? "");
        return answer(204);
      }
      case "DELETE connections/{}/groups":
        for (const key of [...this.groups.keys()]) if (key.startsWith(`${hub}/`)) this.leave(hub, key.slice(hub.length + 1), segments[1]!);
        return answer(204);
      case "POST :closeConnections":
        for (const connection of inHub()) if (!excluded.has(connection.id)) connection.socket.close(1000, url.searchParams.get("reason") ?? "");
        return answer(204);
      case "POST :generateToken": {
        const minutes = Number(url.searchParams.get("minutesToExpire") ?? 60);
        const userId = url.searchParams.get("userId");
        const claims: Record<string, unknown> = {
          aud: `${this.endpoint}/client/hubs/${hub}`,
          iat: Math.floor(Date.now() / 1000),
          exp: Math.floor(Date.now() / 1000) + minutes * 60,
          ...(userId ? { sub: userId } : {}),
          ...(url.searchParams.getAll("role").length ? { role: url.searchParams.getAll("role") } : {}),
          ...(url.searchParams.getAll("group").length ? { "webpubsub.group": url.searchParams.getAll("group") } : {}),
        };
        return answer(200, { token: signJwt(claims, this.options.accessKey) });
      }
      default:
        return error(404, "NotFound", `${method} ${url.pathname} is not an operation of the emulated Web PubSub REST API`);
    }
  }
}

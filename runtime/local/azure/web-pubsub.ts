/**
 * Azure Web PubSub service emulation. Behaviour and sources (Microsoft Learn):
 *
 * - client endpoint `ws://host/client/hubs/{hub}?access_token=<JWT>` ("Client access token": HS256
 *   signed with the access key, audience `<endpoint>/client/hubs/{hub}`, `sub` = user, `role`,
 *   `webpubsub.group`); simple WebSocket clients and the `json.webpubsub.azure.v1` /
 *   `json.reliable.webpubsub.azure.v1` subprotocols ("Azure Web PubSub supported JSON WebSocket
 *   subprotocol", "Create reliable WebSocket clients"): `system/connected` and `disconnected`
 *   messages, acks, group messages, server messages wrapped `from: server`, role checks
 *   ("Client protocols: permissions"), sequence ids and connection recovery;
 * - upstream CloudEvents to the hub's event handler ("CloudEvents extension for Azure Web PubSub
 *   event handler with HTTP protocol"): the abuse-protection `OPTIONS`, `connect` (blocking: 2xx
 *   accepts with `groups` / `userId` / `roles` / `subprotocol`; a 4xx is the client's answer as is),
 *   `connected`, user events (a 2xx body goes back to the client; any other status drops the
 *   connection), `disconnected`; `ce-subprotocol` and the `ce-connectionState` round trip;
 * - the service REST API under `/api/hubs/{hub}` (./service-rest.ts), service credentials only;
 * - local auth off (`localAuth: false`, "Disable local (access key) authentication"): no connection
 *   string, identity tokens only on the REST API, a bearer token instead of `ce-signature` upstream;
 * - limits: 1 MB messages (bigger ones close the connection with 1009).
 */
import { randomBytes, randomUUID } from "crypto";
import type { IncomingMessage, Server, ServerResponse } from "http";
import type { Duplex } from "stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { readBody } from "../aws/http-api";
import { appendValue, decodeSegment, guardUpgrades, refuseUpgrade, requestUrl, safeRecord } from "../safe-input";
import { frames, JSON_RELIABLE_SUBPROTOCOL, parseClientFrame, permits, SERVICE_SUBPROTOCOLS, simplePayload, typedData, upstreamPayload, type ClientFrame, type DataType } from "./client-protocol";
import { b64url, cloudEventSignature, verifyJwt } from "./jwt";
import { WEB_PUBSUB_RESOURCE } from "./identity";
import { serveRest, type ServiceState } from "./service-rest";

export { cloudEventSignature, signJwt, verifyJwt } from "./jwt";

export const WEB_PUBSUB_MAX_MESSAGE_BYTES = 1024 * 1024;
/** How long a dropped reliable connection waits for its client to recover it ("Create reliable WebSocket clients": 1 minute). */
export const RECOVERY_WINDOW_MS = 60_000;

export interface EventHandlerSettings {
  /** The upstream URL (the Function App's `webpubsub/events` route). */
  readonly url: string;
  /** @default ["connect", "connected", "disconnected"] */
  readonly systemEvents?: readonly string[];
  /** `*` = every user event, or a comma-separated list of event names. @default "*" */
  readonly userEvents?: string;
}

export interface WebPubSubEmulatorOptions {
  /**
   * Signs client tokens (`:generateToken`). With local auth it is also the service's access key
   * (connection string, key-signed REST tokens, `ce-signature`); without, it never leaves the emulator.
   */
  readonly accessKey: string;
  /**
   * `false` emulates `disableLocalAuth: true` (Microsoft Learn, "Disable local (access key)
   * authentication with Azure Web PubSub Service"): no connection string, the REST API takes only
   * managed-identity bearer tokens (`identityKey`), and upstream events carry no `ce-signature`
   * but `Authorization: Bearer <upstreamToken(hub)>` (Microsoft Learn, "Managed identities for Azure
   * Web PubSub Service"). @default true
   */
  readonly localAuth?: boolean;
  /** Without local auth: the Entra-like token of the service's identity for one upstream request (runtime/local/azure/upstream-issuer.ts). */
  readonly upstreamToken?: (hub: string) => Promise<string>;
  /**
   * Tokens signed with this key and the audience `https://webpubsub.azure.com` are accepted on the
   * service REST API too: the local managed identity's (./identity.ts), as Entra ID's are in Azure.
   */
  readonly identityKey?: string;
  /** The event handler of each hub; a hub without one accepts every connection and drops messages. */
  readonly eventHandlers: Readonly<Record<string, EventHandlerSettings>>;
  readonly maxMessageBytes?: number;
  readonly onUpstream?: (entry: { event: string; hub: string; connectionId: string; status: number | string; ms: number; error?: string }) => void;
  readonly onServiceCall?: (entry: { method: string; path: string; status: number }) => void;
}

interface ClientConnection {
  readonly id: string;
  readonly hub: string;
  socket?: WebSocket;
  userId?: string;
  readonly roles: Set<string>;
  /** The subprotocol the handshake agreed on, if any. */
  readonly protocol?: string;
  /** The last `ce-connectionState` a blocking event's answer set; sent back on every later event. */
  state?: string;
  queue: Promise<void>;
  /** Reliable protocol: the next sequence id, the messages not acked yet, the ack ids already processed. */
  sequenceId: number;
  unacked: { sequenceId: number; text: string }[];
  readonly ackIds: Set<number>;
  readonly reconnectionToken: string;
  recoveryTimer?: NodeJS.Timeout;
  /** Set once the connection is over for good (no recovery): the reason given to `disconnected`. */
  ended?: string;
}

interface UpstreamAnswer {
  readonly status: number;
  readonly body: Buffer;
  readonly contentType: string;
}

const asArray = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);
const isServiceProtocol = (protocol: string | undefined): boolean => (SERVICE_SUBPROTOCOLS as readonly string[]).includes(protocol ?? "");

export class WebPubSubEmulator implements ServiceState {
  private endpointUrl = "http://localhost";
  private readonly connections = new Map<string, ClientConnection>();
  /** `${hub}/${group}` -> connection ids. */
  private readonly groups = new Map<string, Set<string>>();
  private readonly validated = new Map<string, Promise<boolean>>();
  private readonly pendingUpstream = new Set<Promise<unknown>>();
  private readonly wss: WebSocketServer;
  private readonly maxMessageBytes: number;
  private readonly chosenProtocols = new WeakMap<IncomingMessage, string>();

  constructor(private readonly options: WebPubSubEmulatorOptions) {
    if (options.localAuth === false && !options.upstreamToken) throw new Error("localAuth false needs upstreamToken: without keys the service authenticates upstream events with a token of its identity");
    this.maxMessageBytes = options.maxMessageBytes ?? WEB_PUBSUB_MAX_MESSAGE_BYTES;
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.maxMessageBytes,
      perMessageDeflate: false,
      // The subprotocol is the one the service (or the connect handler) chose, never ws's default pick.
      handleProtocols: (_offered, req) => this.chosenProtocols.get(req) ?? false,
    });
  }

  get endpoint(): string {
    return this.endpointUrl;
  }

  get accessKey(): string {
    return this.options.accessKey;
  }

  /** The service's endpoint as clients and the SDK see it (`http://127.0.0.1:port`), for tokens. */
  setEndpoint(url: string): void {
    this.endpointUrl = url.replace(/\/$/, "");
  }

  /** Whether the service keeps its access keys (WebPubSubEmulatorOptions.localAuth). */
  get localAuth(): boolean {
    return this.options.localAuth !== false;
  }

  /** `Endpoint=...;AccessKey=...;Version=1.0;` for this emulator; none without local auth (the keys are deleted). */
  get connectionString(): string {
    if (!this.localAuth) throw new Error("the emulated Web PubSub service has local auth disabled: it has no access key and no connection string; use a managed identity");
    return `Endpoint=${this.endpointUrl};AccessKey=${this.options.accessKey};Version=1.0;`;
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

  /** Drops a connection's socket without a close frame (a network failure), for recovery tests. */
  dropSocket(connectionId: string): boolean {
    const socket = this.connections.get(connectionId)?.socket;
    socket?.terminate();
    return socket !== undefined;
  }

  async close(): Promise<void> {
    for (const connection of [...this.connections.values()]) {
      if (connection.socket) this.closeConnection(connection, "service shutting down", 1001);
      else this.end(connection, "service shutting down");
    }
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
    const hub = match[1]!.toLowerCase();
    const work = url.searchParams.has("awps_connection_id") ? this.recover(req, socket, head, hub, url) : this.connect(req, socket, head, hub, url);
    work.catch(() => refuseUpgrade(socket, 500, "Internal Server Error"));
    return true;
  }

  private async connect(req: IncomingMessage, socket: Duplex, head: Buffer, hub: string, url: URL): Promise<void> {
    const token = url.searchParams.get("access_token") ?? (req.headers.authorization ?? "").replace(/^Bearer /i, "");
    if (!token) return refuseUpgrade(socket, 401, "Unauthorized", "no access_token");
    const verified = verifyJwt(token, this.options.accessKey);
    if (!verified.ok) return refuseUpgrade(socket, 401, "Unauthorized", verified.reason);
    const audience = String(verified.claims.aud ?? "");
    if (!audience.toLowerCase().endsWith(`/client/hubs/${hub}`)) return refuseUpgrade(socket, 401, "Unauthorized", `the token's audience ${audience} is not this hub`);

    const connectionId = b64url(randomBytes(16));
    const offered = (req.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim()).filter(Boolean);
    // Keys are what the client sent (`__proto__`, `constructor` included): maps without a prototype.
    const query = safeRecord<string[]>();
    for (const [key, value] of url.searchParams) if (key !== "access_token") appendValue(query, key, value);
    const headers = safeRecord<string[]>();
    for (let i = 0; i < req.rawHeaders.length; i += 2) appendValue(headers, req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const claims = safeRecord<string[]>();
    for (const [key, value] of Object.entries(verified.claims)) claims[key] = asArray(value);

    let userId = typeof verified.claims.sub === "string" ? verified.claims.sub : undefined;
    let groups = asArray(verified.claims["webpubsub.group"]);
    const roles = new Set(asArray(verified.claims.role));
    // The service speaks its own JSON subprotocols; any other is the connect handler's to choose.
    let protocol = offered.find(isServiceProtocol);
    let state: string | undefined;
    if (this.handles(hub, "connect")) {
      const probe = { id: connectionId, hub, userId, protocol } as ClientConnection;
      const answer = await this.upstream(probe, "connect", "application/json", JSON.stringify({ claims, query, headers, subprotocols: offered, clientCertificates: [] }));
      if (answer.status === 0 || answer.status >= 500) return refuseUpgrade(socket, 500, "Internal Server Error", "the event handler failed");
      // A 4xx is the response for the client request, as the handler wrote it (401, 403, 429, ...).
      if (answer.status >= 300) return refuseUpgrade(socket, answer.status, statusText(answer.status), answer.body.toString("utf8"));
      state = answer.state;
      if (answer.status === 200 && answer.body.length > 0) {
        let decided: { userId?: unknown; groups?: unknown; roles?: unknown; subprotocol?: unknown };
        try {
          decided = JSON.parse(answer.body.toString("utf8")) as typeof decided;
        } catch {
          return refuseUpgrade(socket, 500, "Internal Server Error", "the connect response is not JSON");
        }
        if (typeof decided.userId === "string" && decided.userId) userId = decided.userId;
        if (Array.isArray(decided.groups)) groups = [...groups, ...decided.groups.map(String)];
        if (Array.isArray(decided.roles)) for (const role of decided.roles) roles.add(String(role));
        if (!protocol && typeof decided.subprotocol === "string" && offered.includes(decided.subprotocol)) protocol = decided.subprotocol;
      }
    }
    if (socket.destroyed) {
      // Accepted upstream, gone before the upgrade: the handler still gets its `disconnected`.
      if (this.handles(hub, "disconnected")) this.track(this.upstream({ id: connectionId, hub, userId, protocol, state } as ClientConnection, "disconnected", "application/json", JSON.stringify({ reason: "the client closed the connection" })));
      return;
    }
    if (protocol) this.chosenProtocols.set(req, protocol);
    const connection: ClientConnection = { id: connectionId, hub, userId, roles, protocol, state, queue: Promise.resolve(), sequenceId: 0, unacked: [], ackIds: new Set(), reconnectionToken: b64url(randomBytes(24)) };
    this.connections.set(connectionId, connection);
    for (const group of groups) this.join(hub, group, connectionId);
    let upgraded = false;
    socket.once("close", () => {
      if (!upgraded) this.end(connection, "the client closed the connection");
    });
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      this.attachSocket(connection, ws);
      if (this.handles(hub, "connected")) this.track(this.upstream(connection, "connected", "application/json", "{}"));
    });
  }

  /** A reliable client reconnecting with `awps_connection_id` + `awps_reconnection_token`. */
  private async recover(req: IncomingMessage, socket: Duplex, head: Buffer, hub: string, url: URL): Promise<void> {
    const connection = this.connections.get(url.searchParams.get("awps_connection_id") ?? "");
    const recoverable = connection && connection.hub === hub && !connection.socket && !connection.ended && connection.reconnectionToken === url.searchParams.get("awps_reconnection_token");
    const offered = (req.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
    if (offered.includes(JSON_RELIABLE_SUBPROTOCOL)) this.chosenProtocols.set(req, JSON_RELIABLE_SUBPROTOCOL);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // 1008: "the connectionId has been removed from the service"; the client stops recovering.
      if (!recoverable) return ws.close(1008, "the connection cannot be recovered");
      clearTimeout(connection.recoveryTimer);
      this.attachSocket(connection, ws);
    });
  }

  private attachSocket(connection: ClientConnection, ws: WebSocket): void {
    connection.socket = ws;
    ws.on("error", () => undefined);
    if (isServiceProtocol(connection.protocol)) {
      const reliable = connection.protocol === JSON_RELIABLE_SUBPROTOCOL;
      ws.send(JSON.stringify(frames.connected(connection.id, connection.userId, reliable ? connection.reconnectionToken : undefined)));
      for (const message of connection.unacked) ws.send(message.text); // redelivered after a recovery
    }
    ws.on("message", (data: RawData, isBinary: boolean) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      connection.queue = connection.queue.then(() => this.fromClient(connection, bytes, isBinary)).catch(() => undefined);
    });
    ws.on("close", (code, reason) => {
      if (connection.socket !== ws) return;
      connection.socket = undefined;
      // A reliable connection dropped without a close frame (1006) waits for its client to recover it.
      if (connection.protocol === JSON_RELIABLE_SUBPROTOCOL && code === 1006 && !connection.ended) {
        connection.recoveryTimer = setTimeout(() => this.end(connection, "the connection was not recovered in time"), RECOVERY_WINDOW_MS);
        return;
      }
      this.end(connection, connection.ended ?? (reason.toString() || (code === 1000 || code === 1005 ? "" : `closed with ${code}`)));
    });
  }

  /** The connection is over: out of every group, and the handler gets `disconnected`. */
  private end(connection: ClientConnection, reason: string): void {
    if (!this.connections.has(connection.id)) return;
    connection.ended ??= reason;
    clearTimeout(connection.recoveryTimer);
    this.connections.delete(connection.id);
    for (const [key, members] of this.groups) {
      members.delete(connection.id);
      if (members.size === 0) this.groups.delete(key);
    }
    if (this.handles(connection.hub, "disconnected")) {
      this.track(connection.queue.then(() => this.upstream(connection, "disconnected", "application/json", JSON.stringify(reason ? { reason } : {}))));
    }
  }

  /** Closes a connection from the service side: json clients get `system/disconnected` with the reason first. */
  private closeConnection(connection: ClientConnection, reason: string, code = 1000): void {
    connection.ended ??= reason;
    const socket = connection.socket;
    if (!socket) return this.end(connection, reason);
    if (isServiceProtocol(connection.protocol) && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frames.disconnected(reason)));
    socket.close(code, reason.slice(0, 120));
  }

  // ---- frames from clients -----------------------------------------------------------------------

  private async fromClient(connection: ClientConnection, data: Buffer, isBinary: boolean): Promise<void> {
    if (!isServiceProtocol(connection.protocol)) {
      // A simple client: every frame is a `message` user event.
      if (!this.handles(connection.hub, "message")) return;
      const answer = await this.upstream(connection, "message", isBinary ? "application/octet-stream" : "text/plain; charset=utf-8", data);
      if (!this.answered(connection, answer)) return;
      if (answer.status === 200 && answer.body.length > 0) {
        const textual = /^(text\/|application\/json)/i.test(answer.contentType);
        connection.socket?.send(textual ? answer.body.toString("utf8") : answer.body, { binary: !textual });
      }
      return;
    }
    const frame: ClientFrame = isBinary ? { kind: "invalid", reason: "json subprotocols take text frames" } : parseClientFrame(data.toString("utf8"));
    if ("ackId" in frame && frame.ackId !== undefined && frame.kind !== "invalid" && connection.ackIds.has(frame.ackId)) {
      // A resent message that was processed already ("Create reliable WebSocket clients": Duplicate).
      return this.ack(connection, frame.ackId, { name: "Duplicate", message: `Message with ack-id: ${frame.ackId} has been processed` });
    }
    switch (frame.kind) {
      case "invalid":
        if (frame.ackId !== undefined) this.ack(connection, frame.ackId, { name: "BadRequest", message: frame.reason });
        return;
      case "ping":
        return this.sendRaw(connection, frames.pong());
      case "sequenceAck":
        connection.unacked = connection.unacked.filter((m) => m.sequenceId > frame.sequenceId);
        return;
      case "joinGroup":
      case "leaveGroup":
        if (!permits(connection.roles, "joinLeaveGroup", frame.group)) return this.ack(connection, frame.ackId, { name: "Forbidden", message: `the connection has no permission to join or leave group ${frame.group}` });
        if (frame.kind === "joinGroup") this.join(connection.hub, frame.group, connection.id);
        else this.leave(connection.hub, frame.group, connection.id);
        return this.ack(connection, frame.ackId);
      case "sendToGroup": {
        if (!permits(connection.roles, "sendToGroup", frame.group)) return this.ack(connection, frame.ackId, { name: "Forbidden", message: `the connection has no permission to send to group ${frame.group}` });
        for (const id of this.groupMembers(connection.hub, frame.group)) {
          if (frame.noEcho && id === connection.id) continue;
          const target = this.connections.get(id);
          if (target) this.deliver(target, { dataType: frame.dataType, data: frame.data }, frames.fromGroup(frame.group, { dataType: frame.dataType, data: frame.data }, connection.userId));
        }
        return this.ack(connection, frame.ackId);
      }
      case "event":
        return this.userEvent(connection, frame);
    }
  }

  private async userEvent(connection: ClientConnection, frame: Extract<ClientFrame, { kind: "event" }>): Promise<void> {
    const payload = upstreamPayload(frame.dataType, frame.data);
    if (!payload) return this.ack(connection, frame.ackId, { name: "BadRequest", message: `data does not match dataType ${frame.dataType}` });
    if (!this.handles(connection.hub, frame.event)) return this.ack(connection, frame.ackId);
    const answer = await this.upstream(connection, frame.event, payload.contentType, payload.body);
    if (!this.answered(connection, answer, frame.ackId)) return;
    this.ack(connection, frame.ackId);
    if (answer.status === 200 && answer.body.length > 0) this.sendRaw(connection, frames.fromServer(typedData(answer.contentType, answer.body)), true);
  }

  /** A user event's answer: 2xx goes on; anything else drops the connection (the CloudEvents reference). */
  private answered(connection: ClientConnection, answer: UpstreamAnswer & { state?: string }, ackId?: number): boolean {
    if (answer.state !== undefined) connection.state = answer.state;
    if (answer.status >= 200 && answer.status < 300) return true;
    if (ackId !== undefined) this.ack(connection, ackId, { name: "InternalServerError", message: `the event handler answered ${answer.status || "nothing"}` });
    this.closeConnection(connection, `the event handler answered ${answer.status || "nothing"}`, 1011);
    return false;
  }

  private ack(connection: ClientConnection, ackId: number | undefined, error?: Parameters<typeof frames.ack>[1]): void {
    if (ackId === undefined) return;
    if (!error) connection.ackIds.add(ackId); // only processed messages count as duplicates when resent
    this.sendRaw(connection, frames.ack(ackId, error));
  }

  /** Sends a service frame; data messages on the reliable protocol carry a sequence id and wait for their ack. */
  private sendRaw(connection: ClientConnection, frame: object, isData = false): void {
    let text: string;
    if (isData && connection.protocol === JSON_RELIABLE_SUBPROTOCOL) {
      const sequenceId = ++connection.sequenceId;
      text = JSON.stringify({ sequenceId, ...frame });
      connection.unacked.push({ sequenceId, text });
    } else text = JSON.stringify(frame);
    if (connection.socket?.readyState === WebSocket.OPEN) connection.socket.send(text);
  }

  /** A payload to one connection: wrapped for json clients, as is for simple ones. */
  private deliver(connection: ClientConnection, payload: { dataType: DataType; data: unknown }, wrapped: object): void {
    if (isServiceProtocol(connection.protocol)) return this.sendRaw(connection, wrapped, true);
    const simple = simplePayload(payload.dataType, payload.data);
    if (connection.socket?.readyState === WebSocket.OPEN) connection.socket.send(simple.data, { binary: simple.binary });
  }

  // ---- upstream ------------------------------------------------------------------------------------

  private track(work: Promise<unknown>): void {
    this.pendingUpstream.add(work);
    void work.finally(() => this.pendingUpstream.delete(work));
  }

  private handles(hub: string, event: string): boolean {
    const handler = this.options.eventHandlers[hub];
    if (!handler) return false;
    if (["connect", "connected", "disconnected"].includes(event)) return (handler.systemEvents ?? ["connect", "connected", "disconnected"]).includes(event);
    const userEvents = handler.userEvents ?? "*";
    return userEvents === "*" || userEvents.split(",").map((e) => e.trim()).includes(event);
  }

  /** The abuse-protection handshake, once per handler URL (as the service does when it is configured). */
  private validate(url: string): Promise<boolean> {
    let check = this.validated.get(url);
    if (!check) {
      const origin = new URL(this.endpointUrl).host;
      // `ce-awpsversion` too: Microsoft's own handler (@azure/web-pubsub-express,
      // cloudEventsDispatcher.handlePreflight) ignores an OPTIONS request without it.
      check = fetch(url, { method: "OPTIONS", headers: { "WebHook-Request-Origin": origin, "ce-awpsversion": "1.0" } })
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

  private async upstream(connection: Pick<ClientConnection, "id" | "hub" | "userId" | "protocol" | "state">, event: string, contentType: string, body: string | Buffer): Promise<UpstreamAnswer & { state?: string }> {
    const handler = this.options.eventHandlers[connection.hub]!;
    const started = Date.now();
    const system = ["connect", "connected", "disconnected"].includes(event);
    const report = (status: number | string, error?: string) => this.options.onUpstream?.({ event, hub: connection.hub, connectionId: connection.id, status, ms: Date.now() - started, ...(error ? { error } : {}) });
    const none = { status: 0, body: Buffer.alloc(0), contentType: "" };
    if (!(await this.validate(handler.url))) {
      report("abuse-protection failed", `${handler.url} did not answer the OPTIONS handshake with WebHook-Allowed-Origin`);
      return none;
    }
    try {
      const res = await fetch(handler.url, {
        method: "POST",
        headers: {
          "content-type": contentType,
          "ce-specversion": "1.0",
          "ce-type": `azure.webpubsub.${system ? "sys" : "user"}.${event}`,
          "ce-source": `/hubs/${connection.hub}/client/${connection.id}`,
          "ce-id": randomUUID(),
          "ce-time": new Date().toISOString(),
          "ce-awpsversion": "1.0",
          "ce-hub": connection.hub,
          "ce-connectionId": connection.id,
          ...(connection.userId ? { "ce-userId": connection.userId } : {}),
          "ce-eventName": event,
          ...(connection.protocol ? { "ce-subprotocol": connection.protocol } : {}),
          ...(connection.state !== undefined ? { "ce-connectionState": connection.state } : {}),
          // With keys, the HMAC of the connection id; without, the service identity's token instead.
          ...(this.localAuth ? { "ce-signature": cloudEventSignature(connection.id, this.options.accessKey) } : { authorization: `Bearer ${await this.options.upstreamToken!(connection.hub)}` }),
          "WebHook-Request-Origin": new URL(this.endpointUrl).host,
        },
        body,
      });
      const state = res.headers.get("ce-connectionstate");
      // Only blocking events (connect, user events) may set the connection state.
      const answer = { status: res.status, body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get("content-type") ?? "", ...(state !== null && (event === "connect" || !system) ? { state } : {}) };
      report(res.status);
      return answer;
    } catch (error) {
      report("unreachable", String((error as Error).message));
      return none;
    }
  }

  // ---- state the REST API acts on (ServiceState) -----------------------------------------------------

  connection(hub: string, id: string): ClientConnection | undefined {
    const connection = this.connections.get(id);
    return connection?.hub === hub ? connection : undefined;
  }

  connectionsOf(hub: string): ClientConnection[] {
    return [...this.connections.values()].filter((c) => c.hub === hub);
  }

  groupMembers(hub: string, group: string): string[] {
    return [...(this.groups.get(`${hub}/${group}`) ?? [])];
  }

  groupsOf(hub: string): string[] {
    return [...this.groups.keys()].filter((key) => key.startsWith(`${hub}/`)).map((key) => key.slice(hub.length + 1));
  }

  join(hub: string, group: string, connectionId: string): void {
    const key = `${hub}/${group}`;
    const members = this.groups.get(key) ?? new Set<string>();
    members.add(connectionId);
    this.groups.set(key, members);
  }

  leave(hub: string, group: string, connectionId: string): void {
    const key = `${hub}/${group}`;
    const members = this.groups.get(key);
    if (!members) return;
    members.delete(connectionId);
    if (members.size === 0) this.groups.delete(key);
  }

  send(ids: Iterable<string>, contentType: string, body: Buffer, excluded: ReadonlySet<string>): void {
    const payload = typedData(contentType || "text/plain", body);
    for (const id of ids) {
      const connection = this.connections.get(id);
      if (connection && !excluded.has(id)) this.deliver(connection, payload, frames.fromServer(payload));
    }
  }

  disconnect(id: string, reason: string): void {
    const connection = this.connections.get(id);
    if (connection) this.closeConnection(connection, reason);
  }

  // ---- service REST API ----------------------------------------------------------------------------

  /** Handles `/api/hubs/...`; false for other paths. */
  handleRest(req: IncomingMessage, res: ServerResponse): boolean {
    const url = requestUrl(req.url);
    if (!url || !url.pathname.startsWith("/api/hubs/")) return false;
    this.rest(req, res, url).catch(() => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
    });
    return true;
  }

  private async rest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const answer = (status: number, body?: unknown) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      res.writeHead(status, text === undefined ? {} : { "content-type": "application/json" }).end(method === "HEAD" ? undefined : text);
      this.options.onServiceCall?.({ method, path: url.pathname, status });
    };
    const refused = this.serviceCredentialProblem(req.headers.authorization, url);
    if (refused) {
      await readBody(req, 0).catch(() => undefined);
      return answer(401, { code: "Unauthorized", message: refused });
    }
    const body = await readBody(req, this.maxMessageBytes).catch(() => "aborted" as const);
    if (body === "aborted") return; // the caller closed mid-upload: nobody to answer
    if (!body) return answer(413, { code: "PayloadTooLarge", message: `the message is larger than ${this.maxMessageBytes} bytes` });
    const decoded = url.pathname.split("/").slice(3).map(decodeSegment); // after /api/hubs
    if (decoded.some((s) => s === undefined)) return answer(400, { code: "BadRequest", message: `the path ${url.pathname.slice(0, 120)} has a malformed percent-encoding` });
    const [hub = "", ...segments] = decoded as string[];
    const result = serveRest(this, { method, hub: hub.toLowerCase(), segments, query: url.searchParams, contentType: req.headers["content-type"] ?? "", body });
    answer(result.status, result.body);
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
    if (this.options.identityKey) {
      const identity = verifyJwt(token, this.options.identityKey);
      if (identity.ok) return identity.claims.aud === WEB_PUBSUB_RESOURCE ? undefined : `the identity token's audience ${JSON.stringify(identity.claims.aud)} is not ${WEB_PUBSUB_RESOURCE}`;
    }
    // Keys deleted: only a managed identity's token gets in, whatever a key would have signed.
    if (!this.localAuth) return "local auth is disabled: the service REST API takes Microsoft Entra (managed identity) bearer tokens only";
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
}

function statusText(status: number): string {
  return ({ 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests" } as Record<number, string>)[status] ?? "Error";
}

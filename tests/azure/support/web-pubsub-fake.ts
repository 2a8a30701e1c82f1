/**
 * A stand-in for the Azure Web PubSub service, over real HTTP, for handler tests:
 *
 * - its data-plane REST API (what WebPubSubServiceClient calls): send to a connection, to a group,
 *   list a group's connections, add/remove group members, close a connection. Every call is
 *   recorded, and must carry a bearer JWT signed with the access key, as the service requires;
 * - its upstream side: it sends CloudEvents to the app's event handler exactly as Microsoft
 *   documents them (abuse-protection OPTIONS first, then `ce-*` headers with `ce-signature`), and
 *   applies the connect response's `groups`, like the service does.
 *
 * Frames the service would push to a client are kept per connection.
 */
import { createHmac, randomUUID } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";

export const ACCESS_KEY = "dGVzdC1hY2Nlc3Mta2V5LWZvci1zZW1hbnRlc3QtdGVzdHM=";
/** The service's secondary key (it signs every event with both keys). */
export const SECONDARY_KEY = "the-secondary-key";

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string[]>;
  readonly body: string;
}

export interface UpstreamResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/** A JWT signed with either of the service's current keys (the service accepts both). */
function verifyJwtWithAny(token: string, keys: readonly string[]): Record<string, unknown> {
  let last: unknown;
  for (const key of keys) {
    try {
      return verifyJwt(token, key);
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

/** Verifies an HS256 JWT with the access key; returns its claims or throws. */
export function verifyJwt(token: string, key: string): Record<string, unknown> {
  const [header, payload, signature] = token.split(".");
  const expected = createHmac("sha256", key).update(`${header}.${payload}`).digest("base64url");
  if (signature !== expected) throw new Error("JWT signature does not match the access key");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

export class FakeWebPubSub {
  readonly calls: RecordedCall[] = [];
  readonly frames = new Map<string, string[]>();
  readonly groups = new Map<string, Set<string>>();
  readonly closed: string[] = [];
  /** Bad REST calls (no/invalid token): answered 401 and kept here. */
  readonly rejected: RecordedCall[] = [];
  private server: http.Server | undefined;
  private port = 0;
  private validated = false;
  /** The current primary key: `regeneratePrimaryKey()` changes it, as the portal's "Regenerate" does. */
  private primaryKey = ACCESS_KEY;

  constructor(
    readonly hub: string,
    /** The Function App's event handler URL (`http://127.0.0.1:<port>/webpubsub/events`). */
    private eventHandlerUrl = "",
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }
  get connectionString(): string {
    return `Endpoint=${this.endpoint};AccessKey=${this.primaryKey};Version=1.0;`;
  }
  get secondaryConnectionString(): string {
    return `Endpoint=${this.endpoint};AccessKey=${SECONDARY_KEY};Version=1.0;`;
  }

  /** Regenerates the primary key: events are signed with the new one (and the secondary); REST tokens signed with the old one are refused. */
  regeneratePrimaryKey(): void {
    this.primaryKey = `regenerated-${this.primaryKey.length}-${Date.now()}`;
  }

  setEventHandler(url: string): void {
    this.eventHandlerUrl = url;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => this.rest(req, Buffer.concat(chunks).toString("utf8"), res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  framesFor(connectionId: string): unknown[] {
    return (this.frames.get(connectionId) ?? []).map((f) => JSON.parse(f) as unknown);
  }

  private push(connectionId: string, data: string): void {
    this.frames.set(connectionId, [...(this.frames.get(connectionId) ?? []), data]);
  }

  private group(name: string): Set<string> {
    if (!this.groups.has(name)) this.groups.set(name, new Set());
    return this.groups.get(name)!;
  }

  private rest(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", this.endpoint);
    const query: Record<string, string[]> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
    const call: RecordedCall = { method: req.method ?? "", path: decodeURIComponent(url.pathname), query, body };
    const auth = req.headers.authorization ?? "";
    try {
      const claims = verifyJwtWithAny(auth.replace(/^Bearer /, ""), [this.primaryKey, SECONDARY_KEY]);
      if (typeof claims.aud !== "string" || !claims.aud.startsWith(this.endpoint)) throw new Error(`aud ${String(claims.aud)}`);
    } catch {
      this.rejected.push(call);
      res.writeHead(401).end();
      return;
    }
    this.calls.push(call);
    const prefix = `/api/hubs/${this.hub}`;
    const p = call.path.startsWith(prefix) ? call.path.slice(prefix.length) : call.path;
    let m: RegExpExecArray | null;
    const excluded = new Set(query.excluded ?? []);
    if (req.method === "POST" && (m = /^\/connections\/([^/]+)\/:send$/.exec(p))) {
      if (!this.group("connections").has(m[1])) return void res.writeHead(404).end();
      this.push(m[1], body);
      return void res.writeHead(202).end();
    }
    if (req.method === "POST" && (m = /^\/groups\/([^/]+)\/:send$/.exec(p))) {
      for (const id of this.group(m[1])) if (!excluded.has(id)) this.push(id, body);
      return void res.writeHead(202).end();
    }
    if (req.method === "POST" && p === "/:send") {
      for (const id of this.group("connections")) if (!excluded.has(id)) this.push(id, body);
      return void res.writeHead(202).end();
    }
    if (req.method === "GET" && (m = /^\/groups\/([^/]+)\/connections$/.exec(p))) {
      const value = [...this.group(m[1])].map((connectionId) => ({ connectionId }));
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ value }));
    }
    if ((m = /^\/groups\/([^/]+)\/connections\/([^/]+)$/.exec(p)) && (req.method === "PUT" || req.method === "DELETE")) {
      // As the service answers: 200 for add, 204 for remove (Web PubSub REST API 2024-01-01).
      if (req.method === "PUT") this.group(m[1]).add(m[2]);
      else this.group(m[1]).delete(m[2]);
      return void res.writeHead(req.method === "PUT" ? 200 : 204).end();
    }
    if (req.method === "DELETE" && (m = /^\/connections\/([^/]+)$/.exec(p))) {
      this.closed.push(m[1]);
      for (const members of this.groups.values()) members.delete(m[1]);
      return void res.writeHead(204).end();
    }
    res.writeHead(404).end();
  }

  // --- upstream: the service calling the app ---

  private signatureFor(connectionId: string, key = this.primaryKey): string {
    return `sha256=${createHmac("sha256", key).update(connectionId).digest("hex")}`;
  }

  /** The abuse-protection handshake the service runs before the first event. */
  async handshake(origin = this.host): Promise<UpstreamResult> {
    const response = await fetch(this.eventHandlerUrl, { method: "OPTIONS", headers: { "WebHook-Request-Origin": origin } });
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  /** Sends one CloudEvent; `overrides` replaces or (with undefined) removes headers. */
  async event(type: string, connectionId: string, body: string, contentType: string, overrides: Record<string, string | undefined> = {}): Promise<UpstreamResult> {
    if (!this.validated) {
      const shake = await this.handshake();
      if (shake.status !== 200 || shake.headers.get("webhook-allowed-origin") !== this.host) throw new Error(`abuse protection failed: ${shake.status}`);
      this.validated = true;
    }
    const eventName = type.startsWith("azure.webpubsub.user.") ? type.slice("azure.webpubsub.user.".length) : type.split(".").pop()!;
    const headers: Record<string, string | undefined> = {
      "content-type": contentType,
      "webhook-request-origin": this.host,
      "ce-specversion": "1.0",
      "ce-type": type,
      "ce-source": `/hubs/${this.hub}/client/${connectionId}`,
      "ce-id": randomUUID(),
      "ce-time": new Date().toISOString(),
      "ce-awpsversion": "1.0",
      "ce-hub": this.hub,
      "ce-connectionId": connectionId,
      "ce-eventName": eventName,
      "ce-signature": `${this.signatureFor(connectionId, SECONDARY_KEY)},${this.signatureFor(connectionId)}`,
      ...overrides,
    };
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const response = await fetch(this.eventHandlerUrl, { method: "POST", headers: clean, body });
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  /** A client connects: the blocking `connect` event, then (if accepted) groups and `connected`. */
  async connect(connectionId: string, query: Record<string, string[]> = {}): Promise<UpstreamResult> {
    const result = await this.event("azure.webpubsub.sys.connect", connectionId, JSON.stringify({ claims: {}, query, headers: {}, subprotocols: [], clientCertificates: [] }), "application/json; charset=utf-8");
    if (result.status === 200 || result.status === 204) {
      const accepted = result.body ? (JSON.parse(result.body) as { groups?: string[] }) : {};
      for (const group of accepted.groups ?? []) this.group(group).add(connectionId);
      await this.event("azure.webpubsub.sys.connected", connectionId, "{}", "application/json");
    }
    return result;
  }

  /** A client sends a text frame: a user event; a 200 body goes back to that client. */
  async message(connectionId: string, text: string): Promise<UpstreamResult> {
    const result = await this.event("azure.webpubsub.user.message", connectionId, text, "text/plain");
    if (result.status === 200 && result.body) this.push(connectionId, result.body);
    return result;
  }

  /** A client goes away: the service drops it from its groups, then tells the app. */
  async disconnect(connectionId: string): Promise<UpstreamResult> {
    for (const members of this.groups.values()) members.delete(connectionId);
    return this.event("azure.webpubsub.sys.disconnected", connectionId, JSON.stringify({ reason: "client closed" }), "application/json");
  }
}

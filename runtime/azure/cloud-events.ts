/**
 * Web PubSub's CloudEvents upstream protocol, on a plain HTTP route (Microsoft Learn, "CloudEvents
 * extension for Azure Web PubSub event listener with HTTP protocol"):
 *
 * - Abuse protection: the service first sends `OPTIONS` with `WebHook-Request-Origin: <service host>`;
 *   the handler answers `WebHook-Allowed-Origin` for its own service only.
 * - Events: `POST` with `ce-type` `azure.webpubsub.sys.connect|connected|disconnected` or
 *   `azure.webpubsub.user.<event>`, `ce-hub`, `ce-connectionId`, `ce-signature`
 *   (`sha256=<hex HMAC-SHA256(accessKey, connectionId)>`, one per access key, comma-separated).
 * - `connect` is blocking: 200 with `{ groups, userId, ... }` accepts, 401/403/4xx refuses.
 *   User events: 204 (nothing back) or 200 whose body the service sends to the client.
 * - Connection state: every event carries the connection's state in `ce-connectionState`
 *   (base64 of a JSON object); the answer to `connect` or a user event replaces it with its own
 *   `ce-connectionState` header (what @azure/web-pubsub-express's `setState` sends,
 *   Azure/azure-sdk-for-js sdk/web-pubsub/web-pubsub-express, cloudEventsDispatcher).
 *
 * Pure functions of (method, headers, body): runtime/azure/websocket-handler.ts applies them.
 */
import { createHmac, timingSafeEqual } from "crypto";
import type { UpstreamVerifier } from "./upstream-auth";

export const EVENT_TYPES = {
  connect: "azure.webpubsub.sys.connect",
  connected: "azure.webpubsub.sys.connected",
  disconnected: "azure.webpubsub.sys.disconnected",
} as const;
export const USER_EVENT_PREFIX = "azure.webpubsub.user.";
export const CONNECTION_STATE_HEADER = "ce-connectionState";

/** Largest request body read (the service's message size limit is 1 MB). */
export const MAX_EVENT_BODY_BYTES = 1024 * 1024;

export type HeaderReader = (name: string) => string | null;

/** The connection's state as the event carries it (`{}` when absent). */
type WithState = { readonly state: Readonly<Record<string, unknown>>; /** `ce-userId`: the user id of the client token (negotiate). */ readonly userId?: string };
export type ParsedEvent =
  | ({ readonly kind: "connect"; readonly connectionId: string; readonly userId?: string; readonly query: Readonly<Record<string, string | undefined>> } & WithState)
  | ({ readonly kind: "connected"; readonly connectionId: string } & WithState)
  | ({ readonly kind: "disconnected"; readonly connectionId: string; readonly reason?: string } & WithState)
  | ({ readonly kind: "message"; readonly connectionId: string; readonly eventName: string; readonly data: string } & WithState);

/** `ce-connectionState`: base64 of a JSON object; anything else reads as no state (the service writes only what we sent). */
export function decodeConnectionState(header: string | null): Record<string, unknown> {
  if (!header) return {};
  try {
    const value: unknown = JSON.parse(Buffer.from(header, "base64").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function encodeConnectionState(state: Readonly<Record<string, unknown>>): string {
  return Buffer.from(JSON.stringify(state), "utf8").toString("base64");
}

export type EventParse = { readonly ok: true; readonly event: ParsedEvent } | { readonly ok: false; readonly status: number; readonly message: string };

export interface ServiceIdentity {
  /** The Web PubSub host this app belongs to, e.g. `x.webpubsub.azure.com` (abuse protection). */
  readonly host: string;
  readonly hub: string;
  /**
   * Access keys whose HMAC signs `ce-signature`; empty disables the check: only when the caller
   * verified the event's bearer token instead (`upstream`, runtime/azure/upstream-auth.ts) or in
   * tests of the protocol.
   */
  readonly accessKeys: readonly string[];
  /** Without local auth: the check of each event's `Authorization` token, made before parseEvent. */
  readonly upstream?: UpstreamVerifier;
}

/** Parses `Endpoint=...;AccessKey=...;Version=1.0;` (the service's connection string). */
export function parseConnectionString(text: string): { endpoint: URL; accessKey: string } {
  const parts = new Map<string, string>();
  for (const part of text.split(";")) {
    const at = part.indexOf("=");
    if (at > 0) parts.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  const endpoint = parts.get("endpoint");
  const accessKey = parts.get("accesskey");
  if (!endpoint || !accessKey) throw new Error("WEBPUBSUB_CONNECTION_STRING is not a Web PubSub connection string: expected Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>;Version=1.0;");
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`WEBPUBSUB_CONNECTION_STRING has Endpoint=${endpoint}, which is not a URL`);
  }
  if (parts.has("port")) url.port = parts.get("port")!;
  return { endpoint: url, accessKey };
}

/** `OPTIONS` abuse-protection handshake: the headers to answer with, or a refusal. */
export function abuseProtection(headers: HeaderReader, service: Pick<ServiceIdentity, "host">): { status: number; headers: Record<string, string> } {
  const origins = (headers("webhook-request-origin") ?? "").split(",").map((o) => o.trim().toLowerCase()).filter(Boolean);
  if (origins.length === 0) return { status: 400, headers: {} };
  if (!origins.includes(service.host.toLowerCase())) return { status: 403, headers: {} };
  return { status: 200, headers: { "WebHook-Allowed-Origin": service.host } };
}

/** HMAC-SHA256 of the connection id with one access key, as the service writes it. */
export function signature(connectionId: string, accessKey: string): string {
  return `sha256=${createHmac("sha256", accessKey).update(connectionId).digest("hex")}`;
}

/** Whether `ce-signature` carries a signature made with one of our keys (constant-time compare). */
export function verifySignature(header: string | null, connectionId: string, accessKeys: readonly string[]): boolean {
  if (accessKeys.length === 0) return true;
  if (!header) return false;
  const offered = header.split(",").map((s) => s.trim());
  return accessKeys.some((key) => {
    const expected = Buffer.from(signature(connectionId, key));
    return offered.some((candidate) => {
      const given = Buffer.from(candidate);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  });
}

/** One `POST` event: validated headers and body, or the 4xx to answer. */
export function parseEvent(headers: HeaderReader, body: Buffer, service: ServiceIdentity): EventParse {
  const bad = (status: number, message: string): EventParse => ({ ok: false, status, message });
  const type = headers("ce-type");
  const connectionId = headers("ce-connectionid");
  if (!headers("ce-awpsversion") || !type) return bad(400, "not a Web PubSub CloudEvents request: ce-awpsversion and ce-type are required");
  if (!connectionId) return bad(400, "ce-connectionId is required");
  const hub = headers("ce-hub");
  if (!hub || hub.toLowerCase() !== service.hub.toLowerCase()) return bad(400, `ce-hub ${JSON.stringify(hub)} is not this app's hub ${JSON.stringify(service.hub)}`);
  if (!verifySignature(headers("ce-signature"), connectionId, service.accessKeys)) return bad(401, "ce-signature does not match this service's access key");
  if (body.length > MAX_EVENT_BODY_BYTES) return bad(413, `the event body is ${body.length} bytes; the limit is ${MAX_EVENT_BODY_BYTES}`);

  const state = decodeConnectionState(headers(CONNECTION_STATE_HEADER.toLowerCase()));
  const userId = headers("ce-userid") || undefined;
  if (type.startsWith(USER_EVENT_PREFIX)) {
    return { ok: true, event: { kind: "message", connectionId, eventName: headers("ce-eventname") ?? type.slice(USER_EVENT_PREFIX.length), data: body.toString("utf8"), state, userId } };
  }
  switch (type) {
    case EVENT_TYPES.connect: {
      const json = parseJsonObject(body);
      if (!json) return bad(400, "the connect event body is not a JSON object");
      return { ok: true, event: { kind: "connect", connectionId, userId, query: flattenQuery(json.query), state } };
    }
    case EVENT_TYPES.connected:
      return { ok: true, event: { kind: "connected", connectionId, state, userId } };
    case EVENT_TYPES.disconnected: {
      const json = body.length === 0 ? {} : parseJsonObject(body);
      const reason = json && typeof json.reason === "string" ? json.reason : undefined;
      return { ok: true, event: { kind: "disconnected", connectionId, reason, state, userId } };
    }
    default:
      return bad(400, `ce-type ${JSON.stringify(type)} is not an event this app handles; expected ${Object.values(EVENT_TYPES).join(", ")} or ${USER_EVENT_PREFIX}*`);
  }
}

function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The connect event's `query` is `{ name: [values] }`; the port wants `{ name: first value }`. */
export function flattenQuery(raw: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (!raw || typeof raw !== "object") return out;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.isArray(value)) out[key] = typeof value[0] === "string" ? value[0] : undefined;
    else if (typeof value === "string") out[key] = value;
  }
  return out;
}

/**
 * The Web PubSub client subprotocols `json.webpubsub.azure.v1` and `json.reliable.webpubsub.azure.v1`
 * as pure functions: what a client frame asks for, and the frames the service sends. Sources
 * (Microsoft Learn): "Azure Web PubSub supported JSON WebSocket subprotocol" (requests, `ack`,
 * `message` from `group` / `server`, `system` `connected` / `disconnected`), "Create reliable
 * WebSocket clients" (`sequenceId`, `sequenceAck`, `reconnectionToken`, recovery, 1008), "Client
 * protocols: permissions" (roles), "CloudEvents extension for Azure Web PubSub" (how `dataType`
 * maps to the upstream request's Content-Type and back).
 */

export const JSON_SUBPROTOCOL = "json.webpubsub.azure.v1";
export const JSON_RELIABLE_SUBPROTOCOL = "json.reliable.webpubsub.azure.v1";
/** The subprotocols the service itself speaks (protobuf ones are not emulated). */
export const SERVICE_SUBPROTOCOLS = [JSON_SUBPROTOCOL, JSON_RELIABLE_SUBPROTOCOL] as const;

export type DataType = "json" | "text" | "binary";
const DATA_TYPES: readonly string[] = ["json", "text", "binary"];

export type ClientFrame =
  | { readonly kind: "joinGroup" | "leaveGroup"; readonly group: string; readonly ackId?: number }
  | { readonly kind: "sendToGroup"; readonly group: string; readonly ackId?: number; readonly noEcho: boolean; readonly dataType: DataType; readonly data: unknown }
  | { readonly kind: "event"; readonly event: string; readonly ackId?: number; readonly dataType: DataType; readonly data: unknown }
  | { readonly kind: "sequenceAck"; readonly sequenceId: number }
  | { readonly kind: "ping" }
  | { readonly kind: "invalid"; readonly ackId?: number; readonly reason: string };

/** Permissions a role grants (Microsoft Learn, "Client protocols: permissions"). */
export type Permission = "joinLeaveGroup" | "sendToGroup";

/** Event names become `ce-type: azure.webpubsub.user.<event>`: letters, digits, `_ . -` keep it a header value. */
const EVENT_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

function ackIdOf(frame: Record<string, unknown>): number | undefined {
  return typeof frame.ackId === "number" && Number.isSafeInteger(frame.ackId) && frame.ackId >= 0 ? frame.ackId : undefined;
}

/** Parses one text frame of a json subprotocol client; never throws. */
export function parseClientFrame(text: string): ClientFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "invalid", reason: "the frame is not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { kind: "invalid", reason: "the frame is not a JSON object" };
  const frame = value as Record<string, unknown>;
  const ackId = ackIdOf(frame);
  const invalid = (reason: string): ClientFrame => ({ kind: "invalid", ackId, reason });
  const dataType = (): DataType | undefined => (typeof frame.dataType === "string" && DATA_TYPES.includes(frame.dataType) ? (frame.dataType as DataType) : undefined);
  switch (frame.type) {
    case "joinGroup":
    case "leaveGroup":
      if (typeof frame.group !== "string" || frame.group.length === 0) return invalid(`group ${JSON.stringify(frame.group)} is not a group name`);
      return { kind: frame.type, group: frame.group, ackId };
    case "sendToGroup": {
      if (typeof frame.group !== "string" || frame.group.length === 0) return invalid(`group ${JSON.stringify(frame.group)} is not a group name`);
      const type = dataType();
      if (!type) return invalid(`dataType ${JSON.stringify(frame.dataType)} is not one of json, text, binary`);
      return { kind: "sendToGroup", group: frame.group, ackId, noEcho: frame.noEcho === true, dataType: type, data: frame.data };
    }
    case "event": {
      if (typeof frame.event !== "string" || !EVENT_NAME.test(frame.event)) return invalid(`event ${JSON.stringify(frame.event)} is not an event name`);
      const type = dataType();
      if (!type) return invalid(`dataType ${JSON.stringify(frame.dataType)} is not one of json, text, binary`);
      return { kind: "event", event: frame.event, ackId, dataType: type, data: frame.data };
    }
    case "sequenceAck":
      if (typeof frame.sequenceId !== "number" || !Number.isSafeInteger(frame.sequenceId)) return invalid("sequenceId is not an integer");
      return { kind: "sequenceAck", sequenceId: frame.sequenceId };
    case "ping":
      return { kind: "ping" };
    default:
      return invalid(`type ${JSON.stringify(frame.type)} is not a request of ${JSON_SUBPROTOCOL}`);
  }
}

/** Whether `roles` grant `permission` on `group` (the role alone, or `<role>.<group>`). */
export function permits(roles: ReadonlySet<string>, permission: Permission, group: string): boolean {
  return roles.has(`webpubsub.${permission}`) || roles.has(`webpubsub.${permission}.${group}`);
}

/** A client payload as the upstream request body: json -> application/json, text -> text/plain, binary -> octet-stream. */
export function upstreamPayload(dataType: DataType, data: unknown): { contentType: string; body: Buffer } | undefined {
  switch (dataType) {
    case "json":
      return { contentType: "application/json", body: Buffer.from(JSON.stringify(data ?? null), "utf8") };
    case "text":
      return typeof data === "string" ? { contentType: "text/plain; charset=utf-8", body: Buffer.from(data, "utf8") } : undefined;
    case "binary":
      return typeof data === "string" ? { contentType: "application/octet-stream", body: Buffer.from(data, "base64") } : undefined;
  }
}

/** A body with its Content-Type as a `dataType` + `data` pair (server messages, event responses). */
export function typedData(contentType: string, body: Buffer): { dataType: DataType; data: unknown } {
  if (/^application\/(json|[\w.+-]*\+json)/i.test(contentType)) {
    try {
      return { dataType: "json", data: JSON.parse(body.toString("utf8")) };
    } catch {
      return { dataType: "text", data: body.toString("utf8") };
    }
  }
  if (/^text\//i.test(contentType)) return { dataType: "text", data: body.toString("utf8") };
  return { dataType: "binary", data: body.toString("base64") };
}

/** What a simple WebSocket client (no subprotocol) receives for a typed payload. */
export function simplePayload(dataType: DataType, data: unknown): { data: string | Buffer; binary: boolean } {
  if (dataType === "binary") return { data: Buffer.from(typeof data === "string" ? data : "", "base64"), binary: true };
  return { data: dataType === "json" ? JSON.stringify(data ?? null) : String(data ?? ""), binary: false };
}

export const frames = {
  connected: (connectionId: string, userId: string | undefined, reconnectionToken?: string) => ({
    type: "system",
    event: "connected",
    userId: userId ?? null,
    connectionId,
    ...(reconnectionToken ? { reconnectionToken } : {}),
  }),
  disconnected: (message: string) => ({ type: "system", event: "disconnected", message }),
  ack: (ackId: number, error?: { name: "Forbidden" | "InternalServerError" | "Duplicate" | "BadRequest"; message: string }) =>
    error ? { type: "ack", ackId, success: false, error } : { type: "ack", ackId, success: true },
  fromServer: (payload: { dataType: DataType; data: unknown }) => ({ type: "message", from: "server", ...payload }),
  fromGroup: (group: string, payload: { dataType: DataType; data: unknown }, fromUserId: string | undefined) => ({
    type: "message",
    from: "group",
    ...(fromUserId ? { fromUserId } : {}),
    group,
    ...payload,
  }),
  pong: () => ({ type: "pong" }),
};

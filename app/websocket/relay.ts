/**
 * The reference WebSocket app: a topic relay written once against the port in ./port.ts, so it
 * runs unchanged on API Gateway WebSocket APIs, Azure Web PubSub and the local gateway.
 *
 * Client frames (JSON text):
 *   {"action":"subscribe","topic":"t"}            -> {"type":"subscribed","topic":"t"}
 *   {"action":"unsubscribe","topic":"t"}          -> {"type":"unsubscribed","topic":"t"}
 *   {"action":"publish","topic":"t","payload":x}  -> every subscriber of t gets {"type":"message","topic":"t","payload":x},
 *                                                    the sender gets {"type":"published","topic":"t","delivered":n}
 *   {"action":"ping"}                             -> {"type":"pong"}
 * Bad input gets {"type":"error","code","message"} and the connection stays open; a handler never throws.
 */
import type { ConnectDecision, ConnectionContext, WebSocketApp } from "./port";

/** 1-128 characters of letters, digits and `. _ : -` (safe as a DynamoDB key and a Web PubSub group name). */
export const TOPIC_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** API Gateway's WebSocket message payload quota (128 KB), the smallest of the hosts' limits (Web PubSub: 1 MB). */
export const DEFAULT_MAX_MESSAGE_BYTES = 128 * 1024;

export const RelayErrorCodes = {
  malformedJson: "MALFORMED_JSON",
  invalidFrame: "INVALID_FRAME",
  unknownAction: "UNKNOWN_ACTION",
  invalidTopic: "INVALID_TOPIC",
  missingPayload: "MISSING_PAYLOAD",
  messageTooLarge: "MESSAGE_TOO_LARGE",
  internal: "INTERNAL",
} as const;
export type RelayErrorCode = (typeof RelayErrorCodes)[keyof typeof RelayErrorCodes];

export const RELAY_ACTIONS = ["subscribe", "unsubscribe", "publish", "ping"] as const;

export interface RelayLogEntry {
  readonly level: "info" | "warn" | "error";
  readonly event: string;
  readonly connectionId: string;
  readonly detail?: string;
}

export interface RelayOptions {
  /** Largest frame accepted, in UTF-8 bytes. @default 131072 (128 KB) */
  readonly maxMessageBytes?: number;
  /** Refuse a connection (e.g. missing token). @default accept every connection */
  readonly authorize?: (context: ConnectionContext) => Promise<ConnectDecision> | ConnectDecision;
  /** Structured log sink. @default nothing is logged */
  readonly log?: (entry: RelayLogEntry) => void;
}

export interface ErrorFrame {
  readonly type: "error";
  readonly code: RelayErrorCode;
  readonly message: string;
}

/** Pure: is this a topic the relay accepts? */
export function isValidTopic(topic: unknown): topic is string {
  return typeof topic === "string" && TOPIC_PATTERN.test(topic);
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

type Parsed =
  | { readonly ok: true; readonly action: "subscribe" | "unsubscribe"; readonly topic: string }
  | { readonly ok: true; readonly action: "publish"; readonly topic: string; readonly payload: unknown }
  | { readonly ok: true; readonly action: "ping" }
  | { readonly ok: false; readonly error: ErrorFrame };

const fail = (code: RelayErrorCode, message: string): Parsed => ({ ok: false, error: { type: "error", code, message } });

/** Deepest JSON nesting accepted: deeper frames overflow the stack of JSON.stringify when echoed (issue 14). */
export const MAX_FRAME_DEPTH = 64;

/** Pure: the deepest `[`/`{` nesting of a JSON text, counted without recursion (brackets inside strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Pure: parses and validates one client frame. */
export function parseFrame(data: string, maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES): Parsed {
  const bytes = Buffer.byteLength(data, "utf8");
  if (bytes > maxMessageBytes) return fail(RelayErrorCodes.messageTooLarge, `the frame is ${bytes} bytes; the limit is ${maxMessageBytes} bytes`);
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return fail(RelayErrorCodes.malformedJson, "the frame is not valid JSON; send an object such as {\"action\":\"ping\"}");
  }
  const depth = jsonDepth(data);
  if (depth > MAX_FRAME_DEPTH) return fail(RelayErrorCodes.invalidFrame, `the frame nests ${depth} levels deep; the limit is ${MAX_FRAME_DEPTH}`);
  if (typeof frame !== "object" || frame === null || Array.isArray(frame)) {
    return fail(RelayErrorCodes.invalidFrame, `the frame must be a JSON object with an "action", got ${describe(frame)}`);
  }
  const { action, topic } = frame as Record<string, unknown>;
  if (action === "ping") return { ok: true, action };
  if (action !== "subscribe" && action !== "unsubscribe" && action !== "publish") {
    return fail(RelayErrorCodes.unknownAction, `action: ${describe(action)} is not known; allowed: ${RELAY_ACTIONS.join(", ")}`);
  }
  if (!isValidTopic(topic)) {
    return fail(RelayErrorCodes.invalidTopic, `topic: ${describe(topic)} is not valid; expected 1-128 characters of A-Z a-z 0-9 . _ : -`);
  }
  if (action === "publish") {
    if (!("payload" in (frame as object))) return fail(RelayErrorCodes.missingPayload, "payload is missing; publish needs {\"topic\", \"payload\"}");
    return { ok: true, action, topic, payload: (frame as Record<string, unknown>).payload };
  }
  return { ok: true, action, topic };
}

export function createRelayApp(options: RelayOptions = {}): WebSocketApp {
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const log = options.log ?? (() => undefined);

  // Replying must never throw out of a handler: a host failure is logged, not propagated.
  const reply = async (context: ConnectionContext, frame: object): Promise<void> => {
    try {
      await context.connections.send(context.connectionId, JSON.stringify(frame));
    } catch (error) {
      log({ level: "warn", event: "reply-failed", connectionId: context.connectionId, detail: String((error as Error)?.message ?? error) });
    }
  };

  return {
    async onConnect(context) {
      if (!options.authorize) return { accept: true };
      try {
        return await options.authorize(context);
      } catch (error) {
        log({ level: "error", event: "authorize-failed", connectionId: context.connectionId, detail: String((error as Error)?.message ?? error) });
        return { accept: false, status: 500, reason: "authorization failed" };
      }
    },

    async onMessage(context, data) {
      try {
        const parsed = parseFrame(typeof data === "string" ? data : String(data), maxMessageBytes);
        if (!parsed.ok) {
          log({ level: "info", event: "rejected", connectionId: context.connectionId, detail: parsed.error.code });
          return await reply(context, parsed.error);
        }
        switch (parsed.action) {
          case "ping":
            return await reply(context, { type: "pong" });
          case "subscribe":
            await context.connections.subscribe(context.connectionId, parsed.topic);
            return await reply(context, { type: "subscribed", topic: parsed.topic });
          case "unsubscribe":
            await context.connections.unsubscribe(context.connectionId, parsed.topic);
            return await reply(context, { type: "unsubscribed", topic: parsed.topic });
          case "publish": {
            const message = JSON.stringify({ type: "message", topic: parsed.topic, payload: parsed.payload });
            const result = await context.connections.broadcast(message, { topic: parsed.topic });
            return await reply(context, { type: "published", topic: parsed.topic, delivered: result.delivered });
          }
        }
      } catch (error) {
        log({ level: "error", event: "handler-failed", connectionId: context.connectionId, detail: String((error as Error)?.message ?? error) });
        await reply(context, { type: "error", code: RelayErrorCodes.internal, message: "the server could not handle this frame; try again" });
      }
    },

    async onDisconnect(context) {
      // The host removes the connection and its subscriptions from its registry; nothing to add here.
      log({ level: "info", event: "disconnected", connectionId: context.connectionId });
    },
  };
}

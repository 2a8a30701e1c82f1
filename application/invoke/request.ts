/**
 * What `invoke` is asked to send, checked before anything is opened: every refusal names the flag,
 * quotes the value and says what is allowed.
 */
import { COMPONENT_KINDS, type ComponentKind } from "../../domain";

export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type Method = (typeof METHODS)[number];

/** API Gateway refuses WebSocket frames over 128 KB (API Gateway quotas: "WebSocket frame size"). */
export const MAX_MESSAGE_BYTES = 128 * 1024;
/** An HTTP API payload is at most 10 MB (API Gateway quotas for HTTP APIs); a body beyond is refused before sending. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface InvokeFlags {
  readonly component?: string;
  readonly path?: string;
  readonly method?: string;
  readonly data?: string;
  readonly header?: readonly string[];
  readonly message?: string;
  readonly timeout?: string;
}

export type InvokePlan =
  | { readonly component: "rest-api"; readonly path: string; readonly method: Method; readonly headers: Readonly<Record<string, string>>; readonly body?: string; readonly timeoutMs: number }
  | { readonly component: "websocket"; readonly message: string; readonly timeoutMs: number };

export type PlanResult = { readonly ok: true; readonly plan: InvokePlan } | { readonly ok: false; readonly problem: string };

// RFC 9110 §5.6.2: a field name is a token.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function parseHeader(text: string): [string, string] | string {
  const colon = text.indexOf(":");
  if (colon <= 0) return `--header ${JSON.stringify(text)} is not a header; allowed: name:value, e.g. authorization:Bearer <token>`;
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  if (!TOKEN.test(name)) return `--header ${JSON.stringify(text)} has the name ${JSON.stringify(name)}; allowed: letters, digits and !#$%&'*+.^_\`|~-`;
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) return `--header ${JSON.stringify(text)} has a control character in its value; allowed: visible characters, spaces and tabs`;
  // Header values are bytes (fetch's ByteString): a character beyond U+00FF cannot be sent.
  if (/[^\u0000-\u00ff]/.test(value)) return `--header ${JSON.stringify(text)} has a character beyond Latin-1 in its value; allowed: ASCII (percent-encode anything else)`;
  return [name.toLowerCase(), value];
}

export function parseInvoke(flags: InvokeFlags): PlanResult {
  const refuse = (problem: string): PlanResult => ({ ok: false, problem });
  const timeoutText = flags.timeout ?? "10";
  if (!/^\d{1,3}$/.test(timeoutText) || Number(timeoutText) < 1 || Number(timeoutText) > 120) return refuse(`--timeout ${JSON.stringify(timeoutText)} is not valid; allowed: whole seconds 1-120`);
  const timeoutMs = Number(timeoutText) * 1000;
  const component = flags.component ?? "rest-api";
  if (!(COMPONENT_KINDS as readonly string[]).includes(component)) return refuse(`--component ${JSON.stringify(component)} is not a component; allowed: ${COMPONENT_KINDS.join(", ")}`);
  const kind = component as ComponentKind;

  if (kind === "websocket") {
    for (const [flag, value] of [["--path", flags.path], ["--method", flags.method], ["--data", flags.data]] as const) {
      if (value !== undefined) return refuse(`${flag} applies to --component rest-api; a WebSocket invoke sends --message`);
    }
    if (flags.header?.length) return refuse("--header applies to --component rest-api; a WebSocket invoke sends --message");
    if (flags.message === undefined) return refuse("--component websocket needs --message <text>, e.g. --message '{\"action\":\"ping\"}'");
    const bytes = Buffer.byteLength(flags.message, "utf8");
    if (bytes === 0) return refuse("--message is empty; allowed: 1 byte to 128 KB of text");
    if (bytes > MAX_MESSAGE_BYTES) return refuse(`--message is ${bytes} bytes; allowed: at most ${MAX_MESSAGE_BYTES} (128 KB, API Gateway's frame limit)`);
    return { ok: true, plan: { component: "websocket", message: flags.message, timeoutMs } };
  }

  if (flags.message !== undefined) return refuse("--message applies to --component websocket; a REST invoke sends --data");
  const path = flags.path ?? "/";
  if (!path.startsWith("/") || path.startsWith("//") || /[\s\u0000-\u001f\u007f#]/.test(path)) {
    return refuse(`--path ${JSON.stringify(path)} is not a path; allowed: one starting with a single "/", without spaces, control characters or "#" (a query string is fine), e.g. /health`);
  }
  const method = (flags.method ?? (flags.data !== undefined ? "POST" : "GET")).toUpperCase();
  if (!(METHODS as readonly string[]).includes(method)) return refuse(`--method ${JSON.stringify(flags.method)} is not a method; allowed: ${METHODS.join(", ")}`);
  if (flags.data !== undefined && (method === "GET" || method === "HEAD")) return refuse(`--data cannot go with --method ${method} (no body); allowed: POST, PUT, PATCH, DELETE, OPTIONS`);
  if (flags.data !== undefined) {
    try {
      JSON.parse(flags.data);
    } catch (error) {
      return refuse(`--data ${JSON.stringify(flags.data.slice(0, 80))} is not JSON (${(error as Error).message}); allowed: one JSON value, e.g. '{"type":"ping"}'`);
    }
    if (Buffer.byteLength(flags.data, "utf8") > MAX_BODY_BYTES) return refuse(`--data is over ${MAX_BODY_BYTES} bytes (10 MB, API Gateway's HTTP API payload limit)`);
  }
  const headers: Record<string, string> = {};
  for (const text of flags.header ?? []) {
    const parsed = parseHeader(text);
    if (typeof parsed === "string") return refuse(parsed);
    headers[parsed[0]] = parsed[1];
  }
  if (flags.data !== undefined && headers["content-type"] === undefined) headers["content-type"] = "application/json";
  return { ok: true, plan: { component: "rest-api", path, method: method as Method, headers, ...(flags.data !== undefined ? { body: flags.data } : {}), timeoutMs } };
}

/**
 * How the contract suite meets a stack whose components have auth (docs/auth.md, "verify"):
 *
 * - the stack's auth config says which probes need a token (the same route choice as API Gateway,
 *   domain/config/auth-routes.ts): public routes are probed without one;
 * - with a token (`SEMANTEST_VERIFY_TOKEN` or `--token`), protected probes send it as
 *   `Authorization: Bearer` (REST, negotiate, a `header` WebSocket) or `?access_token=` (a `query`
 *   WebSocket); a refusal of it (401/403) fails the check and says so;
 * - without one, they are skipped ("needs a token"), never failed, and the `auth` check proves the
 *   authorizer is there: a protected route answers 401 to an anonymous call (and to a forged token).
 *
 * The token is a credential: it never reaches a check's detail (`redact`), the report or an event.
 * Reading the stack's auth and the route rule: stack-auth.ts.
 */
// Types only: `--help` loads this file (through the verify command's flags) and must load no domain module.
import type { RestApiAuth, WebSocketAuth } from "../../domain";

/** The parts of the stack's auth the suite needs: which routes are public, where a WebSocket token goes. */
export interface VerifyAuth {
  readonly rest?: Pick<RestApiAuth, "routes" | "scopes">;
  readonly webSocket?: Pick<WebSocketAuth, "tokenSource">;
}

/** The environment variable a CI job puts the token in (kept out of the command line, `ps` and shell history). */
export const VERIFY_TOKEN_ENV = "SEMANTEST_VERIFY_TOKEN";
/** Longest token accepted: the verifiers' own limit (runtime/shared/auth.ts TOKEN_MAX_CHARS). */
export const VERIFY_TOKEN_MAX_CHARS = 16 * 1024;
/** Printed in place of the token wherever it would appear. */
export const REDACTED = "[token]";

/** A compact JWS (`header.payload.signature`, base64url), the only form API Gateway's JWT authorizer takes. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The token from `--token` or the environment: a `Bearer ` prefix is dropped; anything but a compact
 * JWS is refused with a message that names the source and never quotes the value.
 */
export function parseVerifyToken(raw: string | undefined, source: string): { readonly ok: true; readonly token: string | undefined } | { readonly ok: false; readonly message: string } {
  if (raw === undefined) return { ok: true, token: undefined };
  const token = raw.trim().replace(/^Bearer\s+/i, "");
  if (token.length === 0) return { ok: false, message: `${source} is empty; allowed: a JWT from the stack's issuer (header.payload.signature)` };
  if (token.length > VERIFY_TOKEN_MAX_CHARS) return { ok: false, message: `${source} has ${token.length} characters; allowed: a JWT of at most ${VERIFY_TOKEN_MAX_CHARS} (the value is not shown)` };
  if (!COMPACT_JWS.test(token)) return { ok: false, message: `${source} is not a JWT; allowed: three base64url parts separated by dots, header.payload.signature (the value is not shown)` };
  return { ok: true, token };
}

/** Every occurrence of the token (and its URL-encoded form) replaced by `[token]`. */
export function redact(text: string, token: string | undefined): string {
  if (!token) return text;
  let out = text.split(token).join(REDACTED);
  const encoded = encodeURIComponent(token);
  if (encoded !== token) out = out.split(encoded).join(REDACTED);
  return out;
}

/** The same token with its signature changed: what a forger would send; a verifying authorizer answers 401. */
export function forgedToken(token: string): string {
  const cut = token.lastIndexOf(".") + 1;
  const signature = token.slice(cut);
  const first = signature[0] === "A" ? "B" : "A";
  return `${token.slice(0, cut)}${first}${signature.slice(1)}`;
}

/** Where to put the token and how to ask for one, in one sentence for skipped checks. */
export const NEEDS_TOKEN_HINT = `pass a token from the stack's issuer in ${VERIFY_TOKEN_ENV} (or --token)`;

/**
 * JWT verification for the hosts that check tokens themselves (the `$connect` Lambda authorizer,
 * the Azure REST adapter and negotiate, the local gateway's HTTP API emulation), with `jose`
 * (panva/jose: the JOSE library with no dependencies that also runs in Lambda and Functions).
 *
 * It checks what API Gateway's JWT authorizer checks, so a token that passes on one cloud passes on
 * the other (API Gateway Developer Guide, "Control access to HTTP APIs with JWT authorizers",
 * "Authorizing API requests"):
 * - the token is read from the identity source as is or after `Bearer `;
 * - its signature with a key of the issuer's `jwks_uri`, found through
 *   `<issuer>/.well-known/openid-configuration` (OpenID Connect Discovery 1.0, section 4); only
 *   RSA algorithms ("Currently, only RSA-based algorithms are supported") and a `kid` header naming
 *   the key;
 * - `iss` equal to the issuer, `exp` after and `nbf` before now;
 * - `aud` one of the audiences, or `client_id` when the token has no `aud` ("API Gateway validates
 *   client_id only if aud is not present", "Troubleshooting issues with HTTP API JWT authorizers");
 * - at least one of the route's scopes in `scope` (space-separated, RFC 6749 section 3.3) or `scp`.
 * A missing or invalid token is 401, a valid one without the scope is 403, with a
 * `www-authenticate: Bearer` header as API Gateway sends (RFC 6750 section 3).
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from "jose";
import type { JwtSettings } from "../../domain/config/auth";

import { AUTH_ENV } from "./auth-contract";

export { AUTH_ENV } from "./auth-contract";
/** API Gateway's JWT authorizers accept RSA signatures only (see above). */
export const JWT_ALGORITHMS = ["RS256", "RS384", "RS512"];
/** API Gateway gives the JWKS and discovery endpoints 1,500 ms each ("Quotas for configuring and running an HTTP API"). */
export const DISCOVERY_TIMEOUT_MS = 1500;
/** Longest token read from a header or query string (an Entra ID token with many groups is ~8 KB). */
export const TOKEN_MAX_CHARS = 16 * 1024;

export type Claims = Readonly<JWTPayload & Record<string, unknown>>;

export type Verification =
  | { readonly ok: true; readonly claims: Claims; readonly scopes: readonly string[] }
  | { readonly ok: false; readonly status: 401 | 403; readonly error: "invalid_token" | "insufficient_scope"; readonly description: string };

export interface JwtVerifier {
  /** Checks a token (with or without `Bearer `) and that it carries one of `requiredScopes` (none = any valid token). */
  verify(token: string | undefined, requiredScopes?: readonly string[]): Promise<Verification>;
}

export interface JwtVerifierOptions extends JwtSettings {
  /** Where discovery documents and keys are fetched from. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Allowed clock difference for exp/nbf. @default 0 (API Gateway allows none it documents) */
  readonly clockToleranceSeconds?: number;
}

/** `Bearer abc` or `abc` -> `abc`; anything else (empty, too long, with spaces) -> undefined. */
export function bearerToken(value: string | undefined | null): string | undefined {
  if (typeof value !== "string") return undefined;
  const token = /^bearer /i.test(value) ? value.slice(7).trim() : value.trim();
  return token.length > 0 && token.length <= TOKEN_MAX_CHARS && /^[A-Za-z0-9_.~+/=-]+$/.test(token) ? token : undefined;
}

/** The token's scopes: `scope` (a space-separated string) or `scp` (a string or a list, as Entra ID and Okta send it). */
export function tokenScopes(claims: Claims): string[] {
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === "string") return raw.split(" ").filter(Boolean);
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === "string");
  return [];
}

/** API Gateway: "the token must include at least one of the route's scopes"; a route without scopes takes any valid token. */
export function hasAnyScope(granted: readonly string[], required: readonly string[]): boolean {
  return required.length === 0 || required.some((scope) => granted.includes(scope));
}

/** The answer's `www-authenticate` header for a refusal (RFC 6750 section 3, as API Gateway writes it). */
export function wwwAuthenticate(refusal: Extract<Verification, { ok: false }>): string {
  return `Bearer error="${refusal.error}" error_description="${refusal.description.replace(/["\\\r\n]/g, "")}"`;
}

/**
 * Where an issuer's discovery document is: `<issuer>/.well-known/openid-configuration`, a trailing
 * slash of the issuer removed first (OpenID Connect Discovery 1.0, section 4). Issuers are https;
 * plain http only on the loopback interface (the local gateway's issuer).
 */
export function discoveryUrl(issuer: string): URL {
  const url = new URL(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`);
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new Error(`issuer ${JSON.stringify(issuer)} is not https; only an issuer on 127.0.0.1 (the local gateway's) may use http`);
  }
  return url;
}

export type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * An issuer's signing keys, found through its discovery document on first use (then `jwks_uri`,
 * which jose caches and refreshes on an unknown kid); a failed look-up is retried by the next call.
 */
export function discoveredKeySet(issuer: string, options: { readonly fetch?: typeof fetch; readonly timeoutMs?: number } = {}): () => Promise<KeySet> {
  const fetcher = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DISCOVERY_TIMEOUT_MS;
  let keys: Promise<KeySet> | undefined;
  return () =>
    (keys ??= (async () => {
      const response = await fetcher(discoveryUrl(issuer), { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
      if (!response.ok) throw new Error(`the issuer's discovery document answered ${response.status}`);
      const document = (await response.json()) as { jwks_uri?: unknown; issuer?: unknown };
      if (typeof document.jwks_uri !== "string") throw new Error("the issuer's discovery document has no jwks_uri");
      return createRemoteJWKSet(new URL(document.jwks_uri), { timeoutDuration: timeoutMs });
    })().catch((error: unknown) => {
      keys = undefined; // the next request tries again
      throw error;
    }));
}

export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const keySet = discoveredKeySet(options.issuer, options.fetch ? { fetch: options.fetch } : {});
  const refuse = (status: 401 | 403, error: "invalid_token" | "insufficient_scope", description: string): Verification => ({ ok: false, status, error, description });

  return {
    async verify(raw, requiredScopes = []) {
      const token = bearerToken(raw);
      if (!token) return refuse(401, "invalid_token", raw === undefined || raw === "" ? "no token" : "the token is not a JWT");
      let kid: unknown;
      try {
        kid = decodeProtectedHeader(token).kid;
      } catch {
        return refuse(401, "invalid_token", "the token is not a JWT");
      }
      if (typeof kid !== "string") return refuse(401, "invalid_token", "the token has no kid header");
      let jwks: Awaited<ReturnType<typeof keySet>>;
      try {
        jwks = await keySet();
      } catch (error) {
        console.error(JSON.stringify({ level: "error", message: "could not read the issuer's keys", issuer: options.issuer, error: String(error) }));
        return refuse(401, "invalid_token", "the issuer's keys could not be fetched");
      }
      let claims: Claims;
      try {
        ({ payload: claims } = await jwtVerify(token, jwks, {
          issuer: options.issuer,
          algorithms: JWT_ALGORITHMS,
          requiredClaims: ["exp"],
          clockTolerance: options.clockToleranceSeconds ?? 0,
        }));
      } catch (error) {
        return refuse(401, "invalid_token", describe(error));
      }
      if (!audienceMatches(claims, options.audiences)) return refuse(401, "invalid_token", "the token does not have a valid audience");
      const scopes = tokenScopes(claims);
      if (!hasAnyScope(scopes, requiredScopes)) return refuse(403, "insufficient_scope", `the token has none of the scopes ${requiredScopes.join(", ")}`);
      return { ok: true, claims, scopes };
    },
  };
}

function audienceMatches(claims: Claims, audiences: readonly string[]): boolean {
  const aud = claims.aud;
  if (aud === undefined) return typeof claims.client_id === "string" && audiences.includes(claims.client_id);
  return (Array.isArray(aud) ? aud : [aud]).some((a) => typeof a === "string" && audiences.includes(a));
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "the token has expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not valid`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the token's signature is not valid";
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the issuer matches the token's kid";
  if (error instanceof errors.JOSEAlgNotAllowed) return `the token's algorithm is not one of ${JWT_ALGORITHMS.join(", ")}`;
  return "the token is not valid";
}

/** A claim as the connection's user id: a string (or number) of 1 to 128 characters; otherwise none. */
export function claimString(claims: Claims, name: string): string | undefined {
  const value = claims[name];
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  return typeof text === "string" && text.length > 0 && text.length <= 128 ? text : undefined;
}

/** A claim as a list of strings (a list, or one space-separated string), at most `max` items. */
export function claimList(claims: Claims, name: string, max = 100): string[] {
  const value = claims[name];
  const items = typeof value === "string" ? value.split(" ") : Array.isArray(value) ? value : [];
  return items.filter((item): item is string => typeof item === "string" && item.length > 0 && item.length <= 256).slice(0, max);
}

/**
 * A component's auth from its `SEMANTEST_AUTH` setting (components/aws/auth.ts, components/azure/auth.ts);
 * undefined when the component has none. A malformed value throws: the host then fails closed
 * (every request refused) instead of serving without the checks it was deployed with.
 */
export function authFromEnv<A extends JwtSettings>(env: Readonly<Record<string, string | undefined>>): A | undefined {
  const raw = env[AUTH_ENV];
  if (raw === undefined || raw === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${AUTH_ENV} is not JSON; it must be the component's auth settings as the stack writes them`);
  }
  const settings = value as Partial<JwtSettings> | null;
  if (!settings || typeof settings.issuer !== "string" || !Array.isArray(settings.audiences) || !settings.audiences.every((a) => typeof a === "string")) {
    throw new Error(`${AUTH_ENV} has no issuer and audiences; it must be the component's auth settings as the stack writes them`);
  }
  discoveryUrl(settings.issuer); // https, or http on the loopback interface only
  return value as A;
}

/**
 * The local gateway's token issuer: an OpenID Connect issuer on 127.0.0.1 with its own RSA key,
 * serving the discovery document and the JWKS exactly where API Gateway and runtime/shared/auth.ts
 * look for them, and minting tokens for tests and for you (`POST /token`). The components' auth
 * settings keep their audiences, scopes and routes; only the issuer becomes this one.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { TOKEN_QUERY_PARAMETER, type RestApiAuth, type WebSocketAuth } from "../../domain/config/auth";
import { AUTH_ENV } from "../shared/auth-contract";
import { createJwtVerifier, wwwAuthenticate, type JwtVerifier } from "../shared/auth";
import { jwtAuthorizerContext } from "../shared/auth-claims";
import { authorizeRequest } from "../shared/auth-routes";
import { readBody } from "./aws/http-api";
import type { InvokeOutcome } from "./worker";
import type { ConnectAuthDecision, HttpApiAuthDecision } from "./auth-decisions";

export type { ConnectAuthDecision, HttpApiAuthDecision } from "./auth-decisions";

export const LOCAL_ISSUER_ALGORITHM = "RS256";
/** Longest `POST /token` body read. */
export const TOKEN_REQUEST_MAX_BYTES = 16 * 1024;
/** Longest lifetime a local token may ask for: one day. */
export const TOKEN_MAX_SECONDS = 86_400;

export interface TokenRequest {
  /** `sub`. @default "local-user" */
  readonly subject?: string;
  /** `aud`; `null` = no `aud` claim (a token with only `client_id`). @default the issuer's default audience */
  readonly audience?: string | readonly string[] | null;
  /** Written as the space-separated `scope` claim. */
  readonly scopes?: readonly string[];
  /** Seconds until `exp` (negative: an expired token, for tests). @default 3600 */
  readonly expiresInSeconds?: number;
  /** Any other claims (`roles`, `email`...). */
  readonly claims?: Readonly<Record<string, unknown>>;
}

export interface LocalIssuer {
  /** `http://127.0.0.1:<port>`: the issuer URL, `iss` of every token. */
  readonly issuer: string;
  readonly jwksUri: string;
  issue(request?: TokenRequest): Promise<string>;
  close(): Promise<void>;
}

export interface LocalIssuerOptions {
  /** @default 127.0.0.1 */
  readonly host?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** The audience a token gets when the request names none. @default "semantest-local" */
  readonly defaultAudience?: string;
}

/** What a `POST /token` body may hold; every problem names the field, the value and what is allowed. */
export function parseTokenRequest(raw: unknown): { ok: true; value: TokenRequest } | { ok: false; message: string } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, message: "the body is not a JSON object; allowed: { subject?, audience?, scopes?, expiresInSeconds?, claims? }" };
  const body = raw as Record<string, unknown>;
  const own = (key: string) => (Object.prototype.hasOwnProperty.call(body, key) ? body[key] : undefined);
  const unknown = Object.keys(body).filter((key) => !["subject", "audience", "scopes", "expiresInSeconds", "claims"].includes(key));
  if (unknown.length > 0) return { ok: false, message: `${JSON.stringify(unknown[0]!.slice(0, 40))} is not a field; allowed: subject, audience, scopes, expiresInSeconds, claims` };
  const subject = own("subject");
  if (subject !== undefined && (typeof subject !== "string" || subject.length === 0 || subject.length > 128)) return { ok: false, message: `subject ${short(subject)} is not allowed; allowed: a string of 1 to 128 characters` };
  const audience = own("audience");
  const isAudience = (a: unknown) => typeof a === "string" && a.length > 0 && a.length <= 1024;
  if (audience !== undefined && !isAudience(audience) && !(Array.isArray(audience) && audience.length > 0 && audience.length <= 50 && audience.every(isAudience))) {
    return { ok: false, message: `audience ${short(audience)} is not allowed; allowed: a string or a list of 1 to 50 strings` };
  }
  const scopes = own("scopes");
  if (scopes !== undefined && !(Array.isArray(scopes) && scopes.length <= 50 && scopes.every((s) => typeof s === "string" && /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/.test(s)))) {
    return { ok: false, message: `scopes ${short(scopes)} is not allowed; allowed: a list of at most 50 scope strings without spaces` };
  }
  const expires = own("expiresInSeconds");
  if (expires !== undefined && !(typeof expires === "number" && Number.isInteger(expires) && Math.abs(expires) <= TOKEN_MAX_SECONDS)) {
    return { ok: false, message: `expiresInSeconds ${short(expires)} is not allowed; allowed: a whole number from -${TOKEN_MAX_SECONDS} to ${TOKEN_MAX_SECONDS}` };
  }
  const claims = own("claims");
  if (claims !== undefined && (typeof claims !== "object" || claims === null || Array.isArray(claims))) return { ok: false, message: `claims ${short(claims)} is not allowed; allowed: a JSON object` };
  const reserved = Object.keys((claims ?? {}) as object).find((key) => ["iss", "exp", "iat", "nbf"].includes(key));
  if (reserved) return { ok: false, message: `claims.${reserved} is set by the issuer; allowed: any other claim` };
  return { ok: true, value: { subject: subject as string | undefined, audience: audience as string | string[] | undefined, scopes: scopes as string[] | undefined, expiresInSeconds: expires as number | undefined, claims: claims as Record<string, unknown> | undefined } };
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export async function startLocalIssuer(options: LocalIssuerOptions = {}): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(LOCAL_ISSUER_ALGORITHM, { extractable: true });
  // The key's RFC 7638 thumbprint: two issuers started in the same millisecond (a time-based kid
  // gave both the same) must not name each other's keys.
  const publicJwk = await exportJWK(publicKey);
  const kid = `local-${await calculateJwkThumbprint(publicJwk)}`;
  const jwk: JWK = { ...publicJwk, kid, alg: LOCAL_ISSUER_ALGORITHM, use: "sig" };
  let issuer = "";
  const defaultAudience = options.defaultAudience ?? "semantest-local";

  const issue = async (request: TokenRequest = {}): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const { scopes, claims } = request;
    const jwt = new SignJWT({ ...(claims ?? {}), ...(scopes && scopes.length > 0 ? { scope: scopes.join(" ") } : {}) })
      .setProtectedHeader({ alg: LOCAL_ISSUER_ALGORITHM, kid, typ: "JWT" })
      .setIssuer(issuer)
      .setSubject(request.subject ?? "local-user");
    if (request.audience !== null) jwt.setAudience(request.audience === undefined ? defaultAudience : (request.audience as string | string[]));
    return jwt
      .setIssuedAt(now)
      .setExpirationTime(now + (request.expiresInSeconds ?? 3600))
      .sign(privateKey);
  };

  const json = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/.well-known/openid-configuration") {
      json(res, 200, { issuer, jwks_uri: `${issuer}/.well-known/jwks.json`, token_endpoint: `${issuer}/token`, id_token_signing_alg_values_supported: [LOCAL_ISSUER_ALGORITHM] });
    } else if (req.method === "GET" && path === "/.well-known/jwks.json") {
      json(res, 200, { keys: [jwk] });
    } else if (path === "/token" && req.method !== "POST") {
      json(res, 405, { error: "method_not_allowed", message: `${req.method} /token; allowed: POST` });
    } else if (path === "/token") {
      readBody(req, TOKEN_REQUEST_MAX_BYTES)
        .then(async (body) => {
          if (!body) return json(res, 413, { error: "too_large", message: `the body is above ${TOKEN_REQUEST_MAX_BYTES} bytes` });
          let raw: unknown = {};
          try {
            if (body.length > 0) raw = JSON.parse(body.toString("utf8"));
          } catch {
            return json(res, 400, { error: "invalid_request", message: "the body is not JSON; allowed: { subject?, audience?, scopes?, expiresInSeconds?, claims? }" });
          }
          const parsed = parseTokenRequest(raw);
          if (!parsed.ok) return json(res, 400, { error: "invalid_request", message: parsed.message });
          return json(res, 200, { access_token: await issue(parsed.value), token_type: "Bearer" });
        })
        .catch((error: unknown) => {
          if (!res.headersSent && !res.destroyed) json(res, 500, { error: "server_error", message: String((error as Error)?.message ?? error) });
        });
    } else {
      json(res, 404, { error: "not_found", message: `${req.method} ${path.slice(0, 100)}; this issuer serves GET /.well-known/openid-configuration, GET /.well-known/jwks.json and POST /token` });
    }
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  issuer = `http://${options.host ?? "127.0.0.1"}:${address.port}`;
  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    issue,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A component's auth with the local issuer in place of the configured one: audiences, scopes and routes stay. */
export function withLocalIssuer<A extends RestApiAuth | WebSocketAuth>(auth: A | undefined, issuer: string): A | undefined {
  return auth ? { ...auth, issuer } : undefined;
}

/** The setting a Function App (Azure host) checks tokens with: the component's auth, if any (components/azure/auth.ts writes the same). */
export function authEnv(settings: { readonly auth?: RestApiAuth | WebSocketAuth }): Record<string, string> {
  return settings.auth ? { [AUTH_ENV]: JSON.stringify(settings.auth) } : {};
}


/**
 * API Gateway's JWT authorizer in front of the local HTTP API: the route rules and token checks of
 * runtime/shared (the same the Azure adapter applies), and what API Gateway hands the integration:
 * `requestContext.authorizer.jwt.claims` (values as strings) and `.scopes`.
 */
export function httpApiJwtAuthorizer(auth: RestApiAuth, verifier: JwtVerifier = createJwtVerifier(auth)): (event: { readonly rawPath: string; readonly headers: Readonly<Record<string, string>>; readonly requestContext: { readonly http: { readonly method: string } } }) => Promise<HttpApiAuthDecision> {
  return async (event) => {
    const decision = await authorizeRequest(auth, verifier, { method: event.requestContext.http.method, path: event.rawPath, header: (name) => event.headers[name] });
    if (!decision.ok) {
      return { ok: false, status: decision.status, headers: { "content-type": "application/json", "www-authenticate": wwwAuthenticate(decision) }, body: JSON.stringify({ message: decision.status === 401 ? "Unauthorized" : "Forbidden" }) };
    }
    if (!decision.verification) return { ok: true, routeKey: decision.routeKey };
    return { ok: true, routeKey: decision.routeKey, authorizer: jwtAuthorizerContext(decision.verification) };
  };
}


/**
 * API Gateway running a WebSocket API's Lambda REQUEST authorizer before `$connect`: no identity
 * source -> 401 without calling it; the error "Unauthorized" -> 401; a Deny policy -> 403; any other
 * failure -> 500; an Allow policy -> `$connect` runs with `requestContext.authorizer` = the context
 * plus `principalId` (API Gateway Developer Guide, "Output from an API Gateway Lambda authorizer").
 */
export function connectAuthorizer(options: {
  readonly tokenSource: WebSocketAuth["tokenSource"];
  readonly invoke: (event: unknown, requestId: string) => Promise<InvokeOutcome>;
}): (event: { readonly headers?: Readonly<Record<string, string>>; readonly queryStringParameters?: Readonly<Record<string, string>>; readonly requestContext: Readonly<Record<string, unknown>> & { readonly apiId?: unknown; readonly stage?: unknown } }, requestId: string) => Promise<ConnectAuthDecision> {
  return async (event, requestId) => {
    const header = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === "authorization")?.[1];
    const identity = options.tokenSource === "header" ? header : event.queryStringParameters?.[TOKEN_QUERY_PARAMETER];
    if (!identity) return { ok: false, status: 401 };
    const methodArn = `arn:aws:execute-api:us-east-1:000000000000:${String(event.requestContext.apiId)}/${String(event.requestContext.stage)}/$connect`;
    const outcome = await options.invoke({ type: "REQUEST", methodArn, ...event, stageVariables: {} }, requestId);
    if (!outcome.ok) return { ok: false, status: outcome.error.errorMessage === "Unauthorized" ? 401 : 500 };
    const result = outcome.result as { principalId?: unknown; policyDocument?: { Statement?: { Effect?: string }[] }; context?: Record<string, unknown> } | null;
    const allowed = result?.policyDocument?.Statement?.length && result.policyDocument.Statement.every((s) => s.Effect === "Allow");
    return allowed ? { ok: true, authorizer: { ...(result.context ?? {}), principalId: result.principalId } } : { ok: false, status: 403 };
  };
}

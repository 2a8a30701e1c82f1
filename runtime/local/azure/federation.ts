/**
 * A local Microsoft Entra ID token endpoint for workload identity federation: a function that is
 * not on Azure (the REST Lambda of a mixed stack) presents an external JWT as the client assertion
 * of a user-assigned identity and gets that identity's access token, which the Web PubSub emulator
 * accepts like the local managed identity's (same HS256 identity key: ./identity.ts, ./web-pubsub.ts).
 * What it checks is what Entra checks:
 *
 * - the request: `POST /{tenant}/oauth2/v2.0/token`, `grant_type=client_credentials`, a `client_id`
 *   it knows, `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`,
 *   `scope=<resource>/.default` (Microsoft identity platform, "client credentials flow: second
 *   case, access token request with a federated credential");
 * - the assertion against the identity's federated identity credentials: an exact issuer, its
 *   signature with the issuer's published keys (OIDC discovery on the issuer, then `jwks_uri`),
 *   RS256 only ("Only issuers that provide tokens signed using the RS256 algorithm are supported":
 *   Entra, "Important considerations and restrictions for federated identity credentials"), the
 *   time range, then an exact audience and subject. Refusals carry Entra's codes: AADSTS700211
 *   (issuer), AADSTS700212 (audience), AADSTS700213 (subject), AADSTS700024 (time range),
 *   AADSTS7000215-style `invalid_client` for a bad signature, AADSTS70011 (scope).
 *
 * MSAL (through @azure/identity's ClientAssertionCredential with `authorityHost` pointed here)
 * first reads `/{tenant}/v2.0/.well-known/openid-configuration`, which is served too, and only
 * talks to an https authority: the server is TLS, with a certificate the caller trusts.
 */
import { randomUUID } from "crypto";
import * as http from "http";
import * as https from "https";
import type { AddressInfo } from "net";
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { answerClientErrors, guardRequests, requestUrl } from "../safe-input";
import { readBody } from "../aws/http-api";
import { WEB_PUBSUB_RESOURCE } from "./identity";
import { signJwt } from "./jwt";
import { discoveredKeySet, type KeySet } from "../../shared/auth";

const MAX_REQUEST_BYTES = 64 * 1024;
export const JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const ACCESS_TOKEN_SECONDS = 3600;
/** Entra tolerates a few minutes of clock skew on assertions. */
const CLOCK_TOLERANCE_SECONDS = 300;

/** A federated identity credential (Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials). */
export interface FederatedCredential {
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: readonly string[];
}

export interface FederatedIdentity {
  readonly clientId: string;
  /** The identity's object id: the access token's `oid` (what role assignments name). */
  readonly principalId: string;
  readonly credentials: readonly FederatedCredential[];
}

export interface LocalEntraOptions {
  readonly tls: { readonly key: string; readonly cert: string };
  readonly tenantId: string;
  readonly identities: readonly FederatedIdentity[];
  /** Signs the access tokens (HS256): the Web PubSub emulator's `identityKey`. */
  readonly signingKey: string;
  /** Resources a token may be asked for (`<resource>/.default`). @default ["https://webpubsub.azure.com"] */
  readonly resources?: readonly string[];
  /** Requests that are not Entra's (e.g. the service REST API behind the same TLS front); false = 404. */
  readonly serve?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
}

export interface TokenCall {
  readonly clientId: string;
  readonly status: number;
  readonly error?: string;
}

export interface LocalEntra {
  /** `https://127.0.0.1:<port>`: ClientAssertionCredential's `authorityHost`. */
  readonly authorityHost: string;
  readonly calls: readonly TokenCall[];
  close(): Promise<void>;
}

/** An Entra token-endpoint error: `{error, error_description, error_codes, timestamp, trace_id, correlation_id}`. */
export class EntraError extends Error {
  constructor(readonly status: number, readonly error: string, readonly code: number, description: string) {
    super(`AADSTS${code}: ${description}`);
  }
  body(): Record<string, unknown> {
    return { error: this.error, error_description: this.message, error_codes: [this.code], timestamp: new Date().toISOString(), trace_id: randomUUID(), correlation_id: randomUUID() };
  }
}

export interface TokenRequest {
  readonly clientId: string;
  readonly scope: string;
  readonly assertion: string;
}

/** The form of a client-credentials request with a client assertion; throws EntraError naming the parameter. */
export function parseTokenRequest(form: URLSearchParams): TokenRequest {
  const grant = form.get("grant_type");
  if (grant !== "client_credentials") throw new EntraError(400, "unsupported_grant_type", 70003, `grant_type ${JSON.stringify(grant)} is not supported here; allowed: client_credentials`);
  const clientId = form.get("client_id");
  if (!clientId) throw new EntraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
  const type = form.get("client_assertion_type");
  if (type !== JWT_BEARER_ASSERTION) throw new EntraError(400, "invalid_request", 900144, `client_assertion_type ${JSON.stringify(type)} is not supported; allowed: ${JWT_BEARER_ASSERTION}`);
  const assertion = form.get("client_assertion");
  if (!assertion) throw new EntraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_assertion'.");
  const scope = form.get("scope");
  if (!scope) throw new EntraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
  return { clientId, scope, assertion };
}

/** `https://webpubsub.azure.com/.default` -> the resource, when it is one of `resources`. */
export function scopeResource(scope: string, resources: readonly string[]): string {
  const scopes = scope.split(/\s+/).filter((s) => s && !["openid", "profile", "offline_access"].includes(s));
  const resource = scopes.length === 1 && scopes[0]!.endsWith("/.default") ? scopes[0]!.slice(0, -"/.default".length) : undefined;
  if (!resource || !resources.includes(resource)) {
    throw new EntraError(400, "invalid_scope", 70011, `The provided value for the input parameter 'scope' is not valid: ${JSON.stringify(scope.slice(0, 200))}; allowed: ${resources.map((r) => `${r}/.default`).join(", ")}`);
  }
  return resource;
}

const claimList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : []);

/**
 * Verifies a client assertion against an identity's federated credentials; returns the credential
 * it matched. `keysOf(issuer)` resolves the issuer's published keys.
 */
export async function verifyAssertion(assertion: string, identity: FederatedIdentity, keysOf: (issuer: string) => KeySet, currentDate?: Date): Promise<FederatedCredential> {
  let unverified: JWTPayload;
  let alg: string | undefined;
  try {
    unverified = decodeJwt(assertion);
    alg = decodeProtectedHeader(assertion).alg;
  } catch {
    throw new EntraError(400, "invalid_client", 50027, "Invalid JWT token: the client assertion is not a JWT.");
  }
  if (alg !== "RS256") throw new EntraError(401, "invalid_client", 5002738, `The client assertion is signed with ${JSON.stringify(alg)}; allowed: RS256.`);
  const issuer = typeof unverified.iss === "string" ? unverified.iss : "";
  const byIssuer = identity.credentials.filter((c) => c.issuer === issuer);
  if (byIssuer.length === 0) throw new EntraError(400, "invalid_client", 700211, `No matching federated identity record found for presented assertion issuer '${issuer.slice(0, 200)}'.`);
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(assertion, keysOf(issuer), { algorithms: ["RS256"], issuer, clockTolerance: CLOCK_TOLERANCE_SECONDS, currentDate }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired || (error instanceof joseErrors.JWTClaimValidationFailed && (error.claim === "nbf" || error.claim === "iat"))) {
      throw new EntraError(400, "invalid_client", 700024, `Client assertion is not within its valid time range (${(error as Error).message}).`);
    }
    throw new EntraError(401, "invalid_client", 7000274, `The client assertion's signature could not be verified with the issuer's keys: ${(error as Error).message}.`);
  }
  if (typeof claims.exp !== "number") throw new EntraError(400, "invalid_client", 700024, "Client assertion has no exp claim; it is not within a valid time range.");
  const audiences = claimList(claims.aud);
  const byAudience = byIssuer.filter((c) => audiences.some((a) => c.audiences.includes(a)));
  if (byAudience.length === 0) throw new EntraError(400, "invalid_client", 700212, `No matching federated identity record found for presented assertion audience '${audiences.join(",").slice(0, 200)}'.`);
  const subject = typeof claims.sub === "string" ? claims.sub : "";
  const matched = byAudience.find((c) => c.subject === subject);
  if (!matched) throw new EntraError(400, "invalid_client", 700213, `No matching federated identity record found for presented assertion subject '${subject.slice(0, 200)}'.`);
  return matched;
}

/** Resolves an issuer's keys through its OIDC discovery document, as Entra does; cached per issuer. */
function issuerKeys(): (issuer: string) => KeySet {
  const cache = new Map<string, () => Promise<KeySet>>();
  return (issuer) => {
    let keySet = cache.get(issuer);
    if (!keySet) cache.set(issuer, (keySet = discoveredKeySet(issuer, { timeoutMs: 5000 })));
    const resolve = keySet;
    return (async (header, token) => (await resolve())(header, token)) as KeySet;
  };
}

export async function startLocalEntra(options: LocalEntraOptions): Promise<LocalEntra> {
  const { tenantId } = options;
  const resources = options.resources ?? [WEB_PUBSUB_RESOURCE];
  const keysOf = issuerKeys();
  const calls: TokenCall[] = [];
  let base = "";
  const json = (res: http.ServerResponse, status: number, body: unknown) => void res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(JSON.stringify(body));

  const token = async (form: URLSearchParams): Promise<Record<string, unknown>> => {
    const request = parseTokenRequest(form);
    const identity = options.identities.find((i) => i.clientId === request.clientId);
    if (!identity) throw new EntraError(400, "unauthorized_client", 700016, `Application with identifier '${request.clientId.slice(0, 80)}' was not found in the directory '${tenantId}'.`);
    const resource = scopeResource(request.scope, resources);
    await verifyAssertion(request.assertion, identity, keysOf);
    const now = Math.floor(Date.now() / 1000);
    const accessToken = signJwt(
      { aud: resource, iss: `https://sts.windows.net/${tenantId}/`, iat: now, nbf: now, exp: now + ACCESS_TOKEN_SECONDS, appid: identity.clientId, oid: identity.principalId, sub: identity.principalId, tid: tenantId, idtyp: "app" },
      options.signingKey,
    );
    return { token_type: "Bearer", expires_in: ACCESS_TOKEN_SECONDS, ext_expires_in: ACCESS_TOKEN_SECONDS, access_token: accessToken };
  };

  const server = https.createServer(
    { key: options.tls.key, cert: options.tls.cert },
    guardRequests(async (req, res) => {
      const path = requestUrl(req.url)?.pathname ?? "";
      const [, tenant = "", ...rest] = path.split("/");
      const route = rest.join("/");
      const ours = tenant === tenantId && ["v2.0/.well-known/openid-configuration", "oauth2/v2.0/token", "discovery/v2.0/keys"].includes(route);
      if (!ours) {
        if (tenant !== "" && tenant !== "api" && ["v2.0/.well-known/openid-configuration", "oauth2/v2.0/token"].includes(route)) {
          return json(res, 400, new EntraError(400, "invalid_tenant", 90002, `Tenant '${tenant.slice(0, 80)}' not found; this local Entra ID serves ${tenantId}.`).body());
        }
        if (!options.serve?.(req, res)) res.writeHead(404).end();
        return;
      }
      const root = `${base}/${tenantId}`;
      if (req.method === "GET" && route === "v2.0/.well-known/openid-configuration") {
        // The fields MSAL requires of an authority's metadata (msal-common OpenIdConfigResponse).
        return json(res, 200, {
          issuer: `${root}/v2.0`,
          authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
          token_endpoint: `${root}/oauth2/v2.0/token`,
          jwks_uri: `${root}/discovery/v2.0/keys`,
          end_session_endpoint: `${root}/oauth2/v2.0/logout`,
          response_types_supported: ["code", "id_token", "token"],
          token_endpoint_auth_methods_supported: ["private_key_jwt", "client_secret_post"],
        });
      }
      // Access tokens are HS256 with the emulator's key: no public keys to publish.
      if (req.method === "GET" && route === "discovery/v2.0/keys") return json(res, 200, { keys: [] });
      const body = await readBody(req, MAX_REQUEST_BYTES);
      if (req.method !== "POST" || route !== "oauth2/v2.0/token") return json(res, 405, new EntraError(405, "invalid_request", 900561, `${req.method} ${path} is not served; allowed: POST /${tenantId}/oauth2/v2.0/token`).body());
      if (!body) return json(res, 413, new EntraError(413, "invalid_request", 90009, `the request is larger than ${MAX_REQUEST_BYTES} bytes`).body());
      const form = new URLSearchParams(body.toString("utf8"));
      const clientId = form.get("client_id") ?? "";
      try {
        const answer = await token(form);
        calls.push({ clientId, status: 200 });
        json(res, 200, answer);
      } catch (error) {
        if (!(error instanceof EntraError)) throw error;
        calls.push({ clientId, status: error.status, error: error.message });
        json(res, error.status, error.body());
      }
    }),
  );
  answerClientErrors(server as unknown as http.Server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    authorityHost: base,
    calls,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Upstream auth without access keys. With `disableLocalAuth: true` Web PubSub deletes its keys and
 * "Signature will NOT be attached in the upstream request header" (Microsoft Learn, "Disable local
 * (access key) authentication with Azure Web PubSub Service"): the hub's event handler is declared
 * with `auth: { type: "ManagedIdentity", managedIdentity: { resource: <audience> } }` and the
 * service, with its own managed identity, puts a Microsoft Entra access token in `Authorization`
 * (Microsoft Learn, "Managed identities for Azure Web PubSub Service": "it will use the managed
 * identity to obtain an access token. The service then sets the access token into the
 * Authorization header"). The app validates it (same page, "Validate access tokens"):
 *
 * - the signature with a key of the issuer's JWKS, through runtime/shared/auth.ts (jose): discovery
 *   at `<issuer>/.well-known/openid-configuration`. Entra serves the v1 document there for
 *   `https://sts.windows.net/<tenant>/`, its `jwks_uri` being the tenant's
 *   `https://login.microsoftonline.com/<tenant>/discovery/keys`;
 * - `iss`: v1 tokens, `https://sts.windows.net/<tenant>/` ("Currently, we only support v1
 *   endpoint", Microsoft Learn, "Managed identities for Azure SignalR Service", whose upstream auth
 *   Web PubSub shares); `aud`: the `resource` the hub declares; `exp`/`nbf`;
 * - `oid`: the object id of the service's own identity (its `identity.principalId`), so a token any
 *   other identity of the tenant gets for the same audience is refused (Microsoft identity platform
 *   access token claims: `oid` is the caller's object id; `appid`/`azp` its client id).
 *
 * Settings (components/azure/websocket.ts writes them; the local host writes its own issuer's).
 */
import { createJwtVerifier, wwwAuthenticate, type JwtVerifier } from "../shared/auth";

export const UPSTREAM_ENV = {
  issuer: "WEBPUBSUB_UPSTREAM_ISSUER",
  audience: "WEBPUBSUB_UPSTREAM_AUDIENCE",
  principalId: "WEBPUBSUB_UPSTREAM_PRINCIPAL_ID",
} as const;

export interface UpstreamTokenSettings {
  /** `https://sts.windows.net/<tenant>/` in Azure. */
  readonly issuer: string;
  /** The hub's `managedIdentity.resource`. */
  readonly audience: string;
  /** The Web PubSub service's identity: the token's `oid`. */
  readonly principalId: string;
}

/** The Entra v1 issuer of a tenant's tokens (what Web PubSub's managed-identity tokens carry). */
export function entraV1Issuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

/** The three settings, or undefined when none is set; some but not all is an error naming the missing ones. */
export function upstreamTokenFromEnv(env: Readonly<Record<string, string | undefined>>): UpstreamTokenSettings | undefined {
  const values = { issuer: env[UPSTREAM_ENV.issuer], audience: env[UPSTREAM_ENV.audience], principalId: env[UPSTREAM_ENV.principalId] };
  const missing = (Object.keys(values) as (keyof typeof values)[]).filter((key) => !values[key]).map((key) => UPSTREAM_ENV[key]);
  if (missing.length === 3) return undefined;
  if (missing.length > 0) throw new Error(`${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set; upstream tokens need ${Object.values(UPSTREAM_ENV).join(", ")}`);
  return values as UpstreamTokenSettings;
}

export type UpstreamCheck = { readonly ok: true } | { readonly ok: false; readonly status: 401; readonly message: string; readonly wwwAuthenticate: string };

export interface UpstreamVerifier {
  /** Checks an event's `Authorization` header: a token of the service's own identity for the audience. */
  verify(authorization: string | null | undefined): Promise<UpstreamCheck>;
}

export function createUpstreamVerifier(settings: UpstreamTokenSettings, options: { readonly fetch?: typeof fetch; readonly jwt?: JwtVerifier } = {}): UpstreamVerifier {
  const jwt = options.jwt ?? createJwtVerifier({ issuer: settings.issuer, audiences: [settings.audience], ...(options.fetch ? { fetch: options.fetch } : {}) });
  const expected = settings.principalId.toLowerCase();
  return {
    async verify(authorization) {
      const header = typeof authorization === "string" ? authorization : undefined;
      // Only `Bearer <jwt>`: the service always sends the scheme; a bare token is not its request.
      if (!header || !/^bearer /i.test(header)) return refuse("no bearer token in Authorization");
      const verified = await jwt.verify(header);
      if (!verified.ok) return refuse(verified.description);
      const oid = verified.claims.oid;
      if (typeof oid !== "string" || oid.toLowerCase() !== expected) return refuse("the token is not the Web PubSub service's identity (oid)");
      return { ok: true };
    },
  };
}

function refuse(message: string): UpstreamCheck {
  return { ok: false, status: 401, message, wwwAuthenticate: wwwAuthenticate({ ok: false, status: 401, error: "invalid_token", description: message }) };
}

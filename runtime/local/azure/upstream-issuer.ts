/**
 * The local stand-in for Microsoft Entra ID when the emulated Web PubSub service has local auth off:
 * it mints the token the service's managed identity would get for the event handler's audience, and
 * serves the discovery document and JWKS the WebSocket Function App verifies it with, exactly as the
 * app verifies Entra's (runtime/azure/upstream-auth.ts). The issuer is the local gateway's OpenID
 * Connect issuer (runtime/local/auth.ts): RS256, a `kid`, on 127.0.0.1.
 */
import { randomUUID } from "crypto";
import { UPSTREAM_ENV } from "../../azure/upstream-auth";
import { startLocalIssuer } from "../auth";

export interface LocalUpstreamIssuer {
  /** The object id of the emulated service's identity (the tokens' `oid`). */
  readonly principalId: string;
  /** WEBPUBSUB_UPSTREAM_* for the WebSocket Function App. */
  readonly env: Record<string, string>;
  /** A token of the service's identity for the audience, as the service sends upstream. */
  token(): Promise<string>;
  close(): Promise<void>;
}

/** What Entra puts in a managed identity's app-only token (Microsoft identity platform access token claims). */
export async function startUpstreamIssuer(audience: string): Promise<LocalUpstreamIssuer> {
  const issuer = await startLocalIssuer({ defaultAudience: audience });
  const principalId = randomUUID();
  const clientId = randomUUID();
  return {
    principalId,
    env: { [UPSTREAM_ENV.issuer]: issuer.issuer, [UPSTREAM_ENV.audience]: audience, [UPSTREAM_ENV.principalId]: principalId },
    token: () => issuer.issue({ subject: principalId, audience, expiresInSeconds: 3600, claims: { oid: principalId, appid: clientId, idtyp: "app" } }),
    close: () => issuer.close(),
  };
}

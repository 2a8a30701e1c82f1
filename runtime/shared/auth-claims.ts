/**
 * The verified caller as the REST app sees it, the same on every host: what API Gateway's HTTP API
 * JWT authorizer hands a Lambda integration (payload format 2.0), `requestContext.authorizer.jwt`
 * with the token's `claims` and the `scopes` it carries (API Gateway Developer Guide, "Create AWS
 * Lambda proxy integrations for HTTP APIs", payload format version 2.0: `"authorizer": { "jwt":
 * { "claims": {...}, "scopes": [...] } }`). Claim values are strings there (numbers too: `"exp":
 * "1612061676"` in awsdocs/amazon-api-gateway-developer-guide#113), list claims such as
 * `cognito:groups` as `[a b]`, objects as JSON. On AWS API Gateway builds it (and serverless-http hands the app
 * `req.requestContext`); the Azure adapter (runtime/azure/rest-handler.ts) and the local HTTP API
 * emulation build it here from the same verification.
 */
import type { Claims } from "./auth";

export interface JwtAuthorizerContext {
  readonly jwt: { readonly claims: Readonly<Record<string, string>>; readonly scopes: readonly string[] | null };
}

/** A claim value as API Gateway passes it: strings unchanged, arrays `[a b]`, anything else JSON. */
export function claimText(value: unknown): string {
  return typeof value === "string" ? value : Array.isArray(value) ? `[${value.join(" ")}]` : JSON.stringify(value);
}

/** `requestContext.authorizer` for a verified token: its claims as strings, its scopes (null when it has none, as API Gateway). */
export function jwtAuthorizerContext(verification: { readonly claims: Claims; readonly scopes: readonly string[] }): JwtAuthorizerContext {
  const claims = Object.fromEntries(Object.entries(verification.claims).map(([key, value]) => [key, claimText(value)]));
  return { jwt: { claims, scopes: verification.scopes.length > 0 ? [...verification.scopes] : null } };
}

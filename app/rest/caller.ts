/**
 * Who is calling, as the host verified it, read the same way on every host: API Gateway's JWT
 * authorizer on AWS puts the token's claims and scopes in `requestContext.authorizer.jwt` (and the
 * Lambda bridge hands the app `req.requestContext`); the Azure Function App's adapter and the local
 * gateway build the same (runtime/shared/auth-claims.ts). No token was checked (a public route, a
 * stack without auth): no caller. Claim values are strings, as API Gateway passes them.
 */
import type { IncomingMessage } from "http";

export interface Caller {
  /** The token's `sub`, or null when it has none. */
  readonly subject: string | null;
  /** The token's scopes: the authorizer's list, else the `scope` / `scp` claim split on spaces. */
  readonly scopes: readonly string[];
  readonly claims: Readonly<Record<string, string>>;
}

export function callerOf(req: IncomingMessage): Caller | undefined {
  const jwt = (req as IncomingMessage & { requestContext?: { authorizer?: { jwt?: { claims?: unknown; scopes?: unknown } } } }).requestContext?.authorizer?.jwt;
  if (typeof jwt?.claims !== "object" || jwt.claims === null) return undefined;
  const claims = Object.fromEntries(Object.entries(jwt.claims as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const listed = Array.isArray(jwt.scopes) ? jwt.scopes.filter((s): s is string => typeof s === "string") : [];
  const scopes = listed.length > 0 ? listed : (claims.scope ?? claims.scp ?? "").split(" ").filter((s) => s.length > 0);
  return { subject: claims.sub ?? null, scopes, claims };
}

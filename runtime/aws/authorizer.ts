/**
 * The WebSocket API's `$connect` Lambda REQUEST authorizer: it reads the token where the stack's
 * identity source says (`?access_token=` or `Authorization`), verifies it like API Gateway's JWT
 * authorizer (runtime/shared/auth.ts) and answers with an IAM policy for the connect route and a
 * context API Gateway hands to every event of the connection (`requestContext.authorizer`: the
 * user id, scopes and roles from the token). Outcomes, as API Gateway maps them (API Gateway
 * Developer Guide, "Output from an API Gateway Lambda authorizer"): the error "Unauthorized" -> 401,
 * a Deny policy -> 403, an Allow policy -> `$connect` runs.
 */
import type { WebSocketAuth } from "../../domain/config/auth";
import { TOKEN_QUERY_PARAMETER } from "../../domain/config/auth";
import { claimList, claimString, createJwtVerifier, type JwtVerifier } from "../shared/auth";

/** The REQUEST authorizer event of a WebSocket API (fields this function reads). */
export interface WebSocketAuthorizerEvent {
  readonly type?: string;
  readonly methodArn: string;
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | null;
}

/** Context values must be strings, numbers or booleans (the same guide); lists travel space-separated. */
export interface AuthorizerContext {
  readonly userId: string;
  readonly scopes: string;
  readonly roles: string;
}

export interface AuthorizerResult {
  readonly principalId: string;
  readonly policyDocument: { readonly Version: "2012-10-17"; readonly Statement: readonly { readonly Action: string; readonly Effect: "Allow" | "Deny"; readonly Resource: string }[] };
  readonly context?: AuthorizerContext;
}

/** The error message API Gateway turns into a 401. */
export const UNAUTHORIZED = "Unauthorized";

function header(headers: WebSocketAuthorizerEvent["headers"], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === name && typeof value === "string") return value;
  return undefined;
}

export function tokenOf(event: WebSocketAuthorizerEvent, auth: Pick<WebSocketAuth, "tokenSource">): string | undefined {
  return auth.tokenSource === "header" ? header(event.headers, "authorization") : (event.queryStringParameters?.[TOKEN_QUERY_PARAMETER] ?? undefined);
}

const statement = (effect: "Allow" | "Deny", resource: string) => ({ Version: "2012-10-17" as const, Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource }] });

export function createWebSocketAuthorizer(auth: WebSocketAuth, verifier: JwtVerifier = createJwtVerifier(auth)): (event: WebSocketAuthorizerEvent) => Promise<AuthorizerResult> {
  return async (event) => {
    const verification = await verifier.verify(tokenOf(event, auth), auth.scopes);
    if (!verification.ok && verification.status === 401) {
      console.warn(JSON.stringify({ level: "warn", message: "connect refused", reason: verification.description }));
      throw new Error(UNAUTHORIZED);
    }
    if (!verification.ok) return { principalId: "anonymous", policyDocument: statement("Deny", event.methodArn) };
    const userId = claimString(verification.claims, auth.userIdClaim);
    if (!userId) {
      console.warn(JSON.stringify({ level: "warn", message: "connect refused", reason: `the token has no ${auth.userIdClaim} claim` }));
      throw new Error(UNAUTHORIZED);
    }
    return {
      principalId: userId,
      policyDocument: statement("Allow", event.methodArn),
      context: { userId, scopes: verification.scopes.join(" "), roles: claimList(verification.claims, auth.rolesClaim).join(" ") },
    };
  };
}

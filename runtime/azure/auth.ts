/**
 * Auth on Azure Functions, checked by the host adapter rather than App Service authentication
 * ("Easy Auth", `Microsoft.Web/sites/config authsettingsV2`). Easy Auth can refuse anonymous
 * calls, exclude paths and check audiences, groups and client applications (pulumi-azure-native
 * `web.WebAppAuthSettingsV2`: `globalValidation.excludedPaths`, `jwtClaimChecks.allowedGroups` /
 * `allowedClientApplications`, `defaultAuthorizationPolicy`), but it has no scopes per route, and the
 * local gateway cannot run it; so the adapter applies the same route rules and token checks as
 * API Gateway (runtime/shared/auth-routes.ts, runtime/shared/auth.ts) before the app sees a request,
 * and answers refusals as API Gateway does (`401 {"message":"Unauthorized"}` /
 * `403 {"message":"Forbidden"}` with `www-authenticate`).
 */
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type { RestApiAuth, WebSocketAuth } from "../../domain/config/auth";
import { authFromEnv, claimList, claimString, createJwtVerifier, wwwAuthenticate, type JwtVerifier, type Verification } from "../shared/auth";
import { authorizeRequest } from "../shared/auth-routes";
import { jwtAuthorizerContext } from "../shared/auth-claims";
import { jsonError, setAuthorizer, type AzureHttpHandler } from "./rest-handler";

type Refusal = Extract<Verification, { ok: false }>;

/** API Gateway's answer to a refused request, with the reason in `www-authenticate` (never in the body). */
export function refusal(refused: Refusal): HttpResponseInit {
  return {
    status: refused.status,
    headers: { "content-type": "application/json", "www-authenticate": wwwAuthenticate(refused) },
    body: JSON.stringify({ message: refused.status === 401 ? "Unauthorized" : "Forbidden" }),
  };
}

/**
 * The REST handler behind the component's auth (`SEMANTEST_AUTH`); unchanged without it. Settings
 * that cannot be read refuse every request with 500 (fail closed) and say why in the log.
 */
export function withRestAuth(handler: AzureHttpHandler, env: Readonly<Record<string, string | undefined>> = process.env): AzureHttpHandler {
  let gate: { auth: RestApiAuth; verifier: JwtVerifier } | undefined | Error;
  try {
    const auth = authFromEnv<RestApiAuth>(env);
    gate = auth ? { auth, verifier: createJwtVerifier(auth) } : undefined;
  } catch (error) {
    gate = error as Error;
  }
  if (gate === undefined) return handler;
  const configured = gate;
  return async (request, context) => {
    if (configured instanceof Error) {
      context.error(JSON.stringify({ level: "error", message: "auth settings unreadable: every request is refused", error: configured.message }));
      return jsonError(500, "auth_misconfigured", "the API's auth settings cannot be read");
    }
    const decision = await authorizeRequest(configured.auth, configured.verifier, {
      method: request.method,
      path: new URL(request.url).pathname,
      header: (name) => request.headers.get(name),
    });
    if (!decision.ok) return refusal(decision);
    // The app sees the caller as on AWS: req.requestContext.authorizer.jwt (runtime/shared/auth-claims.ts).
    if (decision.verification) setAuthorizer(request, jwtAuthorizerContext(decision.verification));
    return handler(request, context);
  };
}

/** What negotiate puts in the client token once the caller's own token is verified. */
export type NegotiateIdentity = { readonly ok: true; readonly userId: string; readonly roles: readonly string[] } | { readonly ok: false; readonly response: HttpResponseInit };

export interface NegotiateAuthorizer {
  authorize(request: Pick<HttpRequest, "headers">): Promise<NegotiateIdentity>;
}

/**
 * Web PubSub client roles (Microsoft Learn, "Client protocols: permissions": `webpubsub.joinLeaveGroup`
 * and `webpubsub.sendToGroup`, optionally `.<group>`); any other value of the roles claim (an app
 * role such as `Admin`) is not a Web PubSub role and is left out.
 */
export const WEB_PUBSUB_ROLE = /^webpubsub\.(joinLeaveGroup|sendToGroup)(\.[^\s]{1,1024})?$/;

export function webPubSubRoles(values: readonly string[]): string[] {
  return [...new Set(values.filter((role) => WEB_PUBSUB_ROLE.test(role)))];
}

/**
 * negotiate behind the WebSocket component's auth: `Authorization: Bearer <token>` (negotiate is a
 * plain HTTP call, so the header works from browsers too); the client token's user id is the
 * token's `userIdClaim`, its roles the Web PubSub roles in `rolesClaim`. Without a user id claim the
 * caller is refused: a connection without a user would make `anonymousConnectPolicy: deny` moot again.
 */
export function negotiateAuthorizer(auth: WebSocketAuth, verifier: JwtVerifier = createJwtVerifier(auth)): NegotiateAuthorizer {
  return {
    async authorize(request) {
      const verification = await verifier.verify(request.headers.get("authorization") ?? undefined, auth.scopes);
      if (!verification.ok) return { ok: false, response: refusal(verification) };
      const userId = claimString(verification.claims, auth.userIdClaim);
      if (!userId) return { ok: false, response: refusal({ ok: false, status: 401, error: "invalid_token", description: `the token has no ${auth.userIdClaim} claim` }) };
      return { ok: true, userId, roles: webPubSubRoles(claimList(verification.claims, auth.rolesClaim)) };
    },
  };
}

/** The negotiate authorizer from the Function App's settings; undefined without auth. */
export function negotiateAuthFromEnv(env: Readonly<Record<string, string | undefined>>): NegotiateAuthorizer | undefined {
  const auth = authFromEnv<WebSocketAuth>(env);
  return auth ? negotiateAuthorizer(auth) : undefined;
}

/**
 * negotiate's identity with auth: the verified token's, never the query's. A `userId` query that
 * names someone else is refused (403), and `topic` too (400): with auth, roles come from the token.
 */
export async function negotiateIdentity(auth: NegotiateAuthorizer, request: Pick<HttpRequest, "headers">, askedUserId: string | undefined, topics: readonly string[]): Promise<NegotiateIdentity> {
  const identity = await auth.authorize(request);
  if (!identity.ok) return identity;
  if (askedUserId !== undefined && askedUserId !== identity.userId) {
    return { ok: false, response: jsonError(403, "user_id_mismatch", "userId is not the token's user; with auth the user id comes from the token (drop the userId parameter)") };
  }
  if (topics.length > 0) {
    return { ok: false, response: jsonError(400, "topic_with_auth", "with auth a client's Web PubSub roles come from its token's roles claim; drop the topic parameters") };
  }
  return identity;
}

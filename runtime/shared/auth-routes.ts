/**
 * A request's auth decision in the hosts that check tokens themselves (the Azure adapter, the local
 * HTTP API): the route's rule (domain/config/auth-routes.ts, API Gateway's route choice), then the
 * token, so a route is public or protected on every cloud alike.
 */
import type { RestApiAuth } from "../../domain/config/auth";
import { routeRequirement } from "../../domain/config/auth-routes";
import type { JwtVerifier, Verification } from "./auth";

export { routeRequirement, type RouteRequirement } from "../../domain/config/auth-routes";

/**
 * A CORS preflight (OPTIONS with Origin and Access-Control-Request-Method) never carries
 * credentials (Fetch standard, "CORS-preflight request"), so it passes without a token: on AWS the
 * stack declares a public `OPTIONS /{proxy+}` route for the same reason (components/aws/auth.ts).
 */
export function isPreflight(method: string, header: (name: string) => string | undefined | null): boolean {
  return method.toUpperCase() === "OPTIONS" && !!header("origin") && !!header("access-control-request-method");
}

export type RequestAuthorization = { readonly ok: true; readonly routeKey: string; readonly verification?: Extract<Verification, { ok: true }> } | (Extract<Verification, { ok: false }> & { readonly routeKey: string });

/** The decision for one request: public, a verified token with the route's scope, or a 401/403. */
export async function authorizeRequest(
  auth: Pick<RestApiAuth, "routes" | "scopes">,
  verifier: JwtVerifier,
  request: { readonly method: string; readonly path: string; readonly header: (name: string) => string | undefined | null },
): Promise<RequestAuthorization> {
  if (isPreflight(request.method, request.header)) return { ok: true, routeKey: `OPTIONS ${request.path}` };
  const requirement = routeRequirement(auth, request.method, request.path);
  if (requirement.public) return { ok: true, routeKey: requirement.routeKey };
  const verification = await verifier.verify(request.header("authorization") ?? undefined, requirement.scopes);
  return verification.ok ? { ok: true, routeKey: requirement.routeKey, verification } : { ...verification, routeKey: requirement.routeKey };
}

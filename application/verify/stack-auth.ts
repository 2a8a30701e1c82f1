/**
 * The stack's auth as the contract suite needs it (auth.ts): from the stack's config
 * (`verify --env`) or a parsed configuration (`deploy --verify`), and which probe needs a token,
 * by API Gateway's route choice (domain/config/auth-routes.ts).
 */
import { parseRestApiAuth, parseWebSocketAuth, routeRequirement, type RestApiAuth, type WebSocketAuth } from "../../domain";
import type { VerifyAuth } from "./auth";

/** The stack's auth from its `semantest:components` value; problems name the field (values as the config parser reports them). */
export function verifyAuthOf(components: unknown): { readonly ok: true; readonly auth: VerifyAuth } | { readonly ok: false; readonly problem: string } {
  const of = (kind: string): unknown => {
    const component = typeof components === "object" && components !== null ? (components as Record<string, unknown>)[kind] : undefined;
    return typeof component === "object" && component !== null ? (component as Record<string, unknown>).auth : undefined;
  };
  const rest = parseRestApiAuth(of("rest-api"), "semantest:components.rest-api.auth");
  const ws = parseWebSocketAuth(of("websocket"), "semantest:components.websocket.auth");
  const problems = [...(rest.ok ? [] : rest.error), ...(ws.ok ? [] : ws.error)];
  if (problems.length > 0) return { ok: false, problem: problems.map((p) => `${p.path}: ${p.message}`).join("; ") };
  return { ok: true, auth: { ...(rest.ok && rest.value ? { rest: rest.value } : {}), ...(ws.ok && ws.value ? { webSocket: ws.value } : {}) } };
}

/** The same from a parsed configuration's components (`deploy --verify`, the rollout's verify gate). */
export function verifyAuthOfSettings(components: readonly { readonly kind: string; readonly auth?: unknown }[]): VerifyAuth {
  const rest = components.find((c) => c.kind === "rest-api")?.auth as RestApiAuth | undefined;
  const ws = components.find((c) => c.kind === "websocket")?.auth as WebSocketAuth | undefined;
  return { ...(rest ? { rest } : {}), ...(ws ? { webSocket: ws } : {}) };
}

/** Whether a REST probe needs a token: the stack's rule for the route, or `undefined` when the stack's auth is unknown. */
export function restNeedsToken(auth: VerifyAuth | undefined, method: string, path: string): { readonly routeKey: string; readonly needed: boolean } | undefined {
  if (!auth?.rest) return auth ? { routeKey: `${method} ${path}`, needed: false } : undefined;
  const requirement = routeRequirement(auth.rest, method, path);
  return { routeKey: requirement.routeKey, needed: !requirement.public };
}

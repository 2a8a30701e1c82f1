/**
 * Which rule of a REST API's auth applies to a request, chosen as API Gateway chooses an HTTP API
 * route (API Gateway Developer Guide, "Create routes for HTTP APIs", "Routing API requests"): a
 * full match of path and method first, then a route whose greedy `{proxy+}` covers the path, then
 * `$default` (the auth's own `scopes`). For one path, a route of the request's method wins over
 * `ANY`; among full matches the one with more literal segments wins (`/items/new` over `/items/{id}`);
 * among greedy ones the longest prefix. Pure: the hosts that check tokens (runtime/shared/auth-routes.ts)
 * and `verify` (which probes decide they need a token) share it, so a route is public or protected
 * alike everywhere.
 */
import type { RestApiAuth, RouteAuthorization } from "./auth";

export type RouteRequirement = { readonly routeKey: string; readonly public: true } | { readonly routeKey: string; readonly public: false; readonly scopes: readonly string[] };

function segmentsOf(path: string): string[] {
  return path === "/" ? [] : path.replace(/^\//, "").split("/");
}

/** How well `route` matches: undefined when it does not; higher is more specific. */
function score(route: RouteAuthorization, method: string, path: readonly string[]): number | undefined {
  if (route.method !== "ANY" && route.method !== method) return undefined;
  const pattern = segmentsOf(route.path);
  const greedy = pattern.length > 0 && /^\{.+\+\}$/.test(pattern[pattern.length - 1]!);
  const fixed = greedy ? pattern.slice(0, -1) : pattern;
  if (greedy ? path.length <= fixed.length : path.length !== fixed.length) return undefined;
  let literals = 0;
  for (let i = 0; i < fixed.length; i++) {
    const part = fixed[i]!;
    if (/^\{.+\}$/.test(part)) {
      if (path[i]!.length === 0) return undefined;
    } else if (part !== path[i]) return undefined;
    else literals++;
  }
  // Full matches above greedy ones; then literal segments; then a method over ANY.
  return (greedy ? 0 : 1_000_000) + (greedy ? fixed.length : literals) * 10 + (route.method === "ANY" ? 0 : 1);
}

export function routeRequirement(auth: Pick<RestApiAuth, "routes" | "scopes">, method: string, path: string): RouteRequirement {
  const segments = segmentsOf(path.split("?")[0] || "/");
  let best: { route: RouteAuthorization; score: number } | undefined;
  for (const route of auth.routes) {
    const s = score(route, method.toUpperCase(), segments);
    if (s !== undefined && (!best || s > best.score)) best = { route, score: s };
  }
  if (!best) return { routeKey: "$default", public: false, scopes: auth.scopes };
  return best.route.public ? { routeKey: best.route.routeKey, public: true } : { routeKey: best.route.routeKey, public: false, scopes: best.route.scopes };
}

/**
 * CORS at the REST server's front door, as the clouds do it in front of the function: API Gateway
 * HTTP APIs answer preflights themselves and add `Access-Control-Allow-Origin` to responses
 * (API Gateway Developer Guide, "Configuring CORS for an HTTP API"); an Azure Function App's
 * platform CORS does the same (Azure Functions docs, "CORS"). The policy is the stack's
 * `cors` setting of the rest-api component (the dev defaults locally).
 */
import type { IncomingMessage, ServerResponse } from "http";
import { originMatches, type CorsPolicy } from "../../domain";

function allowedOrigin(policy: CorsPolicy, origin: string): string | undefined {
  if (!policy.allowOrigins.some((pattern) => originMatches(pattern, origin))) return undefined;
  // With credentials a browser refuses `*`, so the origin itself is echoed (as both clouds do).
  return policy.allowOrigins.includes("*") && !policy.allowCredentials ? "*" : origin;
}

/**
 * Answers a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) and returns
 * true; for any other request with an allowed `Origin` sets the response's CORS headers and
 * returns false (the request goes on to the function).
 */
export function applyCors(policy: CorsPolicy | undefined, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (!policy || typeof origin !== "string") return false;
  const allow = allowedOrigin(policy, origin);
  const preflight = req.method === "OPTIONS" && typeof req.headers["access-control-request-method"] === "string";
  if (preflight) {
    const headers: Record<string, string> = { vary: "Origin" };
    if (allow) {
      headers["access-control-allow-origin"] = allow;
      headers["access-control-allow-methods"] = policy.allowMethods.join(",");
      headers["access-control-allow-headers"] = policy.allowHeaders.join(",");
      headers["access-control-max-age"] = String(policy.maxAgeSeconds);
      if (policy.allowCredentials) headers["access-control-allow-credentials"] = "true";
    }
    req.resume();
    res.writeHead(204, headers).end();
    return true;
  }
  if (allow) {
    res.setHeader("access-control-allow-origin", allow);
    if (policy.exposeHeaders.length) res.setHeader("access-control-expose-headers", policy.exposeHeaders.join(","));
    if (policy.allowCredentials) res.setHeader("access-control-allow-credentials", "true");
    res.setHeader("vary", "Origin");
  }
  return false;
}

/**
 * CORS in the function, for origin patterns an HTTP API's own CORS cannot express. API Gateway
 * accepts `*`, exact origins and the prefixes `https://*` / `http://*` only (API Gateway Developer
 * Guide, "Configuring CORS for an HTTP API"), so `chrome-extension://*` (Semantest's extension) or
 * `https://*.semantest.com` are answered here, from the same domain policy, with the same matching.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { originMatches, type CorsPolicy } from "../../domain/config/cors-policy";
import { CORS_ENV } from "./cors-env";

export { CORS_ENV } from "./cors-env";

export function corsFromEnv(env: NodeJS.ProcessEnv): CorsPolicy | undefined {
  const raw = env[CORS_ENV];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as CorsPolicy;
  } catch {
    throw new Error(`${CORS_ENV} is not JSON: ${raw.slice(0, 80)}`);
  }
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name] ?? event.headers?.[name.toLowerCase()];
}

function allowedOrigin(policy: CorsPolicy, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  if (!policy.allowOrigins.some((pattern) => originMatches(pattern, origin))) return undefined;
  // "*" is only echoed as "*" without credentials (Fetch standard); otherwise the origin itself.
  return policy.allowOrigins.includes("*") && !policy.allowCredentials ? "*" : origin;
}

/** A preflight (OPTIONS with Access-Control-Request-Method) gets its answer here, without the app. */
export function preflight(policy: CorsPolicy, event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2 | undefined {
  if (event.requestContext.http.method !== "OPTIONS" || !header(event, "access-control-request-method")) return undefined;
  const origin = allowedOrigin(policy, header(event, "origin"));
  if (!origin) return { statusCode: 403, headers: { vary: "Origin" }, body: "" };
  return {
    statusCode: 204,
    headers: {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": policy.allowMethods.join(","),
      "access-control-allow-headers": policy.allowHeaders.join(","),
      "access-control-max-age": String(policy.maxAgeSeconds),
      ...(policy.allowCredentials ? { "access-control-allow-credentials": "true" } : {}),
      vary: "Origin",
    },
    body: "",
  };
}

/** Adds the CORS headers to the app's answer when the request's origin is allowed. */
export function withCorsHeaders(policy: CorsPolicy, event: APIGatewayProxyEventV2, result: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 {
  const origin = allowedOrigin(policy, header(event, "origin"));
  const headers: Record<string, string | number | boolean> = { ...(result.headers ?? {}) };
  const vary = headers.vary ? `${String(headers.vary)}, Origin` : "Origin";
  if (!origin) return { ...result, headers: { ...headers, vary } };
  return {
    ...result,
    headers: {
      ...headers,
      "access-control-allow-origin": origin,
      ...(policy.exposeHeaders.length ? { "access-control-expose-headers": policy.exposeHeaders.join(",") } : {}),
      ...(policy.allowCredentials ? { "access-control-allow-credentials": "true" } : {}),
      vary,
    },
  };
}

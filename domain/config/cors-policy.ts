import { fail, Parsed, problem, ProblemCollector } from "./problem";
import { isObject, readBoolean, readInteger, readStringList, unknownKeys } from "./fields";

/**
 * Which browser origins may call the REST API.
 *
 * Origins are one of: `*` (any origin), an exact origin (`https://semantest.com`,
 * `http://localhost:3000`), a Chrome extension (`chrome-extension://<32 letters a-p>`, or
 * `chrome-extension://*` for any extension), or a wildcard subdomain (`https://*.semantest.com`).
 */
export interface CorsPolicy {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  /** How long browsers may cache a preflight answer. API Gateway allows 0 to 86400 s. */
  readonly maxAgeSeconds: number;
  readonly allowCredentials: boolean;
}

export const CORS_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "*"] as const;
export const CORS_KEYS = ["allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "maxAgeSeconds", "allowCredentials"];
export const CORS_MAX_AGE_SECONDS = 86400;

const HOST = "(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*";
const ORIGIN_PATTERNS: readonly RegExp[] = [
  /^\*$/,
  new RegExp(`^https?://${HOST}(?::\\d{1,5})?$`),
  new RegExp(`^https?://\\*\\.${HOST}(?::\\d{1,5})?$`),
  /^chrome-extension:\/\/(?:[a-p]{32}|\*)$/,
];

export function isValidOrigin(origin: string): boolean {
  return ORIGIN_PATTERNS.some((pattern) => pattern.test(origin));
}

/** Whether `origin` (as a browser sends it) is allowed by one of the policy's patterns. */
export function originMatches(pattern: string, origin: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*")) return pattern === origin;
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace("*", "[^/]+");
  return new RegExp(`^${escaped}$`).test(origin);
}

export const defaultCorsPolicy = (allowOrigins: readonly string[]): CorsPolicy => ({
  allowOrigins,
  allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
  allowHeaders: ["content-type", "authorization", "x-correlation-id"],
  exposeHeaders: ["x-correlation-id"],
  maxAgeSeconds: 600,
  allowCredentials: false,
});

export function parseCorsPolicy(raw: unknown, path: string, defaults: CorsPolicy): Parsed<CorsPolicy> {
  if (raw === undefined) return { ok: true, value: defaults };
  if (!isObject(raw)) return fail(problem(path, raw, "is not an object; expected { allowOrigins: [...] }"));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, CORS_KEYS));

  const allowOrigins = raw.allowOrigins === undefined ? defaults.allowOrigins : found.take(readStringList(`${path}.allowOrigins`, raw.allowOrigins));
  allowOrigins?.forEach((origin, i) => {
    if (!isValidOrigin(origin)) {
      found.add(
        problem(
          `${path}.allowOrigins[${i}]`,
          origin,
          'is not an origin; allowed: "*", "https://host[:port]", "https://*.domain", "chrome-extension://<id>" or "chrome-extension://*" (no path, no trailing slash)',
        ),
      );
    }
  });
  const allowMethods = raw.allowMethods === undefined ? defaults.allowMethods : found.take(readStringList(`${path}.allowMethods`, raw.allowMethods));
  allowMethods?.forEach((method, i) => {
    if (!(CORS_METHODS as readonly string[]).includes(method)) {
      found.add(problem(`${path}.allowMethods[${i}]`, method, `is not an HTTP method; allowed: ${CORS_METHODS.join(", ")}`));
    }
  });
  const allowHeaders = raw.allowHeaders === undefined ? defaults.allowHeaders : found.take(readStringList(`${path}.allowHeaders`, raw.allowHeaders));
  const exposeHeaders = raw.exposeHeaders === undefined ? defaults.exposeHeaders : found.take(readStringList(`${path}.exposeHeaders`, raw.exposeHeaders));
  const maxAgeSeconds =
    raw.maxAgeSeconds === undefined
      ? defaults.maxAgeSeconds
      : found.take(readInteger(`${path}.maxAgeSeconds`, raw.maxAgeSeconds, 0, CORS_MAX_AGE_SECONDS, "API Gateway CORS max-age"));
  const allowCredentials =
    raw.allowCredentials === undefined ? defaults.allowCredentials : found.take(readBoolean(`${path}.allowCredentials`, raw.allowCredentials));

  // Browsers refuse credentialed responses with `Access-Control-Allow-Origin: *` (Fetch standard, CORS protocol).
  if (allowCredentials === true && allowOrigins?.includes("*")) {
    found.add(problem(`${path}.allowCredentials`, true, 'cannot be combined with allowOrigins "*"; list the origins instead'));
  }

  return found.result(() => ({
    allowOrigins: allowOrigins!,
    allowMethods: allowMethods!,
    allowHeaders: allowHeaders!,
    exposeHeaders: exposeHeaders!,
    maxAgeSeconds: maxAgeSeconds!,
    allowCredentials: allowCredentials!,
  }));
}

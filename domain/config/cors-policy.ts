import { fail, Parsed, problem, ProblemCollector } from "./problem";
import { field, isObject, readBoolean, readInteger, readStringList, unknownKeys } from "./fields";

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
/**
 * A header name is an RFC 9110 token (section 5.1, field-name = token; section 5.6.2, tchar):
 * a name with a space or a colon cannot be sent, and API Gateway refuses it in a CORS config.
 */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

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

  const allowOrigins = field(raw, "allowOrigins") === undefined ? defaults.allowOrigins : found.take(readStringList(`${path}.allowOrigins`, field(raw, "allowOrigins")));
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
  const allowMethods = field(raw, "allowMethods") === undefined ? defaults.allowMethods : found.take(readStringList(`${path}.allowMethods`, field(raw, "allowMethods")));
  allowMethods?.forEach((method, i) => {
    if (!(CORS_METHODS as readonly string[]).includes(method)) {
      found.add(problem(`${path}.allowMethods[${i}]`, method, `is not an HTTP method; allowed: ${CORS_METHODS.join(", ")}`));
    }
  });
  const allowHeaders = field(raw, "allowHeaders") === undefined ? defaults.allowHeaders : found.take(readStringList(`${path}.allowHeaders`, field(raw, "allowHeaders")));
  const exposeHeaders = field(raw, "exposeHeaders") === undefined ? defaults.exposeHeaders : found.take(readStringList(`${path}.exposeHeaders`, field(raw, "exposeHeaders")));
  for (const [key, headers] of [["allowHeaders", allowHeaders], ["exposeHeaders", exposeHeaders]] as const) {
    headers?.forEach((header, i) => {
      if (!HEADER_NAME.test(header)) found.add(problem(`${path}.${key}[${i}]`, header, "is not a header name; allowed: letters, digits and ! # $ % & ' * + - . ^ _ ` | ~ (an RFC 9110 token: no spaces, colons or quotes)"));
    });
  }
  const maxAgeSeconds =
    field(raw, "maxAgeSeconds") === undefined
      ? defaults.maxAgeSeconds
      : found.take(readInteger(`${path}.maxAgeSeconds`, field(raw, "maxAgeSeconds"), 0, CORS_MAX_AGE_SECONDS, "API Gateway CORS max-age"));
  const allowCredentials =
    field(raw, "allowCredentials") === undefined ? defaults.allowCredentials : found.take(readBoolean(`${path}.allowCredentials`, field(raw, "allowCredentials")));

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

import { ok } from "../shared/result";
import { field, isObject, readOneOf, readString, unknownKeys } from "./fields";
import { fail, Parsed, problem, ProblemCollector } from "./problem";
import { own } from "./safe-tree";

/**
 * Who may call a component: JSON Web Tokens from one OpenID Connect issuer, checked by the cloud
 * where it can (API Gateway's JWT authorizer, a `$connect` Lambda authorizer) and by the host
 * adapter where it cannot (Azure Functions). Absent = the component is open, as before.
 *
 * The limits below are API Gateway's, the stricter cloud, so a config that deploys on one cloud
 * deploys on the other:
 * - the issuer is an absolute `https` URL without query or fragment, because API Gateway reads
 *   `<issuer>/.well-known/openid-configuration` from it and compares it with the token's `iss`
 *   (API Gateway Developer Guide, "Create a JWT authorizer": "The issuer must be an absolute https
 *   URL with no query string or fragment");
 * - at most 50 audiences per authorizer and 10 scopes per route ("Quotas for configuring and
 *   running an HTTP API": audiences per authorizer 50, scopes per route 10, neither adjustable);
 * - at most 300 routes per API (same table; the component adds `$default` and `OPTIONS /{proxy+}`).
 */
export const AUTH_LIMITS = { audiences: 50, scopesPerRoute: 10, routes: 298, issuerLength: 1024, claimLength: 64 } as const;

/** HTTP API route methods (API Gateway Developer Guide, "Create routes for HTTP APIs": a method or ANY). */
export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

/** Where a WebSocket client puts its token: `?access_token=` (browsers cannot set headers on a WebSocket) or `Authorization: Bearer`. */
export const TOKEN_SOURCES = ["query", "header"] as const;
export type TokenSource = (typeof TOKEN_SOURCES)[number];
/** The query parameter a WebSocket client sends its token in (the name Web PubSub's client URLs use too). */
export const TOKEN_QUERY_PARAMETER = "access_token";

/** What every authorizer checks: who signed the token and for whom it was issued. */
export interface JwtSettings {
  /** The token's `iss`, exactly (`https://login.example.com/tenant/v2.0`). */
  readonly issuer: string;
  /** The token's `aud` (or `client_id` when it has no `aud`) must be one of these. */
  readonly audiences: readonly string[];
}

/** One explicit route: public (no token), or behind the authorizer with its own scopes. */
export interface RouteAuthorization {
  /** `GET /health`, `ANY /items/{id}`, `POST /events/{proxy+}`. */
  readonly routeKey: string;
  readonly method: RouteMethod;
  readonly path: string;
  readonly public: boolean;
  /** The token needs at least one of these (`scope` or `scp` claim); empty = any valid token. */
  readonly scopes: readonly string[];
}

export interface RestApiAuth extends JwtSettings {
  /** Every route not listed in `routes` needs a valid token with one of these scopes (empty = any valid token). */
  readonly scopes: readonly string[];
  /** Routes with their own rule; public ones are listed here, never implied. */
  readonly routes: readonly RouteAuthorization[];
}

export interface WebSocketAuth extends JwtSettings {
  /** The connect token needs at least one of these scopes (empty = any valid token). */
  readonly scopes: readonly string[];
  readonly tokenSource: TokenSource;
  /** The claim that becomes the connection's user id. @default "sub" */
  readonly userIdClaim: string;
  /** The claim listing the client's Web PubSub roles (Azure). @default "roles" */
  readonly rolesClaim: string;
}

const JWT_KEYS = ["issuer", "audiences", "scopes"];
export const REST_AUTH_KEYS = [...JWT_KEYS, "routes"];
export const WEBSOCKET_AUTH_KEYS = [...JWT_KEYS, "tokenSource", "userIdClaim", "rolesClaim"];

/** A scope as RFC 6749 section 3.3 defines scope-token: printable ASCII except space, `"` and `\`. */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** A path segment of a route: literal characters, `{name}`, or a last `{name+}` (greedy). */
const LITERAL_SEGMENT = /^[A-Za-z0-9._~!$&'()*,;=:@-]+$/;
const VARIABLE_SEGMENT = /^\{[A-Za-z0-9_]+\}$/;
const GREEDY_SEGMENT = /^\{[A-Za-z0-9_]+\+\}$/;
const CLAIM_NAME = /^[A-Za-z0-9_.:-]+$/;

export function parseRestApiAuth(raw: unknown, path: string): Parsed<RestApiAuth | undefined> {
  if (raw === undefined) return ok(undefined);
  if (!isObject(raw)) return fail(problem(path, raw, "is not an object; expected { issuer, audiences, scopes?, routes? }"));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, REST_AUTH_KEYS));
  const jwt = found.take(parseJwt(raw, path));
  const scopes = found.take(parseScopes(field(raw, "scopes"), `${path}.scopes`));
  const routes = found.take(parseRoutes(field(raw, "routes"), `${path}.routes`));
  return found.result(() => ({ ...jwt!, scopes: scopes!, routes: routes! }));
}

export function parseWebSocketAuth(raw: unknown, path: string): Parsed<WebSocketAuth | undefined> {
  if (raw === undefined) return ok(undefined);
  if (!isObject(raw)) return fail(problem(path, raw, "is not an object; expected { issuer, audiences, scopes?, tokenSource? }"));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, WEBSOCKET_AUTH_KEYS));
  const jwt = found.take(parseJwt(raw, path));
  const scopes = found.take(parseScopes(field(raw, "scopes"), `${path}.scopes`));
  const tokenSource = field(raw, "tokenSource") === undefined ? "query" : found.take(readOneOf(`${path}.tokenSource`, field(raw, "tokenSource"), TOKEN_SOURCES, "token source"));
  const userIdClaim = field(raw, "userIdClaim") === undefined ? "sub" : found.take(parseClaimName(field(raw, "userIdClaim"), `${path}.userIdClaim`));
  const rolesClaim = field(raw, "rolesClaim") === undefined ? "roles" : found.take(parseClaimName(field(raw, "rolesClaim"), `${path}.rolesClaim`));
  return found.result(() => ({ ...jwt!, scopes: scopes!, tokenSource: tokenSource!, userIdClaim: userIdClaim!, rolesClaim: rolesClaim! }));
}

function parseJwt(raw: Readonly<Record<string, unknown>>, path: string): Parsed<JwtSettings> {
  const found = new ProblemCollector();
  const issuer = found.take(parseIssuer(field(raw, "issuer"), `${path}.issuer`));
  const audiences = found.take(parseAudiences(field(raw, "audiences"), `${path}.audiences`));
  return found.result(() => ({ issuer: issuer!, audiences: audiences! }));
}

/** An absolute https URL with a host, no query, fragment or credentials (see AUTH_LIMITS). */
export function parseIssuer(raw: unknown, path: string): Parsed<string> {
  if (raw === undefined) return fail(problem(path, raw, 'is required with auth; allowed: the https URL of your OpenID Connect issuer, e.g. "https://login.example.com/"'));
  const read = readString(path, raw, "an issuer URL", AUTH_LIMITS.issuerLength);
  if (!read.ok) return read;
  let url: URL;
  try {
    url = new URL(read.value);
  } catch {
    return fail(problem(path, raw, 'is not a URL; allowed: an absolute https URL such as "https://login.example.com/"'));
  }
  const why =
    url.protocol !== "https:" ? `uses ${url.protocol.replace(/:$/, "")}` // API Gateway fetches the discovery document over https only
    : url.search !== "" || read.value.includes("?") ? "has a query string"
    : url.hash !== "" || read.value.includes("#") ? "has a fragment"
    : url.username !== "" || url.password !== "" ? "carries credentials"
    : /\s/.test(read.value) ? "contains white space"
    : undefined;
  return why ? fail(problem(path, raw, `is not an issuer API Gateway accepts: it ${why}; allowed: an absolute https URL with no query, fragment or credentials`)) : read;
}

function parseAudiences(raw: unknown, path: string): Parsed<readonly string[]> {
  if (raw === undefined) return fail(problem(path, raw, "is required with auth; allowed: a list of 1 to 50 audiences (your API's identifier, e.g. [\"api://semantest\"])"));
  if (!Array.isArray(raw)) return fail(problem(path, raw, `is not a list; allowed: 1 to ${AUTH_LIMITS.audiences} audience strings`));
  if (raw.length === 0 || raw.length > AUTH_LIMITS.audiences) {
    return fail(problem(path, raw, `has ${raw.length} audiences; allowed: 1 to ${AUTH_LIMITS.audiences} (API Gateway: audiences per authorizer)`));
  }
  const found = new ProblemCollector();
  raw.forEach((item, i) => {
    if (typeof item !== "string" || item.trim() === "" || item.length > AUTH_LIMITS.issuerLength || /\s/.test(item)) {
      found.add(problem(`${path}[${i}]`, item, `is not an audience; allowed: a non-empty string without spaces, at most ${AUTH_LIMITS.issuerLength} characters`));
    }
  });
  return found.result(() => [...new Set(raw as string[])]);
}

function parseScopes(raw: unknown, path: string): Parsed<readonly string[]> {
  if (raw === undefined) return ok([]);
  if (!Array.isArray(raw)) return fail(problem(path, raw, `is not a list; allowed: at most ${AUTH_LIMITS.scopesPerRoute} scope strings`));
  if (raw.length > AUTH_LIMITS.scopesPerRoute) return fail(problem(path, raw, `has ${raw.length} scopes; allowed: at most ${AUTH_LIMITS.scopesPerRoute} (API Gateway: scopes per route)`));
  const found = new ProblemCollector();
  raw.forEach((item, i) => {
    if (typeof item !== "string" || !SCOPE_TOKEN.test(item) || item.length > 256) {
      found.add(problem(`${path}[${i}]`, item, 'is not a scope; allowed: 1 to 256 printable characters without spaces, " or \\ (RFC 6749 scope-token)'));
    }
  });
  return found.result(() => [...new Set(raw as string[])]);
}

function parseClaimName(raw: unknown, path: string): Parsed<string> {
  if (typeof raw === "string" && CLAIM_NAME.test(raw) && raw.length <= AUTH_LIMITS.claimLength) return ok(raw);
  return fail(problem(path, raw, `is not a claim name; allowed: 1 to ${AUTH_LIMITS.claimLength} letters, digits, _ . : -`));
}

/**
 * `routes` maps a route key to `public` or `{ scopes: [...] }`:
 * ```yaml
 * routes:
 *   GET /health: public
 *   POST /events: { scopes: [events:write] }
 * ```
 */
function parseRoutes(raw: unknown, path: string): Parsed<readonly RouteAuthorization[]> {
  if (raw === undefined) return ok([]);
  if (!isObject(raw)) return fail(problem(path, raw, 'is not a map; expected route keys such as "GET /health" with public or { scopes: [...] }'));
  const keys = Object.keys(raw);
  if (keys.length > AUTH_LIMITS.routes) return fail(problem(path, raw, `has ${keys.length} routes; allowed: at most ${AUTH_LIMITS.routes} (API Gateway: 300 routes per API, 2 taken by the component)`));
  const found = new ProblemCollector();
  const routes: RouteAuthorization[] = [];
  const seen = new Map<string, string>();
  for (const key of keys) {
    const at = `${path}.${key}`;
    const parsedKey = found.take(parseRouteKey(key, at));
    const rule = found.take(parseRouteRule(own(raw, key), at));
    if (!parsedKey || !rule) continue;
    const previous = seen.get(parsedKey.routeKey);
    if (previous !== undefined) {
      found.add(problem(at, key, `is the same route as ${JSON.stringify(previous)}; allowed: each route once`));
      continue;
    }
    seen.set(parsedKey.routeKey, key);
    routes.push({ ...parsedKey, ...rule });
  }
  return found.result(() => routes);
}

/** `METHOD /path`: one space, a method or ANY, a path of literal, `{var}` and a last `{var+}` segments. */
export function parseRouteKey(key: string, path: string): Parsed<Pick<RouteAuthorization, "routeKey" | "method" | "path">> {
  const allowed = `allowed: "<${ROUTE_METHODS.join("|")}> /path", with {name} segments and an optional last {name+}, e.g. "GET /health"`;
  const match = /^([A-Z]+) (\/\S*)$/.exec(key);
  if (!match) return fail(problem(path, key, `is not a route key; ${allowed}`));
  const [, method, routePath] = match as unknown as [string, string, string];
  if (!(ROUTE_METHODS as readonly string[]).includes(method)) return fail(problem(path, key, `has method ${JSON.stringify(method)}; ${allowed}`));
  if (routePath !== "/") {
    const segments = routePath.slice(1).split("/");
    const bad = segments.findIndex((segment, i) => !(LITERAL_SEGMENT.test(segment) || VARIABLE_SEGMENT.test(segment) || (GREEDY_SEGMENT.test(segment) && i === segments.length - 1)));
    if (bad >= 0) {
      const segment = segments[bad]!;
      const why = GREEDY_SEGMENT.test(segment) ? `a greedy {${segment.slice(1, -2)}+} must be the last segment (API Gateway: "The greedy path variable must be at the end of the resource path")` : `segment ${JSON.stringify(segment)} is not a literal, {name} or {name+}`;
      return fail(problem(path, key, `is not a route key: ${why}; ${allowed}`));
    }
  }
  return ok({ routeKey: `${method} ${routePath}`, method: method as RouteMethod, path: routePath });
}

function parseRouteRule(raw: unknown, path: string): Parsed<Pick<RouteAuthorization, "public" | "scopes">> {
  if (raw === "public") return ok({ public: true, scopes: [] });
  if (raw === null || raw === "authenticated") return ok({ public: false, scopes: [] });
  if (!isObject(raw)) return fail(problem(path, raw, 'is not a route rule; allowed: "public", "authenticated" or { scopes: [...] }'));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, ["scopes"]));
  const scopes = found.take(parseScopes(field(raw, "scopes"), `${path}.scopes`));
  return found.result(() => ({ public: false, scopes: scopes! }));
}

/** The routes anyone may call without a token (`GET /health`...), for docs, the local gateway and the policy pack. */
export function publicRoutes(auth: RestApiAuth): readonly string[] {
  return auth.routes.filter((r) => r.public).map((r) => r.routeKey);
}

/**
 * The issuer and audience the committed production stack (`Pulumi.production.yaml`) carries until
 * the account puts its identity provider's in: they are Semantest's placeholders, not an issuer a
 * deployer controls. `preview` warns and `doctor` fails while a component's auth still uses them.
 */
export const AUTH_PLACEHOLDERS = { issuer: "https://auth.semantest.com/", audience: "https://api.extension.semantest.com" } as const;

/** Each placeholder a stack's auth still carries, as `semantest:components.<component>.auth.<key>` and its value. */
export function authPlaceholders(components: readonly { readonly kind: string; readonly auth?: JwtSettings }[]): { readonly key: string; readonly value: string }[] {
  return components.flatMap((component) => {
    const auth = component.auth;
    if (!auth) return [];
    const at = `semantest:components.${component.kind}.auth`;
    return [
      ...(auth.issuer === AUTH_PLACEHOLDERS.issuer ? [{ key: `${at}.issuer`, value: auth.issuer }] : []),
      ...auth.audiences.flatMap((audience, i) => (audience === AUTH_PLACEHOLDERS.audience ? [{ key: `${at}.audiences[${i}]`, value: audience }] : [])),
    ];
  });
}

/** One sentence naming every placeholder key, for `preview`'s warning and `doctor`'s failure. */
export function authPlaceholderMessage(found: readonly { readonly key: string; readonly value: string }[]): string {
  return `${found.map((p) => `${p.key} is ${JSON.stringify(p.value)}`).join("; ")}: Semantest's placeholder${found.length === 1 ? "" : "s"}, not your identity provider's; set the issuer (the token's iss, e.g. https://login.microsoftonline.com/<tenant>/v2.0) and audiences (your API's identifier) in the stack file (docs/auth.md)`;
}

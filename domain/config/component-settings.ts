import { parseRestApiAuth, parseWebSocketAuth, RestApiAuth, WebSocketAuth } from "./auth";
import { CloudProvider, CloudProviders, parseCloudProvider } from "./cloud-provider";
import { ComponentKind } from "./component-kind";
import { CorsPolicy, defaultCorsPolicy, parseCorsPolicy } from "./cors-policy";
import { CustomDomain, parseCustomDomain } from "./custom-domain";
import { PATH_MAX } from "./events-config";
import { DEFAULTS, WEB_PUBSUB_SKUS, WebPubSubSku } from "./defaults";
import { Environment } from "./environment";
import { field, isObject, readBoolean, readInteger, readOneOf, readString, unknownKeys } from "./fields";
import { parseMemoryMb, parseTimeoutSeconds } from "./function-settings";
import { fail, Parsed, problem, ProblemCollector } from "./problem";
import { parseVariables } from "./variables";
import { DEFAULT_UPSTREAM_AUDIENCE, parseUpstreamAudience } from "./web-pubsub-auth";

/** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy API reference). */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
/** Application Insights (workspace-based) retention periods (Microsoft Learn, "Data retention"). */
export const APP_INSIGHTS_RETENTION_DAYS = [30, 60, 90, 120, 180, 270, 365, 550, 730] as const;
/** API Gateway account-level throttling quotas per region: 10,000 rps steady, 5,000 burst. */
export const API_GATEWAY_RATE_LIMIT_MAX = 10000;
export const API_GATEWAY_BURST_LIMIT_MAX = 5000;
/** API Gateway WebSocket APIs close a connection idle for 10 minutes (WebSocket API quotas). */
export const WEBSOCKET_IDLE_TIMEOUT_MAX_SECONDS = 600;
/** Flex Consumption maximumInstanceCount range (Microsoft Learn, "Flex Consumption plan", Instance limits). */
export const FLEX_MAX_INSTANCES = { min: 40, max: 1000 } as const;

export interface Throttling {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** Settings every component has, whatever it is. */
export interface CommonComponentSettings {
  readonly kind: ComponentKind;
  readonly provider: CloudProvider;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly logRetentionDays: number;
  /** AWS only: run the Lambda in private subnets of a VPC. */
  readonly vpc: boolean;
  readonly throttling: Throttling;
  /** Plain environment variables for the function. */
  readonly variables: Readonly<Record<string, string>>;
  /**
   * Variables written `NAME: { secure: ... }` (Pulumi secrets): name -> value. They reach the
   * function through its cloud's secret store (Secrets Manager / Key Vault), never as plain settings.
   */
  readonly secrets: Readonly<Record<string, string>>;
  /** The module that exports the app, relative to the project; absent = the reference app. */
  readonly entry: string | undefined;
  /** Azure only: Flex Consumption maximum instance count. */
  readonly maxInstances: number;
  readonly alarms: boolean;
  /** The component's own host name and where its certificate and DNS records come from (custom-domain.ts). */
  readonly domain: CustomDomain | undefined;
}

export interface RestApiSettings extends CommonComponentSettings {
  readonly kind: "rest-api";
  readonly cors: CorsPolicy;
  /** JWT authorization of its routes (auth.ts); absent = every route is open. */
  readonly auth?: RestApiAuth;
}

export interface WebSocketSettings extends CommonComponentSettings {
  readonly kind: "websocket";
  readonly idleTimeoutSeconds: number;
  /** Azure only: the Web PubSub SKU. */
  readonly sku: WebPubSubSku;
  /** AWS only: point-in-time recovery on the connections table. */
  readonly pointInTimeRecovery: boolean;
  /** JWT authorization of connects (auth.ts); absent = anyone may connect. */
  readonly auth?: WebSocketAuth;
  /** Azure only: Web PubSub keeps its access keys (`disableLocalAuth: false`); web-pubsub-auth.ts. */
  readonly localAuth: boolean;
  /** Azure only, without local auth: the audience of the token Web PubSub sends the event handler. */
  readonly upstreamAudience: string;
}

export type ComponentSettings = RestApiSettings | WebSocketSettings;

const COMMON_KEYS = [
  "provider", "memoryMb", "timeoutSeconds", "logRetentionDays", "vpc", "throttling", "variables", "entry", "maxInstances", "alarms", "domain",
];
export const COMPONENT_KEYS: Readonly<Record<ComponentKind, readonly string[]>> = {
  "rest-api": [...COMMON_KEYS, "cors", "auth"],
  websocket: [...COMMON_KEYS, "idleTimeoutSeconds", "sku", "pointInTimeRecovery", "auth", "localAuth", "upstreamAudience"],
};

export function parseComponentSettings(
  kind: ComponentKind,
  raw: unknown,
  environment: Environment,
  path: string,
): Parsed<ComponentSettings> {
  if (raw === null || raw === true) raw = {}; // `websocket:` with nothing under it deploys with defaults
  if (!isObject(raw)) return fail(problem(path, raw, "is not an object; expected the component's settings"));
  const defaults = DEFAULTS[environment.name];
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, COMPONENT_KEYS[kind]));

  const provider = field(raw, "provider") === undefined ? CloudProviders.aws : found.take(parseCloudProvider(field(raw, "provider"), `${path}.provider`));
  const at = (key: string) => `${path}.${key}`;
  const orDefault = <T>(key: string, fallback: T, parse: (value: unknown) => Parsed<T>): T | undefined =>
    field(raw, key) === undefined ? fallback : found.take(parse(field(raw, key)));

  // Provider-specific checks only make sense once the provider is known.
  const p = provider ?? CloudProviders.aws;
  const memoryMb = orDefault("memoryMb", defaults.memoryMb[p], (v) => parseMemoryMb(p, v, at("memoryMb")));
  const timeoutSeconds = orDefault("timeoutSeconds", defaults.timeoutSeconds, (v) => parseTimeoutSeconds(p, kind, v, at("timeoutSeconds")));
  const logRetentionDays = orDefault("logRetentionDays", defaults.logRetentionDays[p], (v) => parseRetention(p, v, at("logRetentionDays")));
  const vpc = orDefault("vpc", false, (v) => readBoolean(at("vpc"), v));
  if (vpc === true && p === CloudProviders.azure) {
    found.add(problem(at("vpc"), true, "is supported on provider aws only; Azure VNet integration is not implemented"));
  }
  const throttling = orDefault("throttling", defaults.throttling, (v) => parseThrottling(v, at("throttling")));
  const allVariables = orDefault("variables", { plain: {}, secrets: {} }, (v) => parseVariables(p, v, at("variables")));
  const entry = orDefault<string | undefined>("entry", undefined, (v) => parseEntry(v, at("entry")));
  const maxInstances = orDefault("maxInstances", defaults.maxInstances, (v) =>
    readInteger(at("maxInstances"), v, FLEX_MAX_INSTANCES.min, FLEX_MAX_INSTANCES.max, "Flex Consumption instance count"),
  );
  const alarms = orDefault("alarms", defaults.alarms, (v) => readBoolean(at("alarms"), v));

  // After the SKU is known: a Web PubSub custom domain depends on it.
  const sku = kind === "websocket" ? orDefault("sku", defaults.webPubSubSku, (v) => readOneOf(at("sku"), v, WEB_PUBSUB_SKUS, "Web PubSub SKU")) : undefined;
  const domain = orDefault<CustomDomain | undefined>("domain", undefined, (v) => parseCustomDomain(v, at("domain"), { kind, provider: p, sku }));

  const common = () => ({
    provider: provider!,
    memoryMb: memoryMb!,
    timeoutSeconds: timeoutSeconds!,
    logRetentionDays: logRetentionDays!,
    vpc: vpc!,
    throttling: throttling!,
    variables: allVariables!.plain,
    secrets: allVariables!.secrets,
    entry,
    maxInstances: maxInstances!,
    alarms: alarms!,
    domain,
  });

  if (kind === "rest-api") {
    const cors = found.take(parseCorsPolicy(field(raw, "cors"), at("cors"), defaultCorsPolicy(defaults.corsAllowOrigins)));
    const auth = found.take(parseRestApiAuth(field(raw, "auth"), at("auth")));
    return found.result<ComponentSettings>(() => ({ kind, ...common(), cors: cors!, ...(auth ? { auth } : {}) }));
  }
  const idleTimeoutSeconds = orDefault("idleTimeoutSeconds", defaults.idleTimeoutSeconds, (v) =>
    readInteger(at("idleTimeoutSeconds"), v, 1, WEBSOCKET_IDLE_TIMEOUT_MAX_SECONDS, "API Gateway WebSocket idle timeout"),
  );
  const pointInTimeRecovery = orDefault("pointInTimeRecovery", defaults.pointInTimeRecovery, (v) => readBoolean(at("pointInTimeRecovery"), v));
  const auth = found.take(parseWebSocketAuth(field(raw, "auth"), at("auth")));
  const localAuth = orDefault("localAuth", defaults.webPubSubLocalAuth, (v) => readBoolean(at("localAuth"), v));
  const upstreamAudience = orDefault("upstreamAudience", DEFAULT_UPSTREAM_AUDIENCE, (v) => parseUpstreamAudience(v, at("upstreamAudience")));
  return found.result<ComponentSettings>(() => ({
    kind,
    ...common(),
    idleTimeoutSeconds: idleTimeoutSeconds!,
    sku: sku!,
    pointInTimeRecovery: pointInTimeRecovery!,
    ...(auth ? { auth } : {}),
    localAuth: localAuth!,
    upstreamAudience: upstreamAudience!,
  }));
}

function parseRetention(provider: CloudProvider, raw: unknown, path: string): Parsed<number> {
  const allowed: readonly number[] = provider === "aws" ? CLOUDWATCH_RETENTION_DAYS : APP_INSIGHTS_RETENTION_DAYS;
  if (typeof raw === "number" && allowed.includes(raw)) return { ok: true, value: raw };
  const service = provider === "aws" ? "CloudWatch Logs" : "Application Insights";
  return fail(problem(path, raw, `is not a ${service} retention period; allowed days: ${allowed.join(", ")}`));
}

function parseThrottling(raw: unknown, path: string): Parsed<Throttling> {
  if (!isObject(raw)) return fail(problem(path, raw, "is not an object; expected { rateLimit, burstLimit }"));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, ["rateLimit", "burstLimit"]));
  const rateLimit = field(raw, "rateLimit") === undefined ? undefined : found.take(readInteger(`${path}.rateLimit`, field(raw, "rateLimit"), 1, API_GATEWAY_RATE_LIMIT_MAX, "API Gateway account rate"));
  const burstLimit = field(raw, "burstLimit") === undefined ? undefined : found.take(readInteger(`${path}.burstLimit`, field(raw, "burstLimit"), 1, API_GATEWAY_BURST_LIMIT_MAX, "API Gateway account burst"));
  if (rateLimit === undefined && field(raw, "rateLimit") === undefined) found.add(problem(`${path}.rateLimit`, undefined, "is required with throttling"));
  if (burstLimit === undefined && field(raw, "burstLimit") === undefined) found.add(problem(`${path}.burstLimit`, undefined, "is required with throttling"));
  return found.result(() => ({ rateLimit: rateLimit!, burstLimit: burstLimit! }));
}

/** Longest `entry`, like any path setting (events-config.ts PATH_MAX). */
export const ENTRY_MAX = PATH_MAX;

/**
 * `entry` is a POSIX path relative to Pulumi.yaml, the same on every machine that deploys: no
 * backslash (a separator on Windows only, a file-name character elsewhere), no drive letter, no
 * absolute path, no `..`, no NUL or other control character (Node refuses NUL in paths).
 */
function parseEntry(raw: unknown, path: string): Parsed<string> {
  const parsed = readString(path, raw, "a module path", ENTRY_MAX);
  if (!parsed.ok) return parsed;
  const entry = parsed.value;
  const why =
    /[\u0000-\u001f\u007f]/.test(entry) ? "contains a control character (NUL, newline, ...)"
    : entry.includes("\\") ? "contains a backslash (use / between folders)"
    : /^[A-Za-z]:/.test(entry) ? "starts with a drive letter"
    : entry.startsWith("/") ? "is absolute"
    : entry.split("/").includes("..") ? "leaves the project with .."
    : undefined;
  return why ? fail(problem(path, raw, `is not a path inside the project: it ${why}; allowed: a path relative to Pulumi.yaml with / separators, e.g. "dist/app.js"`)) : parsed;
}

/**
 * Renders the generated parts of docs/configuration.md from the domain's own tables (defaults,
 * limits, allowed values), so the documentation cannot drift from what the program does.
 * `npm run docs:config` rewrites the file; tests/docs/configuration.test.ts fails when it is stale.
 */
import * as fs from "fs";
import * as path from "path";
import {
  API_GATEWAY_BURST_LIMIT_MAX,
  AUTH_LIMITS,
  API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS,
  API_GATEWAY_RATE_LIMIT_MAX,
  APP_INSIGHTS_RETENTION_DAYS,
  AZURE_HTTP_TIMEOUT_SECONDS,
  CLOUDWATCH_RETENTION_DAYS,
  CORS_MAX_AGE_SECONDS,
  DEFAULTS,
  DEFAULT_UPSTREAM_AUDIENCE,
  ENVIRONMENT_NAMES,
  FLEX_CONSUMPTION_MEMORY_MB,
  FLEX_MAX_INSTANCES,
  HTTP_SINK_DEFAULTS,
  KNOWN_REGIONS,
  LAMBDA_MEMORY_MB,
  LAMBDA_TIMEOUT_SECONDS,
  SINK_KEYS,
  WEB_PUBSUB_SKUS,
  WEBSOCKET_IDLE_TIMEOUT_MAX_SECONDS,
  defaultCorsPolicy,
} from "../domain";

export const DOC = path.resolve(__dirname, "../docs/configuration.md");
const START = "<!-- generated:start (npm run docs:config) -->";
const END = "<!-- generated:end -->";

const perEnv = (render: (env: (typeof ENVIRONMENT_NAMES)[number]) => string) => ENVIRONMENT_NAMES.map(render).join(" | ");
const list = (values: readonly (string | number)[]) => values.map((v) => `\`${v}\``).join(", ");

export function renderGenerated(): string {
  const d = DEFAULTS;
  const rows: [string, string, string][] = [
    ["`provider`", perEnv(() => "`aws`"), "`aws`, `azure`"],
    ["`memoryMb` (aws)", perEnv((e) => `${d[e].memoryMb.aws}`), `${LAMBDA_MEMORY_MB.min} to ${LAMBDA_MEMORY_MB.max}, whole MB (Lambda quotas)`],
    ["`memoryMb` (azure)", perEnv((e) => `${d[e].memoryMb.azure}`), `${list(FLEX_CONSUMPTION_MEMORY_MB)} (Flex Consumption instance memory)`],
    [
      "`timeoutSeconds`",
      perEnv((e) => `${d[e].timeoutSeconds}`),
      `aws: ${LAMBDA_TIMEOUT_SECONDS.min} to ${API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS["rest-api"]} (rest-api, HTTP API integration timeout) or ${API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS.websocket} (websocket, WebSocket API integration timeout), Lambda itself allows ${LAMBDA_TIMEOUT_SECONDS.max}; azure: 1 to ${AZURE_HTTP_TIMEOUT_SECONDS} (HTTP trigger load balancer timeout)`,
    ],
    ["`logRetentionDays` (aws)", perEnv((e) => `${d[e].logRetentionDays.aws}`), `one of ${list(CLOUDWATCH_RETENTION_DAYS)} (CloudWatch Logs)`],
    ["`logRetentionDays` (azure)", perEnv((e) => `${d[e].logRetentionDays.azure}`), `one of ${list(APP_INSIGHTS_RETENTION_DAYS)} (Application Insights)`],
    ["`vpc`", perEnv(() => "`false`"), "`true`, `false`; aws only: the Lambda runs in private subnets of the stack's one VPC (shared by the components)"],
    [
      "`throttling`",
      perEnv((e) => `rate ${d[e].throttling.rateLimit}, burst ${d[e].throttling.burstLimit}`),
      `\`{ rateLimit: 1..${API_GATEWAY_RATE_LIMIT_MAX}, burstLimit: 1..${API_GATEWAY_BURST_LIMIT_MAX} }\` (API Gateway account quotas); aws only`,
    ],
    ["`variables`", perEnv(() => "`{}`"), "map of `NAME: \"string\"` or `NAME: { secure: ... }` (a Pulumi secret: `pulumi config set --secret --path 'semantest:components.rest-api.variables.NAME' value`; it reaches the function through Secrets Manager / Key Vault, docs/app.md), checked per cloud (domain/config/variables.ts). AWS: names `[a-zA-Z][a-zA-Z0-9_]+`, not one of Lambda's reserved names (`_HANDLER`, `AWS_REGION`, `AWS_LAMBDA_FUNCTION_NAME`, `TZ`, ...; other `AWS_*` such as `AWS_LAMBDA_EXEC_WRAPPER` are fine), at most 3 KB together (Lambda's 4 KB limit minus room for the program's own). Azure: letters, digits, `.` and `_` (a leading `_` is fine), not a setting Flex Consumption rejects (`FUNCTIONS_WORKER_RUNTIME`, `WEBSITE_RUN_FROM_PACKAGE`, ...). Both: not a name the program sets (`SEMANTEST_*`; AWS `CONNECTIONS_TABLE`, `CONNECTION_TTL_SECONDS`; Azure `WEBPUBSUB_*`, `AzureWebJobsStorage*`, `APPLICATIONINSIGHTS_*`). `NODE_OPTIONS` is kept on AWS, with `--enable-source-maps` added. Secrets belong in Pulumi secrets"],
    ["`entry`", perEnv(() => "the reference app"), "a module path relative to `Pulumi.yaml` with `/` separators (no `..`, no backslash, no drive letter, no control character; up to 1024 characters): your own app"],
    ["`maxInstances`", perEnv((e) => `${d[e].maxInstances}`), `${FLEX_MAX_INSTANCES.min} to ${FLEX_MAX_INSTANCES.max} (Flex Consumption); azure only`],
    ["`alarms`", perEnv((e) => `\`${d[e].alarms}\``), "`true`, `false`: alarms on errors, throttles and 5xx: CloudWatch alarms on a KMS-encrypted SNS topic (aws), Azure Monitor metric alerts with an action group, plus Web PubSub's connection quota (azure); both notify `semantest:notifications`"],
    ["`domain`", perEnv(() => "none"), "a host name (RFC 1035, no wildcard) and where its certificate and DNS come from: `{ name, hostedZoneId }` or `{ name, certificateArn }` (aws), `{ name, dnsZoneId }` (azure; WebSocket also `keyVaultCertificate: { vaultId, name }` and `sku: Premium_P1`); see [Custom domains](#custom-domains)"],
    ["`cors.allowOrigins` (rest-api)", perEnv((e) => (d[e].corsAllowOrigins.length ? list(d[e].corsAllowOrigins) : "none")), "`*`, `https://host[:port]`, `https://*.domain`, `chrome-extension://<id>`, `chrome-extension://*`"],
    ["`cors.allowMethods` (rest-api)", perEnv(() => list(defaultCorsPolicy([]).allowMethods)), "HTTP methods or `*`"],
    ["`cors.allowHeaders` (rest-api)", perEnv(() => list(defaultCorsPolicy([]).allowHeaders)), "header names (RFC 9110 tokens: no spaces or colons) or `*`"],
    ["`cors.exposeHeaders` (rest-api)", perEnv(() => list(defaultCorsPolicy([]).exposeHeaders)), "header names (RFC 9110 tokens: no spaces or colons)"],
    ["`cors.maxAgeSeconds` (rest-api)", perEnv(() => `${defaultCorsPolicy([]).maxAgeSeconds}`), `0 to ${CORS_MAX_AGE_SECONDS}`],
    ["`cors.allowCredentials` (rest-api)", perEnv(() => "`false`"), "`true`, `false`; not with origin `*`"],
    ["`idleTimeoutSeconds` (websocket)", perEnv((e) => `${d[e].idleTimeoutSeconds}`), `1 to ${WEBSOCKET_IDLE_TIMEOUT_MAX_SECONDS} (the local gateway's idle timeout; API Gateway closes idle WebSockets at 10 minutes, fixed, and the deploy warns when this differs)`],
    ["`sku` (websocket)", perEnv((e) => `\`${d[e].webPubSubSku}\``), `${list(WEB_PUBSUB_SKUS)} (Azure Web PubSub); azure only`],
    ["`pointInTimeRecovery` (websocket)", perEnv((e) => `\`${d[e].pointInTimeRecovery}\``), "`true`, `false`: on the DynamoDB connections table (aws)"],
    ["`localAuth` (websocket)", perEnv((e) => `\`${d[e].webPubSubLocalAuth}\``), "`true`, `false`: Web PubSub keeps its access keys (`false`: `disableLocalAuth: true`, upstream events carry a managed-identity token the app checks; the pack requires `false` in production); azure only; see docs/security.md"],
    ["`upstreamAudience` (websocket)", perEnv(() => `\`${DEFAULT_UPSTREAM_AUDIENCE}\``), "the Entra application (client) ID or Application ID URI (`api://...`, `https://...`) Web PubSub requests its upstream token for, i.e. the token's `aud`; with `localAuth: false`; azure only"],
    ["`auth`", perEnv(() => "none (open)"), `\`{ issuer, audiences, scopes?, routes? }\` (rest-api) or \`{ issuer, audiences, scopes?, tokenSource?, userIdClaim?, rolesClaim? }\` (websocket): JWTs of one https OpenID Connect issuer, 1 to ${AUTH_LIMITS.audiences} audiences, at most ${AUTH_LIMITS.scopesPerRoute} scopes per route (API Gateway quotas); see docs/auth.md`],
  ];
  const header = `| Field | ${ENVIRONMENT_NAMES.join(" | ")} | Allowed |\n| --- | ${ENVIRONMENT_NAMES.map(() => "---").join(" | ")} | --- |`;
  const table = rows.map(([field, defaults, allowed]) => `| ${field} | ${defaults} | ${allowed} |`).join("\n");
  return [
    START,
    "",
    "### Component fields: defaults per environment and limits",
    "",
    header,
    table,
    "",
    "### Events sinks",
    "",
    "| Sink | Fields (default) |",
    "| --- | --- |",
    ...Object.entries(SINK_KEYS).map(
      ([kind, keys]) => `| \`${kind}\` | ${keys.filter((key) => key !== "kind").map((key) => `\`${key}\` (${sinkField(kind, key)})`).join(", ")} |`,
    ),
    "",
    "### Known regions",
    "",
    `- \`aws:region\`: ${list(KNOWN_REGIONS.aws)}`,
    `- \`azure-native:location\`: ${list(KNOWN_REGIONS.azure)}`,
    "",
    END,
  ].join("\n");
}

/** What each sink field means and defaults to; a field the domain accepts but this map lacks fails the docs test. */
function sinkField(kind: string, key: string): string {
  const described: Record<string, string> = {
    "file.path": "`.semantest/events.jsonl`",
    "http.url": "required, http or https: a Semantest server's `/events`",
    "http.timeoutMs": `${HTTP_SINK_DEFAULTS.timeoutMs}, 100 to 60000`,
    "http.maxAttempts": `${HTTP_SINK_DEFAULTS.maxAttempts}, 1 to 20`,
    "http.tokenEnv": "absent: no Authorization header; else the variable holding a bearer token",
    "eventbridge.eventBusName": "`default`",
    "eventbridge.region": "`aws:region`",
    "eventgrid.endpoint": "required, https: the topic endpoint",
    "eventgrid.accessKeyEnv": "absent: Microsoft Entra ID credentials; else the variable holding the topic key",
  };
  const text = described[`${kind}.${key}`];
  if (!text) throw new Error(`scripts/config-reference.ts: describe the ${kind} sink field ${key}`);
  return text;
}

export function withGenerated(text: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < 0) throw new Error(`${DOC}: the generated-section markers are missing`);
  return text.slice(0, start) + renderGenerated() + text.slice(end + END.length);
}

if (require.main === module) {
  fs.writeFileSync(DOC, withGenerated(fs.readFileSync(DOC, "utf8")));
  process.stdout.write(`updated ${path.relative(process.cwd(), DOC)}\n`);
}

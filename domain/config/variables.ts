import type { CloudProvider } from "./cloud-provider";
import { isObject } from "./fields";
import { fail, Parsed, problem, ProblemCollector } from "./problem";

/**
 * `variables`: plain environment variables for the function that hosts a component, checked with
 * the rules of the cloud it runs on.
 *
 * AWS Lambda
 * - names match `[a-zA-Z]([a-zA-Z0-9_])+` (Lambda API Reference, `Environment`: Variables key
 *   pattern): a letter first, at least two characters;
 * - these names are reserved and cannot be set (Lambda Developer Guide, "Defined runtime
 *   environment variables", Reserved environment variables). Other `AWS_*` names are not reserved:
 *   `AWS_LAMBDA_EXEC_WRAPPER` (wrapper scripts), `AWS_XRAY_CONTEXT_MISSING`, `AWS_NODEJS_CONNECTION_REUSE_ENABLED`…;
 * - at most 4 KB for all variables of a function together (Lambda Developer Guide, "Lambda
 *   quotas": Environment variables, 4 KB in aggregate); the program's own (about 1 KB at most:
 *   CORS policy, table name) come on top, so user variables get 3 KB.
 *
 * Azure Functions (App Service app settings)
 * - names contain only letters, numbers, periods and underscores (Microsoft Learn, "Configure an
 *   App Service app", Configure app settings); a leading `_` is legal;
 * - Flex Consumption rejects the settings it replaced with `functionAppConfig` (Microsoft Learn,
 *   "App settings reference for Azure Functions", Flex Consumption plan deprecations).
 *
 * Both: names the program sets itself are refused rather than silently overwritten. `NODE_OPTIONS`
 * is allowed: the AWS function merges it with its own `--enable-source-maps` (lambdaNodeOptions).
 */
export const LAMBDA_RESERVED_VARIABLES = [
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
  "TZ",
] as const;
export const LAMBDA_VARIABLE_NAME = /^[a-zA-Z][a-zA-Z0-9_]+$/;
export const USER_VARIABLES_MAX_BYTES = 3 * 1024;

export const AZURE_APP_SETTING_NAME = /^[A-Za-z0-9._]+$/;
export const FLEX_CONSUMPTION_REJECTED_SETTINGS = [
  "FUNCTIONS_EXTENSION_VERSION",
  "FUNCTIONS_WORKER_RUNTIME",
  "FUNCTIONS_WORKER_RUNTIME_VERSION",
  "FUNCTIONS_MAX_HTTP_CONCURRENCY",
  "FUNCTIONS_WORKER_PROCESS_COUNT",
  "FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED",
  "SCM_DO_BUILD_DURING_DEPLOYMENT",
  "ENABLE_ORYX_BUILD",
  "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
  "WEBSITE_CONTENTOVERVNET",
  "WEBSITE_CONTENTSHARE",
  "WEBSITE_DNS_SERVER",
  "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT",
  "WEBSITE_NODE_DEFAULT_VERSION",
  "WEBSITE_RUN_FROM_PACKAGE",
  "WEBSITE_SKIP_CONTENTSHARE_VALIDATION",
  "WEBSITE_VNET_ROUTE_ALL",
] as const;

/** Names (or prefixes, ending in `*`) the program sets on each cloud (components/aws, components/azure). */
export const PROGRAM_VARIABLES: Readonly<Record<CloudProvider, readonly string[]>> = {
  aws: ["SEMANTEST_*", "CONNECTIONS_TABLE", "CONNECTION_TTL_SECONDS"],
  azure: ["SEMANTEST_*", "WEBPUBSUB_*", "AzureWebJobsStorage*", "APPLICATIONINSIGHTS_*"],
};

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
const matches = (name: string, pattern: string) => (pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern);

/** A component's variables: plain values, and the ones written `NAME: { secure: ... }` (Pulumi secrets). */
export interface ParsedVariables {
  readonly plain: Readonly<Record<string, string>>;
  /** Name -> the secret's value (the ciphertext in a stack file, the plaintext once the engine decrypts it). */
  readonly secrets: Readonly<Record<string, string>>;
}

/** A Pulumi secret in a stack file: `{ secure: <ciphertext> }`. */
function secureValue(value: unknown): string | undefined {
  if (!isObject(value) || Object.keys(value).length !== 1) return undefined;
  const secure = (value as Record<string, unknown>).secure;
  return typeof secure === "string" ? secure : undefined;
}

export function parseVariables(provider: CloudProvider, raw: unknown, path: string): Parsed<ParsedVariables> {
  if (!isObject(raw)) return fail(problem(path, raw, "is not a map of variable names to string values"));
  const found = new ProblemCollector();
  const plain: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const entries = Object.entries(raw);
  for (const [name, value] of entries) {
    const at = `${path}.${name}`;
    const nameProblem = provider === "aws" ? lambdaNameProblem(name) : azureNameProblem(name);
    if (nameProblem) found.add(problem(at, name, nameProblem));
    else {
      const taken = PROGRAM_VARIABLES[provider].find((pattern) => matches(name, pattern));
      if (taken) found.add(problem(at, name, `is set by semantest-iac itself on ${provider} (${PROGRAM_VARIABLES[provider].join(", ")}); choose another name`));
    }
    const secret = secureValue(value);
    if (secret !== undefined) secrets[name] = secret;
    else if (typeof value === "string") plain[name] = value;
    else found.add(problem(at, value, "is not a string or a secret; quote numbers and booleans, or set a secret with pulumi config set --secret --path"));
  }
  if (provider === "aws") {
    // Secrets travel as their Secrets Manager ARN (components/secrets/aws.ts), not as values.
    const bytes = Object.entries(plain).reduce((sum, [name, value]) => sum + utf8Bytes(name) + utf8Bytes(value), 0);
    if (bytes > USER_VARIABLES_MAX_BYTES) {
      found.add(problem(path, `${bytes} bytes`, `is more than the ${USER_VARIABLES_MAX_BYTES} bytes left for your variables by Lambda's 4 KB limit for all of a function's variables`));
    }
  }
  return found.result(() => ({ plain, secrets }));
}

function lambdaNameProblem(name: string): string | undefined {
  if ((LAMBDA_RESERVED_VARIABLES as readonly string[]).includes(name)) {
    return "is reserved by the Lambda runtime (Lambda Developer Guide, Reserved environment variables)";
  }
  if (!LAMBDA_VARIABLE_NAME.test(name)) return "is not a variable name Lambda accepts: a letter, then at least one letter, digit or _";
  return undefined;
}

function azureNameProblem(name: string): string | undefined {
  if (!AZURE_APP_SETTING_NAME.test(name)) return "is not a variable name Azure app settings accept: letters, digits, . and _ only";
  if ((FLEX_CONSUMPTION_REJECTED_SETTINGS as readonly string[]).includes(name)) {
    return "is not accepted by Azure Functions Flex Consumption (it takes runtime and scale from functionAppConfig)";
  }
  return undefined;
}

/** The Lambda's NODE_OPTIONS: the user's, plus `--enable-source-maps` (the bundle ships a source map) unless already there. */
export function lambdaNodeOptions(user: string | undefined): string {
  const own = "--enable-source-maps";
  if (!user || user.trim() === "") return own;
  return user.split(/\s+/).includes(own) ? user : `${user} ${own}`;
}

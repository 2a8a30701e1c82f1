/**
 * `semantest-iac dev`: the local gateway (runtime/local) in the foreground until Ctrl-C.
 * `--env <env>` runs the components as Pulumi.<env>.yaml configures them (provider, entry,
 * variables); `--provider` runs both on one cloud with the dev defaults.
 */
import { DeploymentConfiguration, formatProblem } from "../../domain";
import * as path from "path";
import { startGateway, WATCHED_DIRS, type Gateway, type LocalProvider } from "../../runtime/local/gateway";
import type { LocalComponents } from "../../runtime/local/host";
import { createLog } from "../../runtime/local/log";
import { ExitCodes } from "../../application/exit-codes";
import { OperationError, type Io } from "../output";
import { entryFolders, localSecretsFile, withLocalSecrets } from "./dev-secrets";

export interface DevFlags {
  readonly provider?: string;
  readonly env?: string;
  readonly port?: string;
  readonly idleTimeout?: string;
  readonly watch?: boolean;
  readonly json?: boolean;
  /** With --env: the plaintext of the stack's secure variables (default .semantest/secrets.<env>.json). */
  readonly secretsFile?: string;
}

export interface DevOptions {
  readonly provider: LocalProvider;
  readonly port: number;
  readonly idleTimeoutSeconds?: number;
  readonly watch: boolean;
  readonly json: boolean;
}

/** Validates the flags: every problem names the flag, the value and what is allowed. */
export function parseDevFlags(flags: DevFlags): DevOptions {
  const provider = flags.provider ?? "aws";
  if (provider !== "aws" && provider !== "azure") throw usage(`--provider ${JSON.stringify(provider)} is not a provider; allowed: aws, azure`);
  const portText = flags.port ?? "3000";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65534) throw usage(`--port ${JSON.stringify(portText)} is not a port; allowed: 0 (free ports) or 1-65534 (the WebSocket server takes the next one)`);
  let idleTimeoutSeconds: number | undefined;
  if (flags.idleTimeout !== undefined) {
    idleTimeoutSeconds = Number(flags.idleTimeout);
    if (!/^\d+$/.test(flags.idleTimeout) || idleTimeoutSeconds < 1) throw usage(`--idle-timeout ${JSON.stringify(flags.idleTimeout)} is not valid; allowed: whole seconds >= 1 (API Gateway: 600)`);
  }
  return { provider, port, idleTimeoutSeconds, watch: flags.watch !== false, json: flags.json === true };
}

/** Reads a stack's config values (`semantest:*`, regions) by environment name: the project port's `stackValues`. */
export type StackReader = (env: string) => Readonly<Record<string, unknown>>;

/**
 * The provider and component settings `dev --env <env>` runs: both components from the stack file,
 * validated as a deploy would. REST on AWS with the WebSocket server on Azure runs as such
 * (runtime/local/mixed.ts); the reverse split is refused.
 */
export function stackComponents(env: string, readStack: StackReader): { provider: LocalProvider; components: LocalComponents; traffic?: { weight: number } } {
  let values: Readonly<Record<string, unknown>>;
  try {
    values = readStack(env);
  } catch (error) {
    throw new OperationError("NO_SUCH_STACK", `--env ${JSON.stringify(env)}: ${(error as Error).message.split("\n")[0]}`, ExitCodes.usage, "pick a stack that has a Pulumi.<env>.yaml, or use --provider");
  }
  const parsed = DeploymentConfiguration.parse({ stack: env, values });
  if (!parsed.ok) {
    throw new OperationError("INVALID_CONFIG", `Pulumi.${env}.yaml: ${parsed.error.map(formatProblem).join("; ")}`, ExitCodes.usage, `semantest-iac preview --env ${env} --offline lists every problem`);
  }
  const { restApi, websocket } = parsed.value;
  if (!restApi || !websocket) {
    const missing = !restApi ? "rest-api" : "websocket";
    throw new OperationError("USAGE", `--env ${env}: semantest:components has no ${missing}; allowed: a stack with both rest-api and websocket`, ExitCodes.usage, "use --provider aws|azure to run both with the dev defaults");
  }
  if (restApi.provider === "azure" && websocket.provider === "aws") {
    throw new OperationError(
      "MIXED_PROVIDERS",
      `--env ${env}: rest-api on azure with websocket on aws is not emulated (the Function App reads its AWS key from Key Vault with a managed identity, which has no local stand-in); allowed: both components on one provider, or rest-api on aws with websocket on azure`,
      ExitCodes.usage,
      `run one cloud: semantest-iac dev --provider azure (or aws)`,
    );
  }
  // The gateway's provider is the one WebSocket clients connect to (the page, the ready line).
  // A release in progress (`semantest:release.traffic`) runs both versions side by side, the new one weighted.
  const traffic = parsed.value.release?.traffic;
  return { provider: websocket.provider, components: { restApi, websocket }, ...(traffic ? { traffic: { weight: traffic.weight } } : {}) };
}

function usage(message: string): OperationError {
  return new OperationError("USAGE", message, ExitCodes.usage, "run semantest-iac dev --help");
}

/** Starts the gateway and resolves with the exit code once SIGINT/SIGTERM has shut it down. */
export async function runDev(flags: DevFlags, io: Io, projectDir: string, readStack: StackReader, signals: NodeJS.EventEmitter = process): Promise<number> {
  if (flags.env !== undefined && flags.provider !== undefined) throw usage("--env and --provider exclude each other; --env takes each component's provider from Pulumi.<env>.yaml");
  if (flags.secretsFile !== undefined && flags.env === undefined) throw usage("--secrets-file needs --env: it holds the secure variables of Pulumi.<env>.yaml");
  const stack = flags.env === undefined ? undefined : stackComponents(flags.env, readStack);
  const options = parseDevFlags({ ...flags, provider: stack?.provider ?? flags.provider });
  const components = stack ? withLocalSecrets(stack.components, flags.env!, flags.secretsFile ? path.resolve(flags.secretsFile) : localSecretsFile(projectDir, flags.env!)) : undefined;
  // The user's own code reloads too: each entry's package, besides the gateway's own folders.
  const watchPaths = components ? [...WATCHED_DIRS, ...entryFolders(components, projectDir)] : undefined;
  const log = createLog((line) => io.stderr(line));
  let gateway: Gateway;
  try {
    gateway = await startGateway({ provider: options.provider, port: options.port, projectDir, watch: options.watch, log, idleTimeoutSeconds: options.idleTimeoutSeconds, components, watchPaths, traffic: stack?.traffic });
  } catch (error) {
    const message = (error as Error).message.split("\n")[0] ?? String(error);
    const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
    throw new OperationError(
      inUse ? "PORT_IN_USE" : "GATEWAY_FAILED",
      `the local gateway did not start: ${message}`,
      inUse ? ExitCodes.usage : ExitCodes.environment,
      inUse ? "pick other ports with --port N, or --port 0 for free ones" : undefined,
    );
  }
  if (options.json) {
    io.stdout(JSON.stringify({ event: "ready", provider: gateway.provider, restUrl: gateway.restUrl, webSocketServerUrl: gateway.webSocketServerUrl, pageUrl: gateway.pageUrl, page: gateway.host.page, urls: gateway.urls }));
  } else {
    io.stdout(`semantest-iac dev: ${options.provider} gateway ready${options.watch ? ", reloading on changes" : ""} (Ctrl-C to stop)`);
    const width = Math.max(...Object.keys(gateway.urls).map((k) => k.length));
    for (const [name, url] of Object.entries(gateway.urls)) io.stdout(`  ${name.padEnd(width)}  ${url}`);
  }
  const signal = await new Promise<string>((resolve) => {
    signals.once("SIGINT", () => resolve("SIGINT"));
    signals.once("SIGTERM", () => resolve("SIGTERM"));
  });
  log.info(`${signal}: shutting down (closing connections, stopping functions)`);
  await gateway.close();
  log.info("stopped");
  return ExitCodes.ok;
}

/**
 * `semantest-iac dev`: the local gateway (runtime/local) in the foreground until Ctrl-C.
 */
import { startGateway, type Gateway, type LocalProvider } from "../../runtime/local/gateway";
import { createLog } from "../../runtime/local/log";
import { ExitCodes } from "../../application/exit-codes";
import { OperationError, type Io } from "../output";

export interface DevFlags {
  readonly provider?: string;
  readonly port?: string;
  readonly idleTimeout?: string;
  readonly watch?: boolean;
  readonly json?: boolean;
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

function usage(message: string): OperationError {
  return new OperationError("USAGE", message, ExitCodes.usage, "run semantest-iac dev --help");
}

/** Starts the gateway and resolves with the exit code once SIGINT/SIGTERM has shut it down. */
export async function runDev(flags: DevFlags, io: Io, projectDir: string, signals: NodeJS.EventEmitter = process): Promise<number> {
  const options = parseDevFlags(flags);
  const log = createLog((line) => io.stderr(line));
  let gateway: Gateway;
  try {
    gateway = await startGateway({ provider: options.provider, port: options.port, projectDir, watch: options.watch, log, idleTimeoutSeconds: options.idleTimeoutSeconds });
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

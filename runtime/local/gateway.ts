/**
 * The local gateway (DESIGN §9): two HTTP servers on localhost, hosting the deployed code through the
 * same adapters a cloud uses.
 *
 *   REST server       the REST API (API Gateway HTTP API -> Lambda, or the Function App), plus
 *                     `GET /` (the browser page, for Accept: text/html), `/_local/config.json`,
 *                     `/_local/registry` (the connection registry, for diagnostics and tests)
 *   WebSocket server  API Gateway WebSocket API + `@connections`, or the Web PubSub service
 *                     (client endpoint + REST API)
 */
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { devSettings, startAwsHost } from "./aws/host";
import { startLocalIssuer, withLocalIssuer, type LocalIssuer } from "./auth";
import { applyCors } from "./cors";
import { startAzureHost } from "./azure/host";
import type { HostContext, LocalComponents, ProviderHost } from "./host";
import { createLog, type GatewayLog } from "./log";
import { startAwsRestAzureWebSocketHost } from "./mixed";
import { PAGE_HTML } from "./page";
import { answerClientErrors, answerError, guardRequests, requestUrl } from "./safe-input";

export type LocalProvider = "aws" | "azure";

export interface GatewayOptions {
  readonly provider: LocalProvider;
  /** REST server port; the WebSocket server takes port + 1. 0 = two free ports. @default 3000 */
  readonly port?: number;
  /** @default 127.0.0.1 */
  readonly host?: string;
  readonly projectDir: string;
  /** Rebuild and reload when app/, runtime/ or artifacts/ change. @default false */
  readonly watch?: boolean;
  /** Directories to watch instead of WATCHED_DIRS (absolute, or relative to projectDir). */
  readonly watchPaths?: readonly string[];
  readonly log?: GatewayLog;
  /** WebSocket idle timeout in seconds. @default the component's idleTimeoutSeconds (600) */
  readonly idleTimeoutSeconds?: number;
  /**
   * The components' settings from a stack (`dev --env`): each is built from its `entry` and runs
   * with its `variables`. Both must name `provider` (this gateway emulates one cloud at a time).
   * @default the dev environment's defaults on `provider`
   */
  readonly components?: LocalComponents;
  /** A release in progress: two versions side by side with the new one weighted (AWS host). @default no split */
  readonly traffic?: HostContext["traffic"];
}

export interface Gateway {
  readonly provider: LocalProvider;
  /** The local token issuer, when a component has auth (runtime/local/auth.ts). */
  readonly issuer?: LocalIssuer;
  readonly restUrl: string;
  readonly webSocketServerUrl: string;
  readonly pageUrl: string;
  readonly urls: Readonly<Record<string, string>>;
  readonly host: ProviderHost;
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** Directories whose changes rebuild the artifacts. */
export const WATCHED_DIRS = ["app", "runtime/aws", "runtime/azure", "artifacts"];

async function listen(server: http.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

/**
 * Which host runs the components: one cloud's (both on `provider`), or REST on AWS with the
 * WebSocket server on Azure. The other split (REST on Azure pushing to API Gateway) needs the app's
 * managed identity to read an AWS key from Key Vault, which has no local stand-in: refused.
 */
export function hostKind(options: Pick<GatewayOptions, "provider" | "components">): "single" | "aws-rest-azure-websocket" {
  const components = options.components;
  if (!components) return "single";
  const rest = components.restApi.provider;
  const ws = components.websocket.provider;
  if (rest === "aws" && ws === "azure") return "aws-rest-azure-websocket";
  if (rest !== ws) throw new Error(`rest-api on ${rest} with websocket on ${ws} is not emulated (the Azure REST app reads its AWS key from Key Vault with a managed identity); allowed: both on one provider, or rest-api on aws with websocket on azure`);
  if (rest !== options.provider) throw new Error(`both components are on ${rest}, but this gateway was asked for ${options.provider}; allowed: provider ${rest}`);
  return "single";
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.log ?? createLog();
  const hostname = options.host ?? "127.0.0.1";
  let host: ProviderHost | undefined;

  // The REST API's CORS, answered at the front door as API Gateway / the Functions platform do.
  const mixed = hostKind(options);
  const restSettings = options.components?.restApi ?? devSettings("rest-api", options.provider);
  const cors = restSettings.kind === "rest-api" ? restSettings.cors : undefined;
  const onListenerError = (error: unknown) => log.error(`request failed: ${String((error as Error)?.message ?? error)}`);
  const restServer = http.createServer(guardRequests((req, res) => {
    const url = requestUrl(req.url);
    if (!url) return answerError(res, 400, "Bad Request: the request target is not a URL");
    if (req.method === "GET" && url.pathname === "/" && (req.headers.accept ?? "").includes("text/html")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(PAGE_HTML);
      return;
    }
    if (!host) return json(res, 503, { message: "the local gateway is starting" });
    if (req.method === "GET" && url.pathname === "/_local/config.json") return json(res, 200, host.page);
    if (req.method === "GET" && url.pathname === "/_local/registry") {
      host.registry().then(
        (registry) => json(res, 200, registry),
        (error: Error) => json(res, 500, { message: error.message }),
      );
      return;
    }
    if (applyCors(cors, req, res)) return;
    return host.handleRest(req, res);
  }, onListenerError));
  const wsServer = http.createServer(guardRequests((req, res) => {
    if (!requestUrl(req.url)) return answerError(res, 400, "Bad Request: the request target is not a URL");
    if (host?.handleWebSocketHttp(req, res)) return;
    json(res, 404, { message: "Not Found" });
  }, onListenerError));
  answerClientErrors(restServer);
  answerClientErrors(wsServer);

  const restPort = await listen(restServer, options.port ?? 3000, hostname);
  const wsPort = await listen(wsServer, options.port === 0 || options.port === undefined ? (options.port ?? 3001) : options.port + 1, hostname);
  const restUrl = `http://${hostname}:${restPort}`;
  const webSocketServerUrl = `http://${hostname}:${wsPort}`;
  const workDir = path.join(options.projectDir, ".semantest", "local");
  fs.mkdirSync(workDir, { recursive: true });

  // With auth, tokens come from a local issuer in place of the stack's (audiences, scopes and routes stay).
  const authed = options.components && (options.components.restApi.auth || options.components.websocket.auth) ? options.components : undefined;
  let issuer: LocalIssuer | undefined;
  const components = authed && (issuer = await startLocalIssuer({ host: hostname, defaultAudience: (authed.restApi.auth ?? authed.websocket.auth)!.audiences[0] }))
    ? { restApi: { ...authed.restApi, auth: withLocalIssuer(authed.restApi.auth, issuer.issuer) }, websocket: { ...authed.websocket, auth: withLocalIssuer(authed.websocket.auth, issuer.issuer) } }
    : options.components;
  const context: HostContext = { projectDir: options.projectDir, workDir, log, restBaseUrl: restUrl, webSocketBaseUrl: webSocketServerUrl, idleTimeoutSeconds: options.idleTimeoutSeconds, components, traffic: options.traffic };
  try {
    host = mixed === "aws-rest-azure-websocket" ? await startAwsRestAzureWebSocketHost(context) : options.provider === "aws" ? await startAwsHost(context) : await startAzureHost(context);
  } catch (error) {
    restServer.close();
    wsServer.close();
    await issuer?.close();
    throw error;
  }
  host.attachWebSocket(wsServer);
  const started = host;

  let reloading: Promise<void> | undefined;
  const reload = async () => {
    const t0 = Date.now();
    try {
      await started.reload();
      log.info(`reloaded in ${Date.now() - t0}ms`);
    } catch (error) {
      log.error(`reload failed, still serving the previous build: ${(error as Error).message.split("\n")[0]}`);
    }
  };
  const watchers: fs.FSWatcher[] = [];
  if (options.watch) {
    let timer: NodeJS.Timeout | undefined;
    for (const dir of options.watchPaths ?? WATCHED_DIRS) {
      const full = path.resolve(options.projectDir, dir);
      if (!fs.existsSync(full)) continue;
      watchers.push(
        fs.watch(full, { recursive: true }, (_event, file) => {
          if (file && !/\.(ts|js|json|mjs|cjs)$/.test(String(file))) return;
          clearTimeout(timer);
          timer = setTimeout(() => {
            log.info(`change in ${path.relative(options.projectDir, path.join(full, String(file ?? "")))}: rebuilding`);
            reloading = (reloading ?? Promise.resolve()).then(reload);
          }, 150);
        }),
      );
    }
  }

  const pageUrl = `${restUrl}/`;
  return {
    provider: options.provider,
    restUrl,
    webSocketServerUrl,
    pageUrl,
    urls: { "Page (open in a browser)": pageUrl, ...started.urls, ...(issuer ? { "Local token issuer (POST /token)": issuer.issuer } : {}) },
    ...(issuer ? { issuer } : {}),
    host: started,
    reload: () => (reloading = (reloading ?? Promise.resolve()).then(reload)),
    async close() {
      for (const watcher of watchers) watcher.close();
      await reloading?.catch(() => undefined);
      await started.close();
      await issuer?.close();
      for (const server of [restServer, wsServer]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

/**
 * The Azure side of the local gateway: the same Function App zips a deploy uploads (artifacts/azure.ts
 * recipes) run as local Function Apps, the REST one on the REST server, the WebSocket one (its
 * `webpubsub/events` and `negotiate` routes) beside an emulated Web PubSub service that holds the
 * client connections, calls the event handler upstream and serves the REST API the handler's
 * WebPubSubServiceClient sends through.
 */
import { randomBytes } from "crypto";
import * as path from "path";
import { azureArtifactSpec } from "../../../artifacts/azure";
import { buildArtifact } from "../../../artifacts/build";
import type { ComponentKind, ComponentSettings } from "../../../domain";
import { devSettings } from "../aws/host";
import type { HostContext, ProviderHost } from "../host";
import { LocalFunctionApp } from "./function-app";
import { WebPubSubEmulator } from "./web-pubsub";
import { authEnv } from "../auth";
import { requestUrl } from "../safe-input";

/** The hub the stack creates (components/azure/websocket.ts HUB_NAME; runtime/ may not import components/). */
export const LOCAL_HUB = "semantest";
/** The WebSocket Function App's routes (runtime/azure/websocket-entry.ts). */
export const EVENTS_ROUTE = "/webpubsub/events";
export const NEGOTIATE_ROUTE = "/negotiate";
/** Topic groups are `topic:<name>` (runtime/azure/connections.ts). */
const TOPIC_GROUP_PREFIX = "topic:";

export async function startAzureHost(context: HostContext): Promise<ProviderHost> {
  const { log } = context;
  const accessKey = randomBytes(32).toString("base64");
  const service = new WebPubSubEmulator({
    accessKey,
    eventHandlers: { [LOCAL_HUB]: { url: `${context.webSocketBaseUrl}${EVENTS_ROUTE}` } },
    onUpstream: (e) => log.invocation("upstream", `${e.event} ${e.connectionId}`, e.status, e.ms, e.error),
    onServiceCall: (e) => log.invocation("service", `${e.method} ${e.path}`, e.status),
  });
  service.setEndpoint(context.webSocketBaseUrl);
  const settings = context.components
    ? { rest: context.components.restApi, ws: context.components.websocket }
    : { rest: devSettings("rest-api", "azure"), ws: devSettings("websocket", "azure") };

  const build = async (kind: ComponentKind, component: ComponentSettings, env: Record<string, string>) => {
    const artifact = await buildArtifact(azureArtifactSpec(component, context.projectDir));
    const app = await LocalFunctionApp.fromZip({
      name: kind,
      zipPath: artifact.path,
      workDir: path.join(context.workDir, "azure"),
      env: { ...component.variables, ...env, ...authEnv(component) }, // the apps check tokens themselves (runtime/azure/auth.ts)
      output: (line) => log.function(kind, line),
      onInvocation: (e) => log.invocation(kind === "rest-api" ? "rest" : "function", `${e.method} ${e.path} -> ${e.fn}`, e.status, e.ms, e.error),
    });
    await app.start();
    return { app, digest: artifact.digest };
  };
  const buildAll = async () => {
    // Both apps get the service's connection string, so the REST app's own code can push to
    // WebSocket clients through WebPubSubServiceClient as it would with the portal's one.
    const serviceEnv = { WEBPUBSUB_CONNECTION_STRING: service.connectionString, WEBPUBSUB_HUB: LOCAL_HUB };
    const [rest, ws] = await Promise.all([
      context.only === "websocket" ? undefined : build("rest-api", settings.rest, { ...serviceEnv, ...context.restPushEnv }),
      context.only === "rest-api" ? undefined : build("websocket", settings.ws, serviceEnv),
    ]);
    const built = [rest && `rest-api ${rest.digest.slice(0, 19)}`, ws && `websocket ${ws.digest.slice(0, 19)}`].filter(Boolean).join(" and ");
    log.info(`built ${built} (azure artifacts; functions: ${[...(rest?.app.functionNames ?? []), ...(ws?.app.functionNames ?? [])].join(", ")})`);
    return { rest: rest?.app, ws: ws?.app };
  };
  const stopAll = (built: Awaited<ReturnType<typeof buildAll>>) => Promise.all([built.rest?.stop(), built.ws?.stop()]);
  const running = (app: LocalFunctionApp | undefined, kind: ComponentKind): LocalFunctionApp => {
    if (!app) throw new Error(`${kind} does not run on this host`);
    return app;
  };
  let apps = await buildAll();
  const wsUrl = context.webSocketBaseUrl.replace(/^http/, "ws");

  return {
    handleRest: (req, res) => {
      if (requestUrl(req.url)?.pathname === "/_local/negotiate") {
        // The page negotiates through the REST origin (same origin, no CORS), as a web app backend would.
        req.url = NEGOTIATE_ROUTE + (requestUrl(req.url)?.search ?? "");
        return running(apps.ws, "websocket").handle(req, res);
      }
      return running(apps.rest, "rest-api").handle(req, res);
    },
    attachWebSocket: (server) => service.attach(server),
    handleWebSocketHttp: (req, res) => {
      if (service.handleRest(req, res)) return true;
      // The WebSocket Function App (event handler, negotiate) on the same origin as the service.
      Promise.resolve().then(() => running(apps.ws, "websocket").handle(req, res)).catch(() => {
        if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
      });
      return true;
    },
    async reload() {
      const next = await buildAll();
      const previous = apps;
      apps = next;
      await stopAll(previous);
    },
    async registry() {
      const snapshot = service.snapshot(LOCAL_HUB);
      const topics: Record<string, string[]> = {};
      for (const [group, members] of Object.entries(snapshot.groups)) if (group.startsWith(TOPIC_GROUP_PREFIX)) topics[group.slice(TOPIC_GROUP_PREFIX.length)] = members;
      return { connections: snapshot.connections, topics };
    },
    page: { provider: "azure", negotiateUrl: "/_local/negotiate" },
    urls: {
      "REST API (Function App)": context.restBaseUrl,
      "Negotiate (WebSocket Function App)": `${context.webSocketBaseUrl}${NEGOTIATE_ROUTE}`,
      "Web PubSub client endpoint": `${wsUrl}/client/hubs/${LOCAL_HUB}?access_token=<from negotiate>`,
      "Web PubSub service REST API": `${context.webSocketBaseUrl}/api/hubs/${LOCAL_HUB}`,
      "Event handler (upstream)": `${context.webSocketBaseUrl}${EVENTS_ROUTE}`,
      // Local only, random per run: the user's own code (or `new WebPubSubServiceClient(...)` in a
      // script) can call the emulated service REST API with it, as with the portal's connection string.
      "Web PubSub connection string": service.connectionString,
    },
    async close() {
      await service.close();
      await stopAll(apps);
    },
  };
}

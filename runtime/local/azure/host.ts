/**
 * The Azure side of the local gateway: the same Function App zips a deploy uploads (artifacts/azure.ts
 * recipes) run as local Function Apps, the REST one on the REST server, the WebSocket one (its
 * `webpubsub/events` and `negotiate` routes) beside an emulated Web PubSub service that holds the
 * client connections, calls the event handler upstream and serves the REST API the handler's
 * WebPubSubServiceClient sends through.
 */
import { randomBytes } from "crypto";
import type { Server } from "http";
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
import { PUSH_ENV } from "../../shared/push-contract";
import { startLocalIdentity, type LocalIdentity } from "./identity";
import { startUpstreamIssuer } from "./upstream-issuer";
import { DEFAULT_UPSTREAM_AUDIENCE } from "../../../domain/config/web-pubsub-auth";
import { CANARY_SETTING, SIBLING_HUBS_SETTING } from "../../azure/canary";
import { drainHub } from "../../azure/hub-drain";

/** The hub the stack creates (components/azure/websocket.ts HUB_NAME; runtime/ may not import components/). */
export const LOCAL_HUB = "semantest";
/** The WebSocket Function App's routes (runtime/azure/websocket-entry.ts). */
export const EVENTS_ROUTE = "/webpubsub/events";
export const NEGOTIATE_ROUTE = "/negotiate";
/** Topic groups are `topic:<name>` (runtime/azure/connections.ts). */
const TOPIC_GROUP_PREFIX = "topic:";
/** The canary's hub (components/azure/websocket.ts CANARY_HUB_NAME) and where its app is served locally. */
export const LOCAL_CANARY_HUB = "semantest_canary";
export const CANARY_PREFIX = "/_canary";

/**
 * A WebSocket release in progress, as the Azure stack runs it (components/azure/websocket.ts): a
 * second WebSocket Function App as the event handler of its own hub, and `negotiate` on the stable
 * app assigning new connections to it by `weight` (runtime/azure/canary.ts).
 */
export interface LocalCanary {
  /** The share of new connections assigned to the canary hub, in [0, 1]. */
  readonly weight: number;
  /** Salts the per-user draw (the release id on Azure). @default "local" */
  readonly salt?: string;
  /** The canary app's settings (its `entry`, `variables`). @default the stable app's */
  readonly websocket?: ComponentSettings;
}

export interface AzureHostOptions {
  readonly canary?: LocalCanary;
  /** The service REST API also accepts identity tokens signed with this key (a local Entra ID's: ./federation.ts). */
  readonly identityKey?: string;
  /**
   * `false`: the emulated service has local auth off, as staging and production deploy it
   * (components/azure/web-pubsub-auth.ts): no connection string anywhere, the WebSocket app calls
   * the REST API as its managed identity over TLS and checks each event's bearer token from a local
   * issuer; clients get `wss://` URLs to the TLS front (they must trust the local certificate,
   * `<workDir>/tls/cert.pem`). @default true (the browser page connects over plain ws)
   */
  readonly localAuth?: boolean;
  /** Without local auth: the upstream token's audience. @default DEFAULT_UPSTREAM_AUDIENCE */
  readonly upstreamAudience?: string;
}

/** The client id the WebSocket app's ManagedIdentityCredential names (the local identity answers any). */
export const LOCAL_APP_CLIENT_ID = "00000000-0000-0000-0000-00000000100c";

/** What the Azure host adds when it runs a canary: roll it back as a rollback `up` would. */
export interface AzureCanaryControl {
  /** Stops assigning the canary hub, then closes its connections with a reconnect reason (what CanaryRoute does on Azure). */
  rollback(releaseId?: string): Promise<{ reason: string }>;
}

export async function startAzureHost(context: HostContext, options: AzureHostOptions = {}): Promise<ProviderHost & { canary?: AzureCanaryControl }> {
  const { log } = context;
  const accessKey = randomBytes(32).toString("base64");
  const canarySettings = options.canary;
  if (canarySettings && !(canarySettings.weight >= 0 && canarySettings.weight <= 1)) {
    throw new Error(`canary.weight ${JSON.stringify(canarySettings.weight)} is not a share; allowed: a number from 0 to 1`);
  }
  const localAuth = options.localAuth !== false;
  if (!localAuth && canarySettings) throw new Error("canary with localAuth false is not emulated: the canary rollback drains the hub with the connection string, which a service without local auth has not");
  // Without keys: the service's identity token for each upstream event, from a local issuer (./upstream-issuer.ts).
  const upstream = localAuth ? undefined : await startUpstreamIssuer(options.upstreamAudience ?? DEFAULT_UPSTREAM_AUDIENCE);
  // The REST app pushes with its managed identity, as deployed: a local identity and a TLS front (./identity.ts).
  let identity: LocalIdentity | undefined;
  if (!localAuth) {
    // No key to fall back on: the WebSocket app's REST calls need the identity and TLS, and clients connect to the TLS front.
    identity = await startLocalIdentity(context.workDir, (req, res) => service.handleRest(req, res)).catch(async (error: unknown) => {
      await upstream?.close();
      throw new Error(`localAuth false needs a local TLS certificate for the service's identity calls: ${(error as Error).message.split("\n")[0]}; install openssl`);
    });
  } else if (context.only !== "websocket" && !context.restPushEnv) {
    identity = await startLocalIdentity(context.workDir, (req, res) => service.handleRest(req, res)).catch((error: unknown) => {
      log.error(`push from the REST app is unavailable (503 PUSH_UNAVAILABLE): no local TLS certificate (${(error as Error).message.split("\n")[0]}); install openssl`);
      return undefined;
    });
  }
  const service: WebPubSubEmulator = new WebPubSubEmulator({
    accessKey,
    identityKey: identity?.key ?? options.identityKey,
    ...(upstream ? { localAuth: false, upstreamToken: () => upstream.token() } : {}),
    eventHandlers: {
      [LOCAL_HUB]: { url: `${context.webSocketBaseUrl}${EVENTS_ROUTE}` },
      ...(canarySettings ? { [LOCAL_CANARY_HUB]: { url: `${context.webSocketBaseUrl}${CANARY_PREFIX}${EVENTS_ROUTE}` } } : {}),
    },
    onUpstream: (e) => log.invocation("upstream", `${e.event} ${e.connectionId}`, e.status, e.ms, e.error),
    onServiceCall: (e) => log.invocation("service", `${e.method} ${e.path}`, e.status),
  });
  // Without local auth the service's endpoint is the TLS front: the one bearer tokens may travel to,
  // and the one the client URLs name, so it takes client connections too.
  service.setEndpoint(!localAuth && identity ? identity.serviceEndpoint : context.webSocketBaseUrl);
  if (!localAuth && identity) service.attach(identity.front as unknown as Server);
  const settings = context.components
    ? { rest: context.components.restApi, ws: context.components.websocket }
    : { rest: devSettings("rest-api", "azure"), ws: devSettings("websocket", "azure") };

  const build = async (kind: ComponentKind, component: ComponentSettings, env: Record<string, string>, name: string = kind) => {
    const artifact = await buildArtifact(azureArtifactSpec(component, context.projectDir));
    const app = await LocalFunctionApp.fromZip({
      name,
      zipPath: artifact.path,
      workDir: path.join(context.workDir, "azure"),
      env: { ...component.variables, ...env, ...authEnv(component) }, // the apps check tokens themselves (runtime/azure/auth.ts)
      output: (line) => log.function(name, line),
      onInvocation: (e) => log.invocation(kind === "rest-api" ? "rest" : "function", `${name === kind ? "" : `${name}: `}${e.method} ${e.path} -> ${e.fn}`, e.status, e.ms, e.error),
    });
    await app.start();
    return { app, digest: artifact.digest };
  };
  const identityPushEnv: Record<string, string> = identity
    ? { [PUSH_ENV.provider]: "azure", [PUSH_ENV.endpoint]: identity.serviceEndpoint, [PUSH_ENV.hub]: LOCAL_HUB, ...identity.env }
    : {};
  const buildAll = async () => {
    // Both apps get the service's connection string, so the REST app's own code can push to
    // WebSocket clients through WebPubSubServiceClient as it would with the portal's one.
    // Without local auth, what components/azure/websocket.ts writes instead: the endpoint, the app's
    // identity and the upstream token settings (no connection string exists).
    const serviceEnv: Record<string, string> = localAuth
      ? { WEBPUBSUB_CONNECTION_STRING: service.connectionString, WEBPUBSUB_HUB: LOCAL_HUB }
      : { WEBPUBSUB_ENDPOINT: identity!.serviceEndpoint, WEBPUBSUB_HUB: LOCAL_HUB, AZURE_CLIENT_ID: LOCAL_APP_CLIENT_ID, ...identity!.env, ...upstream!.env };
    const withCanary = canarySettings && context.only !== "rest-api";
    const [rest, ws, canary] = await Promise.all([
      context.only === "websocket" ? undefined : build("rest-api", settings.rest, { ...serviceEnv, ...identityPushEnv, ...context.restPushEnv }),
      context.only === "rest-api" ? undefined : build("websocket", settings.ws, { ...serviceEnv, ...(withCanary ? stableCanaryEnv(canaryWeight) : {}) }),
      withCanary ? build("websocket", canarySettings.websocket ?? settings.ws, { ...serviceEnv, WEBPUBSUB_HUB: LOCAL_CANARY_HUB, [SIBLING_HUBS_SETTING]: LOCAL_HUB }, "websocket-canary") : undefined,
    ]);
    const built = [rest && `rest-api ${rest.digest.slice(0, 19)}`, ws && `websocket ${ws.digest.slice(0, 19)}`, canary && `websocket-canary ${canary.digest.slice(0, 19)} (weight ${canaryWeight})`].filter(Boolean).join(" and ");
    log.info(`built ${built} (azure artifacts; functions: ${[...(rest?.app.functionNames ?? []), ...(ws?.app.functionNames ?? [])].join(", ")})`);
    return { rest: rest?.app, ws: ws?.app, canary: canary?.app, wsSettings: settings.ws, serviceEnv };
  };
  // The stable app's release settings, as components/azure/websocket.ts writes them.
  let canaryWeight = canarySettings?.weight ?? 0;
  const stableCanaryEnv = (weight: number): Record<string, string> => ({
    [SIBLING_HUBS_SETTING]: LOCAL_CANARY_HUB,
    ...(weight > 0 ? { [CANARY_SETTING]: JSON.stringify({ hub: LOCAL_CANARY_HUB, weight, salt: canarySettings?.salt ?? "local" }) } : {}),
  });
  const stopAll = (built: Awaited<ReturnType<typeof buildAll>>) => Promise.all([built.rest?.stop(), built.ws?.stop(), built.canary?.stop()]);
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
      // The WebSocket Function App (event handler, negotiate) on the same origin as the service; the
      // canary app under /_canary (its hub's event handler URL).
      const url = requestUrl(req.url);
      if (apps.canary && url && (url.pathname === CANARY_PREFIX || url.pathname.startsWith(`${CANARY_PREFIX}/`))) {
        req.url = url.pathname.slice(CANARY_PREFIX.length) + url.search;
        const canaryApp = apps.canary;
        Promise.resolve().then(() => canaryApp.handle(req, res)).catch(() => {
          if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
        });
        return true;
      }
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
    ...(canarySettings
      ? {
          canary: {
            async rollback(releaseId = "local") {
              // 1. stop assigning: the stable app restarts without SEMANTEST_CANARY (a settings update on Azure);
              canaryWeight = 0;
              const previous = apps.ws;
              const restarted = await build("websocket", apps.wsSettings, { ...apps.serviceEnv, ...stableCanaryEnv(0) });
              apps = { ...apps, ws: restarted.app };
              await previous?.stop();
              // 2. then close the canary hub's connections, with the same code and SDK the stack's CanaryRoute uses.
              const { WebPubSubServiceClient } = await import("@azure/web-pubsub");
              return drainHub({ endpoint: service.endpoint, hub: LOCAL_CANARY_HUB, retired: true, releaseId }, new WebPubSubServiceClient(service.connectionString, LOCAL_CANARY_HUB, { allowInsecureConnection: true }));
            },
          },
        }
      : {}),
    page: { provider: "azure", negotiateUrl: "/_local/negotiate" },
    urls: {
      "REST API (Function App)": context.restBaseUrl,
      "Negotiate (WebSocket Function App)": `${context.webSocketBaseUrl}${NEGOTIATE_ROUTE}`,
      "Web PubSub client endpoint": `${wsUrl}/client/hubs/${LOCAL_HUB}?access_token=<from negotiate>`,
      "Web PubSub service REST API": `${context.webSocketBaseUrl}/api/hubs/${LOCAL_HUB}`,
      "Event handler (upstream)": `${context.webSocketBaseUrl}${EVENTS_ROUTE}`,
      // Local only, random per run: the user's own code (or `new WebPubSubServiceClient(...)` in a
      // script) can call the emulated service REST API with it, as with the portal's connection string.
      ...(localAuth ? { "Web PubSub connection string": service.connectionString } : { "Web PubSub client endpoint (TLS, local auth off)": `${identity!.serviceEndpoint.replace(/^https/, "wss")}/client/hubs/${LOCAL_HUB}`, "Local TLS certificate (trust it: NODE_EXTRA_CA_CERTS)": identity!.env.NODE_EXTRA_CA_CERTS! }),
      ...(identity ? { "Web PubSub service REST API (TLS, managed identity)": identity.serviceEndpoint, "Managed identity endpoint": identity.env.IDENTITY_ENDPOINT } : {}),
    },
    async close() {
      await service.close();
      await stopAll(apps);
      await identity?.close();
      await upstream?.close();
    },
  };
}

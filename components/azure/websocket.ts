import * as pulumi from "@pulumi/pulumi";
import * as webpubsub from "@pulumi/azure-native/webpubsub";
import type { WebPubSubSku } from "../../domain";
import type { WebSocketComponentArgs, WebSocketEndpoint } from "../websocket";
import { CANARY_SETTING, SIBLING_HUBS_SETTING } from "../../runtime/azure/canary";
import { createCanaryAlert } from "./canary-alerts";
import { createFunctionApp, type FunctionApp } from "./function-app";
import { CanaryRoute } from "./canary-route";
import { globalName } from "./naming";
import { grantDeployer } from "./deployer-access";
import type { AzurePlatform } from "./platform";
import { webSocketPlan, type WebSocketPlan } from "./release-traffic";
import { authAppSettings } from "./auth";
import { createAzureAlerts } from "./alerts";
import { azureLogSource } from "./log-source";
import { createWebPubSubDomain } from "./domain";
import { requirePlatform } from "./rest-api";
import { azurePushTarget } from "../push/target";
import { eventHandlerAuth, serviceAuthProperties, upstreamTokenSettings } from "./web-pubsub-auth";

/** The hub every Semantest client joins; part of the client URL, so it never changes. */
export const HUB_NAME = "semantest";
/**
 * The canary's hub during a release (runtime/azure/canary.ts): `negotiate` hands a share of new
 * connections a token for it. Hub names allow letters, digits and `_` only (no `-`).
 */
export const CANARY_HUB_NAME = "semantest_canary";
/** Where the Function App receives Web PubSub's CloudEvents (runtime/azure/websocket-entry.ts). */
export const EVENTS_PATH = "/webpubsub/events";
/** Where clients get their URL and token (runtime/azure/websocket-entry.ts). */
export const NEGOTIATE_PATH = "/negotiate";
/** The system events the app handles; `connect` is blocking (it can refuse), the others are notifications. */
export const SYSTEM_EVENTS = ["connect", "connected", "disconnected"] as const;

/** Web PubSub SKU -> tier (Microsoft Learn, "Azure Web PubSub pricing": Free_F1, Standard_S1, Premium_P1). */
export function skuFor(sku: WebPubSubSku): { name: WebPubSubSku; tier: "Free" | "Standard" | "Premium"; capacity: number } {
  const tier = sku === "Free_F1" ? "Free" : sku === "Standard_S1" ? "Standard" : "Premium";
  return { name: sku, tier, capacity: 1 };
}

/** The event handler's URL: the Function App's events route (no `{event}` placeholder: one route takes every event). */
export function eventHandlerUrl(defaultHostName: string): string {
  return `https://${defaultHostName}${EVENTS_PATH}`;
}

/**
 * The WebSocket server on Azure: a Web PubSub service holds the client connections; its hub calls
 * the Function App over HTTP (CloudEvents) for connect/connected/disconnected and every user
 * message, and the app answers through the service's REST API (runtime/azure). Clients first call
 * `GET https://<app>/negotiate` for a URL with an access token; anonymous connects are refused.
 *
 * Upstream auth (./web-pubsub-auth.ts): without local auth (staging and production by default) the
 * service has no keys and calls the event handler with a Microsoft Entra token of its own identity,
 * which the app checks (issuer, audience, the service's principal id); with local auth (dev) the
 * function checks each event's `ce-signature` (HMAC-SHA256 of the connection id with the service's
 * access keys), so both keys reach the app as secret settings. Either way the app's REST calls
 * authenticate as its identity (Web PubSub Service Owner). See docs/deploy-azure.md for why an HTTP
 * route rather than the Functions Web PubSub trigger.
 */
export function azureWebSocket(name: string, args: WebSocketComponentArgs, parent: pulumi.ComponentResource): WebSocketEndpoint {
  const platform = requirePlatform(args.context.platform, parent);
  const tags = { ...args.context.tags };
  const release = args.context.configuration.release;
  const artifact = args.context.artifact;
  // Validated before any resource: what each app runs and the share of new connections (release-traffic.ts).
  const plan = webSocketPlan(release, artifact?.digest);
  const localAuth = args.settings.localAuth;

  const service = new webpubsub.WebPubSub(`${name}-pubsub`, {
    resourceGroupName: platform.resourceGroupName,
    resourceName: platform.nameHash.apply((hash) => globalName(platform.project, platform.stack, `${name}-pubsub`, hash, 63)),
    location: platform.location,
    kind: "WebPubSub",
    sku: skuFor(args.settings.sku),
    publicNetworkAccess: "Enabled",
    tls: { clientCertEnabled: false },
    // Keys off: the service's identity gets the upstream token; with a custom domain it also reads
    // the certificate from Key Vault (components/azure/domain.ts). One identity serves both.
    ...serviceAuthProperties(localAuth, args.settings.domain !== undefined),
    tags,
  }, { parent });
  const domain = args.settings.domain ? createWebPubSubDomain(name, { domain: args.settings.domain, platform, service }, parent) : undefined;

  const access = serviceAccess(localAuth, args.settings.upstreamAudience, service, platform, parent);
  const serviceSettings = (role: AppRole) => ({
    ...access.settings,
    WEBPUBSUB_ENDPOINT: pulumi.interpolate`https://${service.hostName}`,
    ...releaseSettings(role, plan, release?.id),
    ...authAppSettings(args.settings.auth), // negotiate behind the same auth (runtime/azure/auth.ts)
    // negotiate hands clients URLs on the custom domain, not the service's default host (runtime/azure/websocket-handler.ts).
    ...(args.settings.domain ? { WEBPUBSUB_CLIENT_HOST: args.settings.domain.name } : {}),
  });
  const pubsubRole = [{ role: "pubsub-access", name: "webPubSubServiceOwner" as const, scope: service.id }];

  // The stable app: hub `semantest`, `negotiate`; the previous code while a release is in progress.
  const fn = createFunctionApp(name, {
    settings: args.settings,
    platform,
    tags: args.context.tags,
    artifact: plan.stableDigest ? { kind: "websocket", provider: "azure", digest: plan.stableDigest, path: undefined } : artifact,
    appSettings: serviceSettings("stable"),
    extraRoles: pubsubRole,
    // Browsers call `negotiate` from the same origins as the REST API (the websocket settings have no CORS of their own).
    cors: args.context.configuration.restApi?.cors,
  }, parent);
  // The canary app: hub `semantest_canary`; the new code during a release, the same code otherwise.
  const canary = createFunctionApp(`${name}-canary`, {
    settings: args.settings,
    platform,
    tags: args.context.tags,
    artifact,
    appSettings: serviceSettings("canary"),
    extraRoles: pubsubRole,
  }, parent);

  const handlerAuth = eventHandlerAuth(localAuth, args.settings.upstreamAudience);
  createHub(`${name}-hub`, HUB_NAME, fn, service, platform, handlerAuth, parent);
  const canaryHub = createHub(`${name}-canary-hub`, CANARY_HUB_NAME, canary, service, platform, handlerAuth, parent);
  // The release id only while two versions are live: a release that leaves the WebSocket's code as
  // it is changes nothing here.
  createCanaryRoute(name, { service, hub: canaryHub, stable: fn, plan, releaseId: plan.split ? (release?.id ?? "") : "", platform }, parent);
  const alert = createCanaryAlert(`${name}-canary`, { resourceGroupName: platform.resourceGroupName, appId: canary.app.id, what: `the WebSocket canary app (hub ${CANARY_HUB_NAME})`, tags: args.context.tags }, parent);

  if (args.settings.alarms) {
    createAzureAlerts(name, { kind: "websocket", platform, appId: fn.app.id, appName: fn.appName, pubsubId: service.id, notifications: args.context.configuration.notifications, tags: args.context.tags }, parent);
    // The canary app serves the canary hub's connections during a release: watched like the stable one.
    createAzureAlerts(`${name}-canary`, { kind: "websocket", platform, appId: canary.app.id, appName: canary.appName, notifications: args.context.configuration.notifications, tags: args.context.tags }, parent);
  }

  const served = plan.stableDigest ?? artifact?.digest ?? "none";
  return {
    url: domain ? pulumi.output(`wss://${domain.hostName}/client/hubs/${HUB_NAME}`) : pulumi.interpolate`wss://${service.hostName}/client/hubs/${HUB_NAME}`,
    ...(domain ? { domainTarget: domain.target } : {}),
    artifactContainerUrl: fn.containerUrl,
    // Pushes from the REST function reach both hubs' connections (runtime/azure/web-pubsub-client.ts).
    pushTarget: azurePushTarget({ service, hub: `${HUB_NAME},${CANARY_HUB_NAME}` }),
    liveVersion: pulumi.interpolate`${fn.appName}@${served}`,
    releaseAlarms: pulumi.all([alert.id]),
    logs: azureLogSource(platform.workspaceCustomerId, fn.appName),
  };
}

/** The two WebSocket apps of a component: `stable` (hub `semantest`, negotiate) and `canary`. */
export type AppRole = "stable" | "canary";

/**
 * The stable app's `SEMANTEST_CANARY` setting: set only while new connections go to the canary hub
 * (weight > 0), salted with the release id so each release draws its own users. Dropping it is how
 * a rollback stops assigning.
 */
export function canaryAssignment(plan: WebSocketPlan, releaseId: string | undefined): Record<string, string> {
  if (!plan.split || plan.weight <= 0) return {};
  return { [CANARY_SETTING]: JSON.stringify({ hub: CANARY_HUB_NAME, weight: plan.weight, salt: releaseId ?? "" }) };
}

/**
 * The release-related settings of one WebSocket app (the rest are how it reaches and trusts the service, serviceAccess):
 * its own hub, the other hub (broadcasts reach both: runtime/azure/connections.ts) and, on the
 * stable app, the canary assignment.
 */
export function releaseSettings(role: AppRole, plan: WebSocketPlan, releaseId: string | undefined): Record<string, string> {
  return role === "stable"
    ? { WEBPUBSUB_HUB: HUB_NAME, [SIBLING_HUBS_SETTING]: CANARY_HUB_NAME, ...canaryAssignment(plan, releaseId) }
    : { WEBPUBSUB_HUB: CANARY_HUB_NAME, [SIBLING_HUBS_SETTING]: HUB_NAME };
}

/**
 * What the apps get to reach and trust the service. Keys on: both connection strings from ARM
 * `listKeys` (the app accepts events signed with either, so regenerating one does not break events;
 * REST calls go as the app's identity, which no key rotation touches: runtime/azure/connections.ts).
 * Keys off: no `listKeys` at all (the service has no keys to list), the upstream token's issuer,
 * audience and principal id instead. A push from another cloud never reads these keys: it has an
 * Entra identity of its own (components/push/federation.ts).
 */
function serviceAccess(localAuth: boolean, audience: string, service: webpubsub.WebPubSub, platform: AzurePlatform, parent: pulumi.Resource): { settings: Record<string, pulumi.Output<string>> } {
  if (!localAuth) return { settings: upstreamTokenSettings(audience, service.identity) };
  const keys = webpubsub.listWebPubSubKeysOutput({ resourceGroupName: platform.resourceGroupName, resourceName: service.name }, { parent });
  const connectionString = pulumi.secret(keys.apply((k) => k.primaryConnectionString ?? ""));
  const secondaryConnectionString = pulumi.secret(keys.apply((k) => k.secondaryConnectionString ?? ""));
  return { settings: { WEBPUBSUB_CONNECTION_STRING: connectionString, WEBPUBSUB_SECONDARY_CONNECTION_STRING: secondaryConnectionString } };
}

/** A hub whose one event handler is `app`'s events route, declared after the app's code (the service validates the handler). */
function createHub(resourceName: string, hubName: string, app: FunctionApp, service: webpubsub.WebPubSub, platform: AzurePlatform, auth: ReturnType<typeof eventHandlerAuth>, parent: pulumi.Resource): webpubsub.WebPubSubHub {
  return new webpubsub.WebPubSubHub(resourceName, {
    resourceGroupName: platform.resourceGroupName,
    resourceName: service.name,
    hubName,
    properties: {
      anonymousConnectPolicy: "deny",
      eventHandlers: [
        {
          urlTemplate: app.defaultHostName.apply(eventHandlerUrl),
          userEventPattern: "*",
          systemEvents: [...SYSTEM_EVENTS],
          ...(auth ? { auth } : {}),
        },
      ],
    },
    // After the code: the service validates the handler (abuse protection) against the running app.
  }, { parent, dependsOn: app.code ? [app.app, app.code] : [app.app] });
}

/**
 * The canary hub's visible record (components/azure/canary-route.ts): its share, and on rollback the
 * close of its connections after the stable app's settings stopped assigning it. The deploying
 * identity needs a data-plane role to call the service's REST API (Owner and Contributor are
 * control-plane only), so it gets Web PubSub Service Owner on this service.
 */
function createCanaryRoute(
  name: string,
  args: { service: webpubsub.WebPubSub; hub: webpubsub.WebPubSubHub; stable: FunctionApp; plan: WebSocketPlan; releaseId: string; platform: AzurePlatform },
  parent: pulumi.Resource,
): CanaryRoute {
  const grant = grantDeployer(`${name}-deployer-pubsub-access`, { subscriptionId: args.platform.subscriptionId, role: "webPubSubServiceOwner", scope: args.service.id }, parent);
  return new CanaryRoute(`${name}-canary-route`, {
    endpoint: pulumi.interpolate`https://${args.service.hostName}`,
    hub: CANARY_HUB_NAME,
    weight: args.plan.weight,
    retired: args.plan.retired,
    releaseId: args.releaseId,
  }, { parent, dependsOn: [args.stable.settings, args.hub, grant] });
}

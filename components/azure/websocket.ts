import * as pulumi from "@pulumi/pulumi";
import * as webpubsub from "@pulumi/azure-native/webpubsub";
import type { WebPubSubSku } from "../../domain";
import type { WebSocketComponentArgs, WebSocketEndpoint } from "../websocket";
import { createFunctionApp } from "./function-app";
import { globalName } from "./naming";
import { requirePlatform } from "./rest-api";
import { azurePushTarget } from "../push/target";
import { azureLogSource } from "./log-source";

/** The hub every Semantest client joins; part of the client URL, so it never changes. */
export const HUB_NAME = "semantest";
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
 * Upstream auth: the function checks each event's `ce-signature` (HMAC-SHA256 of the connection id
 * with the service's access keys), so both keys reach the app as secret settings; the app's REST
 * calls authenticate as its identity (Web PubSub Service Owner), so a key rotation breaks neither. See
 * docs/deploy-azure.md for why an HTTP route rather than the Functions Web PubSub trigger.
 */
export function azureWebSocket(name: string, args: WebSocketComponentArgs, parent: pulumi.ComponentResource): WebSocketEndpoint {
  const platform = requirePlatform(args.context.platform, parent);
  const tags = { ...args.context.tags };

  const service = new webpubsub.WebPubSub(`${name}-pubsub`, {
    resourceGroupName: platform.resourceGroupName,
    resourceName: platform.nameHash.apply((hash) => globalName(platform.project, platform.stack, `${name}-pubsub`, hash, 63)),
    location: platform.location,
    kind: "WebPubSub",
    sku: skuFor(args.settings.sku),
    publicNetworkAccess: "Enabled",
    tls: { clientCertEnabled: false },
    tags,
  }, { parent });

  const keys = webpubsub.listWebPubSubKeysOutput({ resourceGroupName: platform.resourceGroupName, resourceName: service.name }, { parent });
  // Both keys: the app accepts events signed with either, so regenerating one does not break
  // events; REST calls go as the app's identity, which no key rotation touches
  // (runtime/azure/connections.ts, webPubSubAccess).
  const connectionString = pulumi.secret(keys.apply((k) => k.primaryConnectionString ?? ""));
  const secondaryConnectionString = pulumi.secret(keys.apply((k) => k.secondaryConnectionString ?? ""));

  const fn = createFunctionApp(name, {
    settings: args.settings,
    platform,
    tags: args.context.tags,
    artifact: args.context.artifact,
    appSettings: {
      WEBPUBSUB_CONNECTION_STRING: connectionString,
      WEBPUBSUB_SECONDARY_CONNECTION_STRING: secondaryConnectionString,
      WEBPUBSUB_ENDPOINT: pulumi.interpolate`https://${service.hostName}`,
      WEBPUBSUB_HUB: HUB_NAME,
    },
    extraRoles: [{ role: "pubsub-access", name: "webPubSubServiceOwner", scope: service.id }],
    // Browsers call `negotiate` from the same origins as the REST API (the websocket settings have no CORS of their own).
    cors: args.context.configuration.restApi?.cors,
  }, parent);

  new webpubsub.WebPubSubHub(`${name}-hub`, {
    resourceGroupName: platform.resourceGroupName,
    resourceName: service.name,
    hubName: HUB_NAME,
    properties: {
      anonymousConnectPolicy: "deny",
      eventHandlers: [
        {
          urlTemplate: fn.defaultHostName.apply(eventHandlerUrl),
          userEventPattern: "*",
          systemEvents: [...SYSTEM_EVENTS],
        },
      ],
    },
    // After the code: the service validates the handler (abuse protection) against the running app.
  }, { parent, dependsOn: fn.code ? [fn.app, fn.code] : [fn.app] });

  return {
    url: pulumi.interpolate`wss://${service.hostName}/client/hubs/${HUB_NAME}`,
    artifactContainerUrl: fn.containerUrl,
    logs: azureLogSource(platform.workspaceCustomerId, fn.appName),
    pushTarget: azurePushTarget({ service, hub: HUB_NAME, connectionString }),
  };
}

import * as pulumi from "@pulumi/pulumi";
import type { RestApiComponentArgs, RestApiEndpoint } from "../rest-api";
import { createCanaryAlert } from "./canary-alerts";
import { authAppSettings } from "./auth";
import { createAzureAlerts } from "./alerts";
import { createFunctionAppDomain } from "./domain";
import { azureLogSource } from "./log-source";
import { createFunctionApp } from "./function-app";
import { restServedDigest } from "./release-traffic";
import { AzurePlatform } from "./platform";

/**
 * The REST API on Azure: a Flex Consumption Function App whose single HTTP function hosts the
 * Express app (runtime/azure/rest-entry.ts); `host.json` clears the `api` route prefix, so the app
 * sees its own paths at the root of `https://<app>.azurewebsites.net`.
 */
export function azureRestApi(name: string, args: RestApiComponentArgs, parent: pulumi.ComponentResource): RestApiEndpoint {
  const platform = requirePlatform(args.context.platform, parent);
  // A release in progress: blue/green between packages behind the app's endpoint (release-traffic.ts).
  const previous = restServedDigest(args.context.configuration.release);
  const artifact = previous ? { kind: "rest-api" as const, provider: "azure" as const, digest: previous, path: undefined } : args.context.artifact;
  const fn = createFunctionApp(name, {
    settings: args.settings,
    platform,
    tags: args.context.tags,
    artifact,
    cors: args.settings.cors,
    // How the app reaches the WebSocket connections (components/push), and its auth (checked by the adapter: components/azure/auth.ts).
    appSettings: { ...args.context.push?.environment, ...authAppSettings(args.settings.auth) },
  }, parent);
  args.context.push?.grant?.(fn.app.identity.apply((identity) => identity?.principalId ?? ""));
  if (args.settings.alarms) {
    createAzureAlerts(name, { kind: "rest-api", platform, appId: fn.app.id, appName: fn.appName, notifications: args.context.configuration.notifications, tags: args.context.tags }, parent);
  }
  const domain = args.settings.domain ? createFunctionAppDomain(name, { domain: args.settings.domain, platform, app: fn.app }, parent) : undefined;
  const url = domain ? pulumi.output(`https://${domain.hostName}`) : pulumi.interpolate`https://${fn.defaultHostName}`;
  // The gate once the new package serves: its 5xx answers (the stable endpoint is the app itself).
  const alert = createCanaryAlert(name, { resourceGroupName: platform.resourceGroupName, appId: fn.app.id, what: "the REST API app", tags: args.context.tags }, parent);
  return {
    url,
    ...(domain ? { domainTarget: domain.target } : {}),
    artifactContainerUrl: fn.containerUrl,
    liveVersion: pulumi.interpolate`${fn.appName}@${artifact?.digest ?? "none"}`,
    releaseAlarms: pulumi.all([alert.id]),
    logs: azureLogSource(platform.workspaceCustomerId, fn.appName),
  };
}

export function requirePlatform(platform: unknown, parent: pulumi.Resource): AzurePlatform {
  if (platform instanceof AzurePlatform) return platform;
  throw new pulumi.ResourceError("the Azure platform (resource group, storage, monitoring) was not created; index.ts must call createPlatforms first", parent);
}

import * as pulumi from "@pulumi/pulumi";
import type { RestApiComponentArgs, RestApiEndpoint } from "../rest-api";
import { azureLogSource } from "./log-source";
import { createFunctionApp } from "./function-app";
import { AzurePlatform } from "./platform";

/**
 * The REST API on Azure: a Flex Consumption Function App whose single HTTP function hosts the
 * Express app (runtime/azure/rest-entry.ts); `host.json` clears the `api` route prefix, so the app
 * sees its own paths at the root of `https://<app>.azurewebsites.net`.
 */
export function azureRestApi(name: string, args: RestApiComponentArgs, parent: pulumi.ComponentResource): RestApiEndpoint {
  const platform = requirePlatform(args.context.platform, parent);
  const fn = createFunctionApp(name, {
    settings: args.settings,
    platform,
    tags: args.context.tags,
    artifact: args.context.artifact,
    cors: args.settings.cors,
    appSettings: args.context.push?.environment, // how the app reaches the WebSocket connections (components/push)
  }, parent);
  args.context.push?.grant?.(fn.app.identity.apply((identity) => identity?.principalId ?? ""));
  return { url: pulumi.interpolate`https://${fn.defaultHostName}`, artifactContainerUrl: fn.containerUrl, logs: azureLogSource(platform.workspaceCustomerId, fn.appName) };
}

export function requirePlatform(platform: unknown, parent: pulumi.Resource): AzurePlatform {
  if (platform instanceof AzurePlatform) return platform;
  throw new pulumi.ResourceError("the Azure platform (resource group, storage, monitoring) was not created; index.ts must call createPlatforms first", parent);
}

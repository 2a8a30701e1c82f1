import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import * as web from "@pulumi/azure-native/web";
import type { ComponentArtifact } from "../../artifacts/artifact";
import type { CommonComponentSettings, CorsPolicy, Tags } from "../../domain";
import type { AzurePlatform } from "./platform";
import { containerName, globalName, packageBlobName, roleDefinitionId, RoleName } from "./naming";
import { appSecretsOnAzure } from "../secrets/azure";

/** Flex Consumption runs Node.js 22 (Microsoft Learn, "Flex Consumption plan", Supported language stack versions). */
export const NODE_RUNTIME = { name: "node", version: "22" } as const;
/** ARM API version of the one deploy extension (Microsoft.Web/sites/extensions). */
export const ONE_DEPLOY_API_VERSION = "2024-04-01";

export interface FunctionAppArgs {
  readonly settings: CommonComponentSettings;
  readonly platform: AzurePlatform;
  readonly tags: Tags;
  readonly artifact: ComponentArtifact | undefined;
  /** App settings beyond the host's own (the app's variables are added here). */
  readonly appSettings?: Readonly<Record<string, pulumi.Input<string>>>;
  /** The CORS policy the platform answers with (App Service CORS: origins and credentials; methods and headers are the platform's). */
  readonly cors?: Pick<CorsPolicy, "allowOrigins" | "allowCredentials">;
}

export interface FunctionApp {
  readonly app: web.WebApp;
  readonly appName: pulumi.Output<string>;
  /** `<name>.azurewebsites.net` */
  readonly defaultHostName: pulumi.Output<string>;
  /** The deployment container's URL: where this app's content-addressed packages are kept (rollback checks it). */
  readonly containerUrl: pulumi.Output<string>;
}

/** Role assignments every app gets: (role, scope) pairs, so tests and docs can list them. */
export function appRoles(platform: Pick<AzurePlatform, "hostStorage" | "deploymentStorage" | "appInsightsId">): readonly { role: string; name: RoleName; scope: pulumi.Output<string> }[] {
  return [
    { role: "host-storage-access", name: "storageBlobDataOwner", scope: platform.hostStorage.id },
    { role: "deployment-storage-access", name: "storageBlobDataContributor", scope: platform.deploymentStorage.id },
    { role: "monitoring-access", name: "monitoringMetricsPublisher", scope: platform.appInsightsId },
  ];
}

/**
 * One Flex Consumption Function App with everything it needs: its plan (one app per FC1 plan),
 * its deployment container, its managed identity's role assignments, and its code.
 *
 * The code is published the way Microsoft documents for Flex Consumption: the zip is uploaded under
 * its digest, then an ARM deployment applies the `Microsoft.Web/sites/extensions` `onedeploy`
 * resource with that blob as `packageUri` ("Automate resource deployment for your function app",
 * Flex Consumption: Deployment package). A package merely uploaded into the deployment container is
 * not deployed (same page). A new digest changes only the blob and the one deploy: a rollback
 * points `packageUri` at an earlier blob, which `retainOnDelete` kept.
 */
export function createFunctionApp(name: string, args: FunctionAppArgs, parent: pulumi.Resource): FunctionApp {
  const { platform, settings } = args;
  const tags = { ...args.tags };
  const opts = { parent };

  const plan = new web.AppServicePlan(`${name}-plan`, {
    resourceGroupName: platform.resourceGroupName,
    name: platform.nameHash.apply((hash) => globalName(platform.project, platform.stack, `${name}-plan`, hash)),
    location: platform.location,
    kind: "functionapp",
    sku: { name: "FC1", tier: "FlexConsumption" },
    reserved: true, // Linux
    tags,
  }, opts);

  const deployments = new storage.BlobContainer(`${name}-deployments`, {
    resourceGroupName: platform.resourceGroupName,
    accountName: platform.deploymentStorage.name,
    containerName: containerName(name, "deployments"),
    publicAccess: "None",
  }, opts);
  const containerUrl = pulumi.interpolate`${platform.deploymentStorage.blobEndpoint}${deployments.name}`;

  const appName = platform.nameHash.apply((hash) => globalName(platform.project, platform.stack, name, hash));
  const app = new web.WebApp(`${name}-app`, {
    resourceGroupName: platform.resourceGroupName,
    name: appName,
    location: platform.location,
    kind: "functionapp,linux",
    serverFarmId: plan.id,
    httpsOnly: true,
    clientCertEnabled: false,
    identity: { type: "SystemAssigned" },
    functionAppConfig: {
      deployment: {
        storage: { type: "blobContainer", value: containerUrl, authentication: { type: "SystemAssignedIdentity" } },
      },
      runtime: { ...NODE_RUNTIME },
      scaleAndConcurrency: { maximumInstanceCount: settings.maxInstances, instanceMemoryMB: settings.memoryMb },
    },
    siteConfig: {
      minTlsVersion: "1.2",
      scmMinTlsVersion: "1.2",
      ftpsState: "Disabled",
      http20Enabled: true,
      ...(args.cors && args.cors.allowOrigins.length > 0 ? { cors: { allowedOrigins: [...args.cors.allowOrigins], supportCredentials: args.cors.allowCredentials } } : {}),
    },
    tags,
  }, opts);
  // App settings live in their own resource (Microsoft.Web/sites/config "appsettings"), not in
  // siteConfig: a secret setting (the Web PubSub key) would make the whole siteConfig secret and
  // hide its TLS/FTPS settings from the policy pack and the preview.
  // Secret variables: Key Vault references, readable by this app's identity only (components/secrets).
  const secrets = appSecretsOnAzure(name, settings.secrets, platform, tags, parent);
  const appSettings = new web.WebAppApplicationSettings(`${name}-settings`, {
    resourceGroupName: platform.resourceGroupName,
    name: app.name,
    properties: hostAppSettings(platform, settings, { ...args.appSettings, ...secrets?.appSettings }),
  }, opts);
  const principalId = app.identity.apply((identity) => identity?.principalId ?? "");
  // The code starts once its secrets are readable: the Key Vault references resolve with these grants.
  const secretGrants = secrets?.grant(principalId) ?? [];

  const grants = appRoles(platform).map(({ role, name: roleName, scope }) =>
    new authorization.RoleAssignment(`${name}-${role}`, {
      principalId,
      principalType: "ServicePrincipal",
      roleDefinitionId: platform.subscriptionId.apply((subscription) => roleDefinitionId(subscription, roleName)),
      scope,
    }, opts),
  );

  if (args.artifact) deployPackage(name, args.artifact, { platform, deployments, containerUrl, appName, app, grants: [...grants, appSettings, ...secretGrants], parent, tags });
  else pulumi.log.warn(`${name}: no artifact in semantest:release; the Function App is created without code (deploy with semantest-iac deploy)`, parent);

  return { app, appName: app.name, defaultHostName: app.defaultHostName, containerUrl };
}

/**
 * The host's settings: identity-based AzureWebJobsStorage (no connection string), Application
 * Insights with Entra auth. Flex Consumption takes runtime and scale from `functionAppConfig` and
 * rejects FUNCTIONS_WORKER_RUNTIME and WEBSITE_RUN_FROM_PACKAGE-style settings ("Flex Consumption
 * plan deprecations"), so none are set.
 */
export function hostAppSettings(
  platform: Pick<AzurePlatform, "hostStorage" | "appInsightsConnectionString">,
  settings: Pick<CommonComponentSettings, "variables">,
  extra: Readonly<Record<string, pulumi.Input<string>>>,
): Record<string, pulumi.Input<string>> {
  return {
    ...settings.variables,
    ...extra,
    AzureWebJobsStorage__accountName: platform.hostStorage.name,
    APPLICATIONINSIGHTS_CONNECTION_STRING: platform.appInsightsConnectionString,
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Authorization=AAD",
  };
}

interface PackageTargets {
  readonly platform: AzurePlatform;
  readonly deployments: storage.BlobContainer;
  readonly containerUrl: pulumi.Output<string>;
  readonly appName: pulumi.Output<string>;
  readonly app: web.WebApp;
  /** What must be in place before the code runs: role assignments and app settings. */
  readonly grants: readonly pulumi.Resource[];
  readonly parent: pulumi.Resource;
  readonly tags: Tags;
}

/** The ARM template that runs one deploy for `packageUri` (the documented Flex Consumption mechanism). */
export function oneDeployTemplate(appName: string, packageUri: string): Record<string, unknown> {
  return {
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    resources: [
      {
        type: "Microsoft.Web/sites/extensions",
        apiVersion: ONE_DEPLOY_API_VERSION,
        name: `${appName}/onedeploy`,
        properties: { packageUri, remoteBuild: false },
      },
    ],
  };
}

function deployPackage(name: string, artifact: ComponentArtifact, targets: PackageTargets): void {
  const { platform, deployments, parent } = targets;
  const blobName = packageBlobName(artifact.digest);
  const dependsOn: pulumi.Resource[] = [targets.app, ...targets.grants];
  if (artifact.path) {
    // Content-addressed and retained: a later digest replaces this resource in the stack but leaves
    // the blob in the container, so `rollback` can point one deploy back at it without rebuilding.
    const blob = new storage.Blob(`${name}-package`, {
      resourceGroupName: platform.resourceGroupName,
      accountName: platform.deploymentStorage.name,
      containerName: deployments.name,
      blobName,
      type: "Block",
      contentType: "application/zip",
      source: new pulumi.asset.FileAsset(artifact.path),
      metadata: { digest: artifact.digest },
    }, { parent, retainOnDelete: true });
    dependsOn.push(blob);
  }
  // Without a local zip (a rollback to an artifact only the store has) the blob already exists:
  // the rollback checked that before running `up`.
  const packageUri = pulumi.interpolate`${targets.containerUrl}/${blobName}`;
  new resources.Deployment(`${name}-onedeploy`, {
    resourceGroupName: platform.resourceGroupName,
    tags: { ...targets.tags },
    properties: {
      mode: "Incremental",
      template: pulumi.all([targets.appName, packageUri]).apply(([app, uri]) => oneDeployTemplate(app, uri)),
    },
  }, { parent, dependsOn });
}

import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as storage from "@pulumi/azure-native/storage";
import * as web from "@pulumi/azure-native/web";
import type { ComponentArtifact } from "../../artifacts/artifact";
import type { CommonComponentSettings, CorsPolicy, Tags } from "../../domain";
import type { AzurePlatform } from "./platform";
import { CodeDeployment } from "./code-deployment";
import { containerName, globalName, hostId, IDENTITY_NAME_MAX, packageBlobName, roleDefinitionId, RoleName } from "./naming";
import { flexSiteConfig, stripSdkSiteConfigDefaults } from "./site-config";
import { appSecretsOnAzure } from "../secrets/azure";

/**
 * Zero-downtime site updates: "RollingUpdate provides zero-downtime deployments by draining and
 * replacing instances in batches. In-flight executions complete naturally" (Microsoft Learn, "Site
 * update strategies in Flex Consumption", MicrosoftDocs/azure-docs
 * articles/azure-functions/flex-consumption-site-updates.md; public preview). It is the only
 * zero-downtime mechanism Flex has: "The Flex Consumption plan doesn't support deployment slots. For
 * controlled releases and zero-downtime deployments, use rolling updates" (Microsoft Learn, "Azure
 * Functions deployment slots"). Set through `functionAppConfig` with API version 2024-11-01 or later
 * (azure-native 3.x `web.WebApp` uses 2025-05-01; tests/canary-azure checks it). The first update
 * that sets it still recreates; every later one rolls.
 */
export const SITE_UPDATE_STRATEGY = { type: "RollingUpdate" } as const;

/** Flex Consumption runs Node.js 22 (Microsoft Learn, "Flex Consumption plan", Supported language stack versions). */
export const NODE_RUNTIME = { name: "node", version: "22" } as const;

export interface FunctionAppArgs {
  readonly settings: CommonComponentSettings;
  readonly platform: AzurePlatform;
  readonly tags: Tags;
  readonly artifact: ComponentArtifact | undefined;
  /** App settings beyond the host's own (the app's variables are added here). */
  readonly appSettings?: Readonly<Record<string, pulumi.Input<string>>>;
  /** The CORS policy the platform answers with (App Service CORS: origins and credentials; methods and headers are the platform's). */
  readonly cors?: Pick<CorsPolicy, "allowOrigins" | "allowCredentials">;
  /** Roles beyond `appRoles` for the app's identity, granted before the app like those (Web PubSub Service Owner). */
  readonly extraRoles?: readonly AppRole[];
}

export interface AppRole {
  /** Names the role assignment: `<component>-<role>`. */
  readonly role: string;
  readonly name: RoleName;
  readonly scope: pulumi.Input<string>;
}

export interface FunctionApp {
  readonly app: web.WebApp;
  readonly appName: pulumi.Output<string>;
  /** `<name>.azurewebsites.net` */
  readonly defaultHostName: pulumi.Output<string>;
  /** The deployment container's URL: where this app's content-addressed packages are kept (rollback checks it). */
  readonly containerUrl: pulumi.Output<string>;
  /** The user-assigned identity the app runs as (other components grant it roles: Web PubSub). */
  readonly identity: managedidentity.UserAssignedIdentity;
  /** The code deployment, when there is an artifact (the Web PubSub hub waits for it: the handler must answer). */
  readonly code: CodeDeployment | undefined;
  /** The app settings resource (a canary hub's drain waits for the stable app's settings: components/azure/websocket.ts). */
  readonly settings: web.WebAppApplicationSettings;
}

/**
 * Role assignments every app's identity gets: (role, scope) pairs, so tests and docs can list them.
 * The Functions host uses blobs, queues and tables of AzureWebJobsStorage; with Blob Data Owner
 * alone recent hosts log a 403 every ~10 minutes (Azure/azure-functions-host#10995), and
 * Microsoft's Flex quickstart (Azure-Samples/functions-quickstart-javascript-azd, infra/app/rbac.bicep)
 * grants Queue and Table data roles when those services are used.
 */
export function appRoles(platform: Pick<AzurePlatform, "hostStorage" | "deploymentStorage" | "appInsightsId">): readonly AppRole[] {
  return [
    { role: "host-storage-access", name: "storageBlobDataOwner", scope: platform.hostStorage.id },
    { role: "host-queue-access", name: "storageQueueDataContributor", scope: platform.hostStorage.id },
    { role: "host-table-access", name: "storageTableDataContributor", scope: platform.hostStorage.id },
    { role: "deployment-storage-access", name: "storageBlobDataContributor", scope: platform.deploymentStorage.id },
    { role: "monitoring-access", name: "monitoringMetricsPublisher", scope: platform.appInsightsId },
  ];
}

/**
 * One Flex Consumption Function App with everything it needs, in the order Microsoft's Flex
 * quickstart uses so that the first `up` succeeds in one pass
 * (Azure-Samples/functions-quickstart-javascript-azd, infra/main.bicep): a user-assigned identity,
 * its role assignments, then the app that runs as that identity (its plan: one app per FC1 plan),
 * then the code.
 *
 * The code is published by a `CodeDeployment` (components/azure/code-deployment.ts): the zip is
 * uploaded under its digest when the container lacks it (as the deploying identity, after its
 * data role on the account), and one deploy runs with a short-lived user delegation SAS URL of
 * that blob. Same digest, same inputs: a release with unchanged code changes nothing.
 * A rollback points it at an earlier digest, whose blob was retained.
 */
export function createFunctionApp(name: string, args: FunctionAppArgs, parent: pulumi.Resource): FunctionApp {
  const { platform, settings } = args;
  const tags = { ...args.tags };
  const opts = { parent };

  const identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, {
    resourceGroupName: platform.resourceGroupName,
    resourceName: platform.nameHash.apply((hash) => globalName(platform.project, platform.stack, `${name}-id`, hash, IDENTITY_NAME_MAX)),
    location: platform.location,
    tags,
  }, opts);
  // Granted before the app exists, so they have had the app's creation time to propagate.
  const grants = [...appRoles(platform), ...(args.extraRoles ?? [])].map(({ role, name: roleName, scope }) =>
    new authorization.RoleAssignment(`${name}-${role}`, {
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
      roleDefinitionId: platform.subscriptionId.apply((subscription) => roleDefinitionId(subscription, roleName)),
      scope,
    }, opts),
  );

  // Secret variables: Key Vault references, readable by this app's identity only (components/secrets),
  // granted before the app like its other roles so that the references resolve on the first start.
  const secrets = appSecretsOnAzure(name, settings.secrets, platform, tags, parent);
  const secretGrants = secrets?.grant(identity.principalId) ?? [];

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
  const siteConfig = flexSiteConfig(args.cors);
  const app = new web.WebApp(`${name}-app`, {
    resourceGroupName: platform.resourceGroupName,
    name: appName,
    location: platform.location,
    kind: "functionapp,linux",
    serverFarmId: plan.id,
    httpsOnly: true,
    clientCertEnabled: false,
    identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
    // Key Vault references resolve with the system-assigned identity unless the site names another
    // (Microsoft Learn, "Use Key Vault references as app settings": keyVaultReferenceIdentity).
    ...(secrets ? { keyVaultReferenceIdentity: identity.id } : {}),
    functionAppConfig: {
      deployment: {
        // The app reads its package with its identity: the deployment storage refuses shared keys,
        // so the spec's third option would fail there. The authentication types are
        // SystemAssignedIdentity | UserAssignedIdentity | StorageAccountConnectionString (azure-native
        // `web.AuthenticationType`, generated from azure-rest-api-specs Microsoft.Web; the spec's
        // example stable/2024-04-01/examples/CreateOrUpdateFunctionAppFlexConsumptionWithDetails.json
        // uses the connection string, an app setting holding the account key).
        // tests/storage/program.test.ts holds it to UserAssignedIdentity.
        storage: {
          type: "blobContainer",
          value: containerUrl,
          authentication: { type: "UserAssignedIdentity", userAssignedIdentityResourceId: identity.id },
        },
      },
      runtime: { ...NODE_RUNTIME },
      scaleAndConcurrency: { maximumInstanceCount: settings.maxInstances, instanceMemoryMB: settings.memoryMb },
      siteUpdateStrategy: { ...SITE_UPDATE_STRATEGY },
    },
    siteConfig,
    tags,
  }, { parent, dependsOn: [...grants, ...secretGrants], transformations: [stripSdkSiteConfigDefaults(siteConfig as unknown as Record<string, unknown>)] });
  // App settings live in their own resource (Microsoft.Web/sites/config "appsettings"), not in
  // siteConfig: a secret setting (the Web PubSub key) would make the whole siteConfig secret and
  // hide its TLS settings from the policy pack and the preview.
  const appSettings = new web.WebAppApplicationSettings(`${name}-settings`, {
    resourceGroupName: platform.resourceGroupName,
    name: app.name,
    properties: hostAppSettings(platform, settings, { clientId: identity.clientId, hostId: appName.apply(hostId) }, { ...args.appSettings, ...secrets?.appSettings }),
  }, opts);

  let code: CodeDeployment | undefined;
  if (args.artifact) {
    const artifact = args.artifact;
    code = new CodeDeployment(`${name}-code`, {
      subscriptionId: platform.subscriptionId,
      resourceGroupName: platform.resourceGroupName,
      appName: app.name,
      accountName: platform.deploymentStorage.name,
      containerUrl,
      blobName: packageBlobName(artifact.digest),
      digest: artifact.digest,
      ...(artifact.path ? { packagePath: artifact.path } : {}),
    }, { parent, dependsOn: [app, appSettings, deployments, ...grants, platform.deployerPackageAccess] });
  } else {
    pulumi.log.warn(`${name}: no artifact in semantest:release; the Function App is created without code (deploy with semantest-iac deploy)`, parent);
  }

  return { app, appName: app.name, defaultHostName: app.defaultHostName, containerUrl, identity, code, settings: appSettings };
}

/** What the host needs to know about the identity it runs as. */
export interface HostIdentity {
  readonly clientId: pulumi.Input<string>;
  /** `AzureFunctionsWebHost__hostid`: unique per app (naming.ts `hostId`). */
  readonly hostId: pulumi.Input<string>;
}

/**
 * The host's settings: identity-based AzureWebJobsStorage with the user-assigned identity
 * (`__credential` + `__clientId`, Microsoft Learn "Connecting to host storage with an identity"),
 * Application Insights with Entra auth as that identity, and a host id of its own. Flex Consumption
 * takes runtime and scale from `functionAppConfig` and rejects FUNCTIONS_WORKER_RUNTIME and
 * WEBSITE_RUN_FROM_PACKAGE-style settings ("Flex Consumption plan deprecations"), so none are set.
 *
 * Host id: apps sharing one host storage account must not share a host id, and the default is the
 * app name cut to 32 characters, so `semantest-production-westeurope-rest-api-…` and
 * `…-websocket-…` would collide (Microsoft Learn, "Host ID considerations"; the host stops with
 * error AZFD004). `AzureFunctionsWebHost__hostid` sets a distinct one per app.
 */
export function hostAppSettings(
  platform: Pick<AzurePlatform, "hostStorage" | "appInsightsConnectionString">,
  settings: Pick<CommonComponentSettings, "variables">,
  identity: HostIdentity,
  extra: Readonly<Record<string, pulumi.Input<string>>>,
): Record<string, pulumi.Input<string>> {
  return {
    ...settings.variables,
    ...extra,
    AzureWebJobsStorage__accountName: platform.hostStorage.name,
    AzureWebJobsStorage__credential: "managedidentity",
    AzureWebJobsStorage__clientId: identity.clientId,
    AzureFunctionsWebHost__hostid: identity.hostId,
    // The identity @azure/identity's DefaultAzureCredential / ManagedIdentityCredential use in the app.
    AZURE_CLIENT_ID: identity.clientId,
    APPLICATIONINSIGHTS_CONNECTION_STRING: platform.appInsightsConnectionString,
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: pulumi.interpolate`ClientId=${identity.clientId};Authorization=AAD`,
  };
}

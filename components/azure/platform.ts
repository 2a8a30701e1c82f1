import * as pulumi from "@pulumi/pulumi";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as authorization from "@pulumi/azure-native/authorization";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import { DeploymentConfiguration, standardTags, Tags } from "../../domain";
import { grantDeployerPackageAccess } from "./deployer-access";
import { monitoringName, shortHash, storageAccountName } from "./naming";

/** Type token of the shared Azure base. */
export const AZURE_PLATFORM_TYPE = "semantest:azure:Platform";
/** The one platform per stack. */
export const AZURE_PLATFORM_NAME = "azure-platform";

export interface AzurePlatformArgs {
  /** The validated stack config: region, environment, tags and the Azure components' settings. */
  readonly configuration: DeploymentConfiguration;
}

/** A storage account and how the components address it. */
export interface StorageAccountRef {
  readonly name: pulumi.Output<string>;
  readonly id: pulumi.Output<string>;
  /** `https://<account>.blob.core.windows.net/` */
  readonly blobEndpoint: pulumi.Output<string>;
}

/**
 * What every Azure component of the stack shares: one resource group, the Functions host storage
 * (identity-only), the deployment storage (where packages are uploaded), and monitoring
 * (Log Analytics + workspace-based Application Insights, local auth off).
 */
export class AzurePlatform extends pulumi.ComponentResource {
  readonly location: string;
  readonly resourceGroupName: pulumi.Output<string>;
  readonly subscriptionId: pulumi.Output<string>;
  /** Hash of (subscription, project, stack) that keeps global names unique and stable. */
  readonly nameHash: pulumi.Output<string>;
  readonly project: string;
  readonly stack: string;
  readonly tags: Tags;
  /** AzureWebJobsStorage for every Function App: identity-based, shared keys off. */
  readonly hostStorage: StorageAccountRef;
  /** Holds each app's deployment container and its content-addressed packages (shared keys off). */
  readonly deploymentStorage: StorageAccountRef;
  /** The deploying identity's Storage Blob Data Contributor on the deployment storage (code deployments wait for it). */
  readonly deployerPackageAccess: authorization.RoleAssignment;
  readonly workspaceId: pulumi.Output<string>;
  /** The workspace's GUID, which log queries address (`semantest-iac logs`). */
  readonly workspaceCustomerId: pulumi.Output<string>;
  readonly appInsightsId: pulumi.Output<string>;
  readonly appInsightsConnectionString: pulumi.Output<string>;

  constructor(name: string, args: AzurePlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AZURE_PLATFORM_TYPE, name, {}, opts);
    const configuration = args.configuration;
    const region = configuration.region("azure");
    if (!region) throw new pulumi.ResourceError("azure-native:location is required when a component deploys to azure", this);
    this.location = region.name;
    this.project = configuration.project;
    this.stack = configuration.stack;
    this.tags = standardTags({ environment: configuration.environment.name, component: "platform", deploymentId: configuration.release?.id, extra: configuration.tags });
    const tags = { ...this.tags };
    const parent = { parent: this };

    const client = authorization.getClientConfigOutput(parent);
    this.subscriptionId = client.subscriptionId;
    this.nameHash = client.subscriptionId.apply((subscription) => shortHash(subscription, this.project, this.stack));

    const group = new resources.ResourceGroup(`${name}-group`, {
      resourceGroupName: `rg-${this.project.replace(/-infrastructure$/, "")}-${this.stack}`,
      location: this.location,
      tags,
    }, parent);
    this.resourceGroupName = group.name;

    // The Functions host reaches AzureWebJobsStorage with its managed identity
    // (`AzureWebJobsStorage__accountName`, Microsoft Learn "Connecting to host storage with an
    // identity"), so this account refuses shared keys and SAS entirely.
    const host = this.storageAccount(`${name}-host-storage`, "fn", false, tags);
    this.hostStorage = host;
    // Packages are uploaded by the code deployment (components/azure/package-deployment.ts) with
    // the deploying identity's Entra token, and one deploy fetches them through a user delegation
    // SAS, the one SAS an account without shared keys accepts; so this account refuses keys too.
    // The apps read it with their identities (`functionAppConfig.deployment.storage.authentication`).
    this.deploymentStorage = this.storageAccount(`${name}-deployment-storage`, "pkg", false, tags);
    this.deployerPackageAccess = grantDeployerPackageAccess(name, { subscriptionId: this.subscriptionId, account: this.deploymentStorage }, this);

    const retentionInDays = Math.max(...configuration.components.filter((c) => c.provider === "azure").map((c) => c.logRetentionDays), 30);
    const workspace = new operationalinsights.Workspace(`${name}-logs`, {
      resourceGroupName: group.name,
      workspaceName: this.nameHash.apply((hash) => monitoringName("log", this.project, this.stack, hash)),
      location: this.location,
      sku: { name: "PerGB2018" },
      retentionInDays,
      tags,
    }, parent);
    this.workspaceId = workspace.id;
    this.workspaceCustomerId = workspace.customerId;

    // Workspace-based Application Insights (classic resources are retired); local (instrumentation
    // key) auth off, so telemetry needs Entra auth: each app gets Monitoring Metrics Publisher.
    const insights = new applicationinsights.Component(`${name}-insights`, {
      resourceGroupName: group.name,
      resourceName: this.nameHash.apply((hash) => monitoringName("appi", this.project, this.stack, hash)),
      location: this.location,
      kind: "web",
      applicationType: "web",
      ingestionMode: "LogAnalytics",
      workspaceResourceId: workspace.id,
      retentionInDays,
      disableLocalAuth: true,
      tags,
    }, parent);
    this.appInsightsId = insights.id;
    this.appInsightsConnectionString = insights.connectionString;

    this.registerOutputs({
      resourceGroupName: this.resourceGroupName,
      hostStorage: host.name,
      deploymentStorage: this.deploymentStorage.name,
      appInsights: insights.name,
    });
  }

  private storageAccount(resourceName: string, role: string, allowSharedKeyAccess: boolean, tags: Tags): StorageAccountRef {
    const account = new storage.StorageAccount(resourceName, {
      resourceGroupName: this.resourceGroupName,
      accountName: this.nameHash.apply((hash) => storageAccountName(role, this.stack, hash)),
      location: this.location,
      kind: "StorageV2",
      sku: { name: "Standard_LRS" },
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: "TLS1_2",
      allowBlobPublicAccess: false,
      allowSharedKeyAccess,
      defaultToOAuthAuthentication: true,
      tags: { ...tags },
    }, { parent: this });
    return {
      name: account.name,
      id: account.id,
      blobEndpoint: account.primaryEndpoints.apply((endpoints) => endpoints.blob),
    };
  }
}

/** `createPlatform` for components/cloud.ts: the platform, once per stack. */
export function createAzurePlatform(configuration: DeploymentConfiguration): AzurePlatform {
  return new AzurePlatform(AZURE_PLATFORM_NAME, { configuration });
}

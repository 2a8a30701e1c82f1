import { createHash } from "crypto";
import type { CloudMocks, MockContext, MockResource } from "./types";

/** Pulumi type token -> ARM resource type, for ids that look like the real ones. */
const ARM_TYPES: Readonly<Record<string, string>> = {
  "azure-native:resources:ResourceGroup": "",
  "azure-native:storage:StorageAccount": "Microsoft.Storage/storageAccounts",
  "azure-native:storage:BlobContainer": "Microsoft.Storage/storageAccounts/blobServices/default/containers",
  "azure-native:storage:Blob": "Microsoft.Storage/storageAccounts/blobServices/default/containers/blobs",
  "azure-native:operationalinsights:Workspace": "Microsoft.OperationalInsights/workspaces",
  "azure-native:applicationinsights:Component": "Microsoft.Insights/components",
  "azure-native:web:AppServicePlan": "Microsoft.Web/serverfarms",
  "azure-native:web:WebApp": "Microsoft.Web/sites",
  "azure-native:webpubsub:WebPubSub": "Microsoft.SignalRService/webPubSub",
  "azure-native:webpubsub:WebPubSubHub": "Microsoft.SignalRService/webPubSub/hubs",
  "azure-native:authorization:RoleAssignment": "Microsoft.Authorization/roleAssignments",
  "azure-native:resources:Deployment": "Microsoft.Resources/deployments",
};

/** `azure-native:web:WebApp` -> `Microsoft.web/WebApp`, for types without an entry above. */
function resourcePath(type: string): string {
  const known = ARM_TYPES[type];
  if (known !== undefined) return known;
  const [, module, kind] = type.split(":");
  return `Microsoft.${module ?? "unknown"}/${kind ?? "unknown"}`;
}

/** The input each resource type names itself by (azure-native uses a different one per type). */
const NAME_INPUTS = ["name", "accountName", "resourceName", "workspaceName", "containerName", "blobName", "hubName", "deploymentName", "roleAssignmentName"];

function nameOf(resource: MockResource): string {
  if (resource.type === "azure-native:resources:ResourceGroup") return (resource.inputs.resourceGroupName as string | undefined) ?? resource.name;
  // A hub's or container's `resourceName`/`accountName` is its parent's; its own name comes first.
  const own = resource.type.endsWith(":WebPubSubHub") ? "hubName" : resource.type.endsWith(":BlobContainer") ? "containerName" : resource.type.endsWith(":Blob") ? "blobName" : undefined;
  for (const key of own ? [own, ...NAME_INPUTS] : NAME_INPUTS) {
    const value = resource.inputs[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return resource.name;
}

/** A stable GUID-shaped id from a seed (principal ids, instrumentation keys). */
export function mockGuid(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function computed(resource: MockResource, name: string, context: MockContext): Record<string, unknown> {
  const location = (resource.inputs.location as string | undefined) ?? context.azureLocation;
  switch (resource.type) {
    case "azure-native:storage:StorageAccount":
      return {
        primaryEndpoints: Object.fromEntries(["blob", "queue", "table", "file", "dfs", "web"].map((svc) => [svc, `https://${name}.${svc}.core.windows.net/`])),
        primaryLocation: location,
      };
    case "azure-native:web:WebApp": {
      const identity = resource.inputs.identity as { type?: string } | undefined;
      return {
        defaultHostName: `${name}.azurewebsites.net`,
        hostNames: [`${name}.azurewebsites.net`],
        // Per subscription, the same for every app in it (what the asuid TXT record holds).
        customDomainVerificationId: createHash("sha256").update(`verification/${context.azureSubscriptionId}`).digest("hex").slice(0, 64).toUpperCase(),
        ...(identity ? { identity: { ...identity, principalId: mockGuid(`principal/${name}`), tenantId: context.azureTenantId } } : {}),
      };
    }
    case "azure-native:applicationinsights:Component": {
      const key = mockGuid(`ikey/${name}`);
      return {
        instrumentationKey: key,
        appId: mockGuid(`appid/${name}`),
        connectionString: `InstrumentationKey=${key};IngestionEndpoint=https://${location}-0.in.applicationinsights.azure.com/;LiveEndpoint=https://${location}.livediagnostics.monitor.azure.com/;ApplicationId=${mockGuid(`appid/${name}`)}`,
      };
    }
    case "azure-native:operationalinsights:Workspace":
      return { customerId: mockGuid(`workspace/${name}`) };
    case "azure-native:webpubsub:WebPubSub": {
      const identity = resource.inputs.identity as { type?: string } | undefined;
      return {
        hostName: `${name}.webpubsub.azure.com`,
        publicPort: 443,
        serverPort: 443,
        provisioningState: "Succeeded",
        ...(identity ? { identity: { ...identity, principalId: mockGuid(`principal/${name}`), tenantId: context.azureTenantId } } : {}),
      };
    }
    case "azure-native:web:SiteCertificate":
      return { thumbprint: createHash("sha1").update(`certificate/${String(resource.inputs.canonicalName)}`).digest("hex").toUpperCase(), issuer: "GeoTrust Global TLS RSA4096 SHA256 2022 CA1" };
    case "azure-native:dns:RecordSet": {
      const zone = String(resource.inputs.zoneName ?? "");
      const record = String(resource.inputs.relativeRecordSetName ?? "@");
      return { fqdn: `${record === "@" ? "" : `${record}.`}${zone}.` };
    }
    default:
      return {};
  }
}

/** Azure: ARM ids and names, and what the Azure components read back (host names, endpoints, identities). */
export const azureMocks: CloudMocks = {
  owns: (token) => token.startsWith("azure-native:"),
  outputs(resource, context) {
    const name = nameOf(resource);
    const group = (resource.inputs.resourceGroupName as string | undefined) ?? `${context.project}-${context.stack}`;
    const path = resourcePath(resource.type);
    const id =
      resource.type === "azure-native:resources:ResourceGroup"
        ? `/subscriptions/${context.azureSubscriptionId}/resourceGroups/${name}`
        : `/subscriptions/${context.azureSubscriptionId}/resourceGroups/${group}/providers/${path}/${name}`;
    return { name, azureApiVersion: "2024-04-01", id, ...computed(resource, name, context) };
  },
  calls: {
    "azure-native:authorization:getClientConfig": (_inputs, context) => ({
      clientId: "00000000-0000-0000-0000-00000000c11e",
      objectId: "00000000-0000-0000-0000-0000000000b1",
      subscriptionId: context.azureSubscriptionId,
      tenantId: context.azureTenantId,
    }),
    // Keys are placeholders of the real shape; the component treats the result as a secret.
    "azure-native:webpubsub:listWebPubSubKeys": (inputs) => {
      const service = String(inputs.resourceName ?? "webpubsub");
      const key = (slot: string) => Buffer.from(`offline-${slot}-${service}`).toString("base64");
      const connection = (slot: string) => `Endpoint=https://${service}.webpubsub.azure.com;AccessKey=${key(slot)};Version=1.0;`;
      return {
        primaryKey: key("primary"),
        secondaryKey: key("secondary"),
        primaryConnectionString: connection("primary"),
        secondaryConnectionString: connection("secondary"),
      };
    },
  },
};

import type { CloudMocks } from "./types";

/** `azure-native:web:WebApp` -> `Microsoft.Web/sites`-like provider path segment. */
function resourcePath(type: string): string {
  const [, module, kind] = type.split(":");
  return `Microsoft.${module ?? "unknown"}/${kind ?? "unknown"}`;
}

/** Azure: ARM ids and names; the Azure components add what their resources need. */
export const azureMocks: CloudMocks = {
  owns: (token) => token.startsWith("azure-native:"),
  outputs(resource, context) {
    const name = (resource.inputs.name as string | undefined) ?? resource.name;
    const group = (resource.inputs.resourceGroupName as string | undefined) ?? `${context.project}-${context.stack}`;
    return {
      name,
      azureApiVersion: "2024-04-01",
      id: `/subscriptions/${context.azureSubscriptionId}/resourceGroups/${group}/providers/${resourcePath(resource.type)}/${name}`,
    };
  },
  calls: {
    "azure-native:authorization:getClientConfig": (_inputs, context) => ({
      clientId: "00000000-0000-0000-0000-00000000c11e",
      objectId: "00000000-0000-0000-0000-0000000000b1",
      subscriptionId: context.azureSubscriptionId,
      tenantId: context.azureTenantId,
    }),
  },
};

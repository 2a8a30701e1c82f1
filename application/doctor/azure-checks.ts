/**
 * Azure: a token, then the subscription's resource providers, the operator's roles, and the
 * region's support for what the stack creates.
 */
import type { StackNeeds } from "./needs";
import type { AzureAccountProbe } from "./ports";
import { CheckResult, firstLine, skipped } from "./report";
import { azureCostTags } from "./cost-tags";

/**
 * Built-in role definition ids (Microsoft Learn, "Azure built-in roles"). The program creates
 * resources and role assignments (the apps' identities on storage and monitoring), so the operator
 * needs Owner, or Contributor plus a role that may write role assignments.
 */
export const ROLES = {
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  userAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  rbacAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
} as const;

export async function azureChecks(needs: NonNullable<StackNeeds["azure"]>, azure: AzureAccountProbe): Promise<CheckResult[]> {
  let token;
  try {
    token = await azure.token();
  } catch (error) {
    return [
      { id: "azure-credentials", title: "Azure credentials", status: "fail", detail: firstLine(error), fix: "az login (or set AZURE_CLIENT_ID / AZURE_TENANT_ID / AZURE_CLIENT_SECRET, or use a managed identity), then run doctor again" },
      skipped("azure-subscription", "Azure subscription checks", "no working Azure credentials"),
    ];
  }
  const checks: CheckResult[] = [{ id: "azure-credentials", title: "Azure credentials", status: "pass", detail: `a management token until ${new Date(token.expiresOn).toISOString()}` }];
  if (!azure.subscriptionId) {
    checks.push({ id: "azure-subscription", title: "Azure subscription", status: "fail", detail: "no subscription id: neither azure-native:subscriptionId nor ARM_SUBSCRIPTION_ID / AZURE_SUBSCRIPTION_ID is set", fix: "pulumi config set azure-native:subscriptionId <id> (or export AZURE_SUBSCRIPTION_ID)" });
    return checks;
  }
  checks.push(...(await providers(needs, azure)));
  checks.push(await roles(azure, token.principalId));
  if (needs.flexConsumption) checks.push(await region(needs, "azure-flex-consumption-region", "Flex Consumption in the region", () => azure.flexConsumptionRegions(), "the Function Apps' FC1 plan"));
  if (needs.webPubSub) checks.push(await region(needs, "azure-web-pubsub-region", "Web PubSub in the region", () => azure.webPubSubRegions(), "Microsoft.SignalRService/WebPubSub"));
  checks.push(azureCostTags());
  return checks;
}

async function providers(needs: NonNullable<StackNeeds["azure"]>, azure: AzureAccountProbe): Promise<CheckResult[]> {
  let states: Readonly<Record<string, string>>;
  try {
    states = await azure.providerRegistrations(needs.providers);
  } catch (error) {
    return [{ id: "azure-providers", title: "Resource provider registrations", status: "fail", detail: firstLine(error), fix: "allow Microsoft.Resources/providers/read (Reader on the subscription)" }];
  }
  return needs.providers.map((namespace): CheckResult => {
    const state = states[namespace] ?? "NotRegistered";
    const id = `azure-provider-${namespace}`;
    const title = `Resource provider ${namespace}`;
    if (state === "Registered") return { id, title, status: "pass", detail: "Registered" };
    return { id, title, status: "fail", detail: state, fix: `az provider register --namespace ${namespace} --wait (needs */register/action: Contributor or Owner)` };
  });
}

async function roles(azure: AzureAccountProbe, principalId: string | undefined): Promise<CheckResult> {
  const id = "azure-operator-roles";
  const title = "Operator's roles on the subscription";
  if (!principalId) return skipped(id, title, "the token names no principal (oid): cannot look up its role assignments");
  try {
    const assigned = new Set((await azure.roleDefinitionIds(principalId)).map((r) => r.split("/").pop()!.toLowerCase()));
    const names = Object.entries(ROLES).filter(([, guid]) => assigned.has(guid)).map(([name]) => name);
    const detail = names.length > 0 ? `${principalId}: ${names.join(", ")}` : `${principalId}: none of Owner, Contributor, User Access Administrator, RBAC Administrator`;
    const canCreate = assigned.has(ROLES.owner) || assigned.has(ROLES.contributor);
    const canAssign = assigned.has(ROLES.owner) || assigned.has(ROLES.userAccessAdministrator) || assigned.has(ROLES.rbacAdministrator);
    if (canCreate && canAssign) return { id, title, status: "pass", detail };
    return {
      id,
      title,
      status: "fail",
      detail,
      fix: `grant Owner, or Contributor plus Role Based Access Control Administrator, on the subscription: az role assignment create --assignee ${principalId} --role Owner --scope /subscriptions/${azure.subscriptionId}`,
    };
  } catch (error) {
    return { id, title, status: "fail", detail: firstLine(error), fix: "allow Microsoft.Authorization/roleAssignments/read (Reader on the subscription)" };
  }
}

async function region(needs: NonNullable<StackNeeds["azure"]>, id: string, title: string, list: () => Promise<readonly string[]>, what: string): Promise<CheckResult> {
  try {
    const regions = await list();
    const wanted = normalizeRegion(needs.location);
    if (regions.some((r) => normalizeRegion(r) === wanted)) return { id, title, status: "pass", detail: `${what} is offered in ${needs.location}` };
    return { id, title, status: "fail", detail: `${what} is not offered in ${needs.location} (${regions.length} regions offer it)`, fix: `set azure-native:location to one of: ${regions.slice(0, 8).join(", ")}${regions.length > 8 ? ", ..." : ""}` };
  } catch (error) {
    return { id, title, status: "fail", detail: firstLine(error), fix: "allow Microsoft.Web/geoRegions/read and Microsoft.Resources/providers/read (Reader on the subscription)" };
  }
}

/** "West Europe" and "westeurope" name the same region. */
export function normalizeRegion(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

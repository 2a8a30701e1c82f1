/**
 * Does a deployment container still hold a package? Asked by `rollback` before it changes anything.
 *
 * Checked through the control plane: ARM finds the storage account by name and hands its key
 * (`listKeys`), with which the blob's existence is read. Owner and Contributor hold `listKeys`;
 * they hold no blob data role, so an OAuth data-plane `exists` (what the preflight did) is refused
 * with 403 AuthorizationPermissionMismatch for an operator with exactly the documented roles.
 * The same key path is what the code deployment uses (package-deployment.ts), so a rollback that
 * passes this check can also deploy.
 *
 * For the CLI (adapters/artifact-store/cloud.ts, `CloudArtifactStore.exists` on Azure):
 * `packageExists({ containerUrl, blobName, credential: new DefaultAzureCredential() })`.
 */
import type { TokenCredential } from "@azure/identity";
import { accountKey, ArmClient, PackageDeploymentError } from "./package-deployment";

export interface PackageLocation {
  /** The container URL the stack exports (`artifactStore.azure.containers.<kind>`). */
  readonly containerUrl: string;
  readonly blobName: string;
  readonly credential: TokenCredential;
  /** Where to look for the account; default ARM_SUBSCRIPTION_ID / AZURE_SUBSCRIPTION_ID, else every subscription the credential sees. */
  readonly subscriptionId?: string;
  readonly armEndpoint?: string;
}

const ACCOUNTS_API = "2023-05-01";
const SUBSCRIPTIONS_API = "2022-12-01";

/** `{ subscriptionId, resourceGroupName }` of the storage account named `accountName`, found through ARM. */
export async function findStorageAccount(arm: ArmClient, accountName: string, subscriptionId: string | undefined): Promise<{ subscriptionId: string; resourceGroupName: string }> {
  const subscriptions = subscriptionId ? [subscriptionId] : await listSubscriptions(arm);
  for (const subscription of subscriptions) {
    let next: string | undefined = `/subscriptions/${subscription}/providers/Microsoft.Storage/storageAccounts?api-version=${ACCOUNTS_API}`;
    while (next) {
      const { status, json } = await arm.request("GET", next);
      if (status !== 200) throw new PackageDeploymentError(`listing storage accounts of subscription ${subscription} answered ${status}: ${JSON.stringify(json)}`);
      const page = json as { value?: { id?: string; name?: string }[]; nextLink?: string };
      const found = page.value?.find((account) => account.name?.toLowerCase() === accountName.toLowerCase());
      const group = found?.id ? /\/resourceGroups\/([^/]+)\//i.exec(found.id)?.[1] : undefined;
      if (group) return { subscriptionId: subscription, resourceGroupName: group };
      next = page.nextLink;
    }
  }
  throw new PackageDeploymentError(`no storage account named ${accountName} in subscription(s) ${subscriptions.join(", ") || "(none visible)"}; set ARM_SUBSCRIPTION_ID to the stack's subscription`);
}

async function listSubscriptions(arm: ArmClient): Promise<string[]> {
  const { status, json } = await arm.request("GET", `/subscriptions?api-version=${SUBSCRIPTIONS_API}`);
  if (status !== 200) throw new PackageDeploymentError(`listing subscriptions answered ${status}: ${JSON.stringify(json)}`);
  return ((json as { value?: { subscriptionId?: string }[] }).value ?? []).map((s) => s.subscriptionId).filter((id): id is string => typeof id === "string");
}

export async function packageExists(location: PackageLocation, env: Readonly<Record<string, string | undefined>> = process.env): Promise<boolean> {
  const { ContainerClient, StorageSharedKeyCredential } = await import("@azure/storage-blob");
  const anonymous = new ContainerClient(location.containerUrl);
  const accountName = anonymous.accountName;
  if (!accountName) throw new PackageDeploymentError(`container URL ${JSON.stringify(location.containerUrl)} names no storage account; expected https://<account>.blob.core.windows.net/<container>`);
  const arm = new ArmClient({ credential: location.credential, ...(location.armEndpoint ? { armEndpoint: location.armEndpoint } : {}) });
  const where = await findStorageAccount(arm, accountName, location.subscriptionId ?? env.ARM_SUBSCRIPTION_ID ?? env.AZURE_SUBSCRIPTION_ID);
  const key = await accountKey(arm, { ...where, accountName });
  const container = new ContainerClient(location.containerUrl, new StorageSharedKeyCredential(accountName, key));
  return container.getBlobClient(location.blobName).exists();
}

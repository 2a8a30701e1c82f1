/**
 * Does a deployment container still hold a package? Asked by `rollback` before it changes anything.
 *
 * Read with the operator's Entra token (OAuth), the only way in: the deployment storage refuses
 * shared keys (`allowSharedKeyAccess: false`, components/azure/platform.ts), so the account key
 * that ARM `listKeys` hands out would be refused with 403 `KeyBasedAuthenticationNotPermitted`
 * (Microsoft Learn, "Prevent Shared Key authorization for an Azure Storage account"). Reading a
 * blob's properties needs a blob data role (Storage Blob Data Reader or more); the program grants
 * the identity that deploys the stack Storage Blob Data Contributor on the account
 * (components/azure/deployer-access.ts), so whoever deployed can roll back. Someone else gets a
 * refusal that says which role, on which account.
 *
 * For the CLI (adapters/artifact-store/cloud.ts, `CloudArtifactStore.exists` on Azure):
 * `packageExists({ containerUrl, blobName, credential: new DefaultAzureCredential() })`.
 */
import type { TokenCredential } from "@azure/identity";
import { isRoleRefusal, PackageDeploymentError, ROLE_REFUSAL_CODE } from "./package-deployment";

export interface PackageLocation {
  /** The container URL the stack exports (`artifactStore.azure.containers.<kind>`). */
  readonly containerUrl: string;
  readonly blobName: string;
  readonly credential: TokenCredential;
}

export async function packageExists(location: PackageLocation): Promise<boolean> {
  const { ContainerClient } = await import("@azure/storage-blob");
  const container = new ContainerClient(location.containerUrl, location.credential);
  if (!container.accountName) {
    throw new PackageDeploymentError(`container URL ${JSON.stringify(location.containerUrl)} names no storage account; expected https://<account>.blob.core.windows.net/<container>`);
  }
  try {
    return await container.getBlobClient(location.blobName).exists();
  } catch (error) {
    if (!isRoleRefusal(error)) throw error;
    throw new PackageDeploymentError(
      `reading ${location.containerUrl} was refused (403 ${ROLE_REFUSAL_CODE}): the signed-in identity holds no blob data role on storage account ${container.accountName}; ` +
        "grant it Storage Blob Data Reader there (the identity that ran semantest-iac deploy already holds Storage Blob Data Contributor)",
    );
  }
}

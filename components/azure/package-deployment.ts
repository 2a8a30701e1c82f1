/**
 * Publishing a Function App's code on Flex Consumption, outside Pulumi's create semantics.
 *
 * Why not `storage:Blob` + an ARM deployment: azure-native reads a `storage:Blob` before creating
 * it and fails with "cannot create already existing resource" when the blob is there, which is
 * every return to a digest deployed before (blobs are content-addressed and retained); and an ARM
 * deployment's inputs (its tags, a SAS in its template) change on releases that ship the same code,
 * so ARM would re-run one deploy and restart the app. Here:
 *
 * 1. the zip is uploaded under its digest unless the container already holds it ("already there"
 *    is success: a conditional `If-None-Match: *` upload, 409/412 accepted), with the deploying
 *    identity's Entra token (OAuth): the account refuses shared keys (`allowSharedKeyAccess: false`,
 *    components/azure/platform.ts), and the program grants that identity Storage Blob Data
 *    Contributor on it (components/azure/deployer-access.ts);
 * 2. one deploy (`Microsoft.Web/sites/extensions/onedeploy`, the mechanism Microsoft documents for
 *    Flex Consumption in "Automate resource deployment for your function app", Deployment package)
 *    is called with `packageUri` = the blob with a short-lived, read-only, blob-scoped **user
 *    delegation SAS**, signed with a user delegation key the same identity gets from the Blob
 *    service (`Get User Delegation Key`, action `blobServices/generateUserDelegationKey/action`, part
 *    of Storage Blob Data Contributor: Microsoft Learn, "Azure built-in roles for Storage"). It is
 *    the one SAS an account without shared keys still accepts: "User delegation SAS (Blob storage
 *    only) | Azure AD | Request is permitted"; service and account SAS are denied (Microsoft Learn,
 *    "Prevent Shared Key authorization for an Azure Storage account", Understand how disallowing
 *    Shared Key affects SAS tokens). Every working example passes a URL the platform can fetch (a
 *    SAS or a public URL); no source shows onedeploy fetching a private `packageUri` with the app's
 *    identity;
 * 3. one deploy then writes the package into the app's deployment container with the app's
 *    identity. A role assignment that is minutes old can still be refused there (the SCM site
 *    answers 400 `BlobUploadFailedException` with a storage 403; endjin's ZeroFailed.Deploy.Azure
 *    `Publish-FlexConsumptionFunctionApp` documents and retries the same case), so that refusal is
 *    retried until `propagationTimeoutMs`; so is the deploying identity's own new role (403
 *    `AuthorizationPermissionMismatch` on the upload or the key).
 *
 * No account key is read (no ARM `listKeys`) and none enters Pulumi state.
 *
 * This module runs in Pulumi's provider process, loaded there by name (./provider-operations.ts,
 * ./load-at-run-time.ts). The program loads it too but never calls Azure, so the Azure SDKs are
 * imported where they are used, not when it loads.
 */
import * as fs from "fs";
import type { TokenCredential } from "@azure/identity";
import type { BlobServiceClient, ContainerClient } from "@azure/storage-blob";

/** ARM API version of Microsoft.Web sites/extensions (onedeploy). */
export const WEB_API_VERSION = "2024-04-01";
/** How long the package URL handed to one deploy (and the user delegation key that signs it) stays valid. */
export const SAS_LIFETIME_MS = 60 * 60 * 1000;
/** Clock skew allowed at the start of the key and the SAS. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/**
 * The SAS's service version (`sv`), fixed rather than the SDK's newest: a newer SDK would change the
 * string it signs without notice (12.32 signs 2026-04-06's), and this one is the newest whose
 * user delegation signature the emulator the tests run against verifies (Azurite 3.35,
 * `generateBlobSASSignatureWithUDK`: its newest format is 2025-07-05's). The service accepts it.
 */
export const USER_DELEGATION_SAS_VERSION = "2025-07-05";
/** The Blob service's answer to a token whose principal holds no (or not yet a) data role for the operation. */
export const ROLE_REFUSAL_CODE = "AuthorizationPermissionMismatch";

/** What identifies one code deployment; the same values mean the same code on the same app. */
export interface PackageDeploymentInputs {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly appName: string;
  readonly accountName: string;
  /** `https://<account>.blob.core.windows.net/<container>` (Azurite behind TLS: `https://127.0.0.1:<port>/<account>/<container>`). */
  readonly containerUrl: string;
  readonly blobName: string;
  readonly digest: string;
  /** The zip on this machine; undefined when only the container has it (a rollback). */
  readonly packagePath?: string;
}

export interface DeploymentServices {
  readonly credential: TokenCredential;
  /** `https://management.azure.com` unless a test points it at a recorder. */
  readonly armEndpoint?: string;
  /** How long a storage 403 (one deploy's, or the deploying identity's own upload and key) is retried while roles propagate. Default 10 minutes. */
  readonly propagationTimeoutMs?: number;
  /** Pause between attempts and polls. Default 10 s. */
  readonly retryDelayMs?: number;
  readonly now?: () => Date;
}

export type UploadOutcome = "uploaded" | "already-present";

/** A failure with the field and value that caused it (the dynamic provider's error message). */
export class PackageDeploymentError extends Error {}

/**
 * Puts the zip at `blobName` unless a blob is already there. Content-addressed names mean an
 * existing blob is the same bytes, so it is never overwritten (and never fails the deploy).
 */
export async function ensurePackage(container: ContainerClient, blobName: string, packagePath: string | undefined, digest: string): Promise<UploadOutcome> {
  const blob = container.getBlockBlobClient(blobName);
  if (await blob.exists()) return "already-present";
  if (!packagePath || !fs.existsSync(packagePath)) {
    throw new PackageDeploymentError(
      `package ${digest} is not in ${container.url} (blob ${blobName}) and not on this machine (packagePath ${JSON.stringify(packagePath ?? null)}); ` +
        "build it with semantest-iac deploy, or roll back to a release whose package the container still holds",
    );
  }
  try {
    await blob.uploadFile(packagePath, {
      blobHTTPHeaders: { blobContentType: "application/zip" },
      metadata: { digest: digest.replace(":", "_") },
      conditions: { ifNoneMatch: "*" },
    });
    return "uploaded";
  } catch (error) {
    // Someone else (a parallel run, another machine) uploaded the same digest in between.
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 409 || status === 412) return "already-present";
    throw error;
  }
}

/** `https://<account>.blob.core.windows.net` of a container URL (Azurite: `https://127.0.0.1:<port>/<account>`). */
export function serviceUrlOf(containerUrl: string): string {
  const url = new URL(containerUrl);
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.slice(0, path.lastIndexOf("/")) || "/";
  url.search = "";
  return url.toString().replace(/\/$/, "");
}

/**
 * A user delegation SAS URL for one blob: read only (`sp=r`), HTTPS only, the blob alone
 * (`sr=b`), valid for `SAS_LIFETIME_MS` from `now` (with `CLOCK_SKEW_MS` before), signed with a
 * user delegation key of the same lifetime that the caller's Entra identity gets from the service.
 */
export async function userDelegationBlobUrl(service: BlobServiceClient, container: ContainerClient, blobName: string, accountName: string, now: Date): Promise<string> {
  const { BlobSASPermissions, generateBlobSASQueryParameters, SASProtocol } = await import("@azure/storage-blob");
  const startsOn = new Date(now.getTime() - CLOCK_SKEW_MS);
  const expiresOn = new Date(now.getTime() + SAS_LIFETIME_MS);
  const key = await service.getUserDelegationKey(startsOn, expiresOn);
  const sas = generateBlobSASQueryParameters(
    { containerName: container.containerName, blobName, permissions: BlobSASPermissions.parse("r"), protocol: SASProtocol.Https, startsOn, expiresOn, version: USER_DELEGATION_SAS_VERSION },
    key,
    accountName,
  );
  return `${container.getBlobClient(blobName).url}?${sas.toString()}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when a storage SDK error is the refusal of a token whose principal lacks the data role (yet). */
export function isRoleRefusal(error: unknown): boolean {
  const e = error as { statusCode?: number; code?: string; details?: { errorCode?: string } } | undefined;
  return e?.statusCode === 403 && (e.code === ROLE_REFUSAL_CODE || e.details?.errorCode === ROLE_REFUSAL_CODE);
}

/**
 * Runs a data-plane call of the deploying identity, retrying the 403 of a role assignment made
 * moments ago (the program grants it in the same `up`) until `propagationTimeoutMs`; then fails
 * naming the account and the role it needs.
 */
export async function whileRolePropagates<T>(what: string, accountName: string, work: () => Promise<T>, services: DeploymentServices): Promise<T> {
  const now = services.now ?? (() => new Date());
  const deadline = now().getTime() + (services.propagationTimeoutMs ?? 10 * 60 * 1000);
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isRoleRefusal(error)) throw error;
      if (now().getTime() >= deadline) {
        throw new PackageDeploymentError(
          `${what} on storage account ${accountName} was refused (403 ${ROLE_REFUSAL_CODE}) until the propagation timeout: the deploying identity needs ` +
            "Storage Blob Data Contributor on that account (the program grants it as azure-platform-deployer-package-access; a grant made by someone else, or removed, leaves it without)",
        );
      }
      await sleep(services.retryDelayMs ?? 10_000);
    }
  }
}

/** The ARM calls this needs: a bearer-token JSON client (no SDK for sites/extensions onedeploy in @azure/*'s dependencies here). */
export class ArmClient {
  private readonly endpoint: string;
  constructor(private readonly services: DeploymentServices) {
    this.endpoint = (services.armEndpoint ?? "https://management.azure.com").replace(/\/$/, "");
  }

  async request(method: "GET" | "POST" | "PUT", pathOrUrl: string, body?: unknown): Promise<{ status: number; json: unknown; headers: Headers }> {
    const token = await this.services.credential.getToken(`${this.endpoint}/.default`);
    if (!token) throw new PackageDeploymentError(`no Azure token for ${this.endpoint}: sign in (az login) or set AZURE_CLIENT_ID/AZURE_TENANT_ID and a secret or federated token`);
    const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${this.endpoint}${pathOrUrl}`;
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: response.status, json, headers: response.headers };
  }
}

export function siteId(inputs: Pick<PackageDeploymentInputs, "subscriptionId" | "resourceGroupName" | "appName">): string {
  return `/subscriptions/${inputs.subscriptionId}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.Web/sites/${inputs.appName}`;
}

/** True when one deploy's answer is the storage refusal a new role assignment causes. */
export function isPropagationRefusal(status: number, body: unknown): boolean {
  const text = typeof body === "string" ? body : JSON.stringify(body ?? "");
  return status === 403 || (status >= 400 && status < 500 && /BlobUploadFailed|AuthorizationPermissionMismatch|AuthorizationFailure|\b403\b/.test(text));
}

/**
 * `PUT <site>/extensions/onedeploy` with the package URL, then ARM's long-running-operation
 * protocol (Azure-AsyncOperation or Location) until it ends. Storage refusals are retried while
 * roles propagate.
 */
export async function oneDeploy(arm: ArmClient, inputs: PackageDeploymentInputs, packageUri: string, services: DeploymentServices): Promise<void> {
  const now = services.now ?? (() => new Date());
  const delay = services.retryDelayMs ?? 10_000;
  const deadline = now().getTime() + (services.propagationTimeoutMs ?? 10 * 60 * 1000);
  const url = `${siteId(inputs)}/extensions/onedeploy?api-version=${WEB_API_VERSION}`;
  for (;;) {
    const put = await arm.request("PUT", url, { properties: { packageUri, remoteBuild: false } });
    const result = put.status === 200 || put.status === 201 || put.status === 202 ? await followOperation(arm, put, delay) : put;
    if (result.status >= 200 && result.status < 300) return;
    if (isPropagationRefusal(result.status, result.json) && now().getTime() < deadline) {
      await sleep(delay);
      continue;
    }
    throw new PackageDeploymentError(`one deploy of ${inputs.digest} to Function App ${inputs.appName} failed (${result.status}): ${JSON.stringify(result.json)}`);
  }
}

async function followOperation(arm: ArmClient, first: { status: number; json: unknown; headers: Headers }, delay: number): Promise<{ status: number; json: unknown }> {
  const monitor = first.headers.get("azure-asyncoperation") ?? first.headers.get("location");
  if (!monitor || first.status === 200) return failedIfStated(first);
  for (;;) {
    await sleep(Math.min(delay, 2_000));
    const poll = await arm.request("GET", monitor);
    const state = (poll.json as { status?: string } | undefined)?.status;
    if (poll.status === 202 || state === "InProgress" || state === "Running" || state === "Accepted") continue;
    if (state && state !== "Succeeded") return { status: 400, json: poll.json };
    return poll;
  }
}

function failedIfStated(response: { status: number; json: unknown }): { status: number; json: unknown } {
  const state = (response.json as { properties?: { provisioningState?: string } } | undefined)?.properties?.provisioningState;
  return state === "Failed" ? { status: 400, json: response.json } : response;
}

/**
 * The whole publish, as the deploying identity and with no account key: ensure the blob (OAuth),
 * mint the user delegation SAS, run one deploy. Returns whether it uploaded.
 */
export async function deployPackage(inputs: PackageDeploymentInputs, services: DeploymentServices): Promise<UploadOutcome> {
  const { BlobServiceClient, ContainerClient } = await import("@azure/storage-blob");
  const container = new ContainerClient(inputs.containerUrl, services.credential);
  const service = new BlobServiceClient(serviceUrlOf(inputs.containerUrl), services.credential);
  const outcome = await whileRolePropagates(`uploading package ${inputs.digest}`, inputs.accountName, () => ensurePackage(container, inputs.blobName, inputs.packagePath, inputs.digest), services);
  const packageUri = await whileRolePropagates(
    "getting a user delegation key",
    inputs.accountName,
    () => userDelegationBlobUrl(service, container, inputs.blobName, inputs.accountName, (services.now ?? (() => new Date()))()),
    services,
  );
  await oneDeploy(new ArmClient(services), inputs, packageUri, services);
  return outcome;
}

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
 *    is success: a conditional `If-None-Match: *` upload, 409/412 accepted);
 * 2. one deploy (`Microsoft.Web/sites/extensions/onedeploy`, the mechanism Microsoft documents for
 *    Flex Consumption in "Automate resource deployment for your function app", Deployment package)
 *    is called with `packageUri` = the blob with a short-lived, read-only service SAS. Every
 *    working example passes a URL the platform can fetch (a SAS or a public URL); no source shows
 *    onedeploy fetching a private `packageUri` with the app's identity;
 * 3. one deploy then writes the package into the app's deployment container with the app's
 *    identity. A role assignment that is minutes old can still be refused there (the SCM site
 *    answers 400 `BlobUploadFailedException` with a storage 403; endjin's ZeroFailed.Deploy.Azure
 *    `Publish-FlexConsumptionFunctionApp` documents and retries the same case), so that refusal is
 *    retried until `propagationTimeoutMs`.
 *
 * The account key comes from ARM (`listKeys`, a control-plane action Owner and Contributor hold),
 * so the operator needs no storage data role; the key never enters Pulumi state.
 */
import type { TokenCredential } from "@azure/identity";
import type { ContainerClient } from "@azure/storage-blob";

/** ARM API versions used here (Microsoft.Storage listKeys, Microsoft.Web sites/extensions). */
export const STORAGE_API_VERSION = "2023-05-01";
export const WEB_API_VERSION = "2024-04-01";
/** How long the package URL handed to one deploy stays valid. */
export const SAS_LIFETIME_MS = 60 * 60 * 1000;

/** What identifies one code deployment; the same values mean the same code on the same app. */
export interface PackageDeploymentInputs {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly appName: string;
  readonly accountName: string;
  /** `https://<account>.blob.core.windows.net/<container>` (Azurite: `http://127.0.0.1:<port>/<account>/<container>`). */
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
  /** How long a storage 403 from one deploy is retried (role propagation). Default 10 minutes. */
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
  // Required here, not at the top: this runs inside Pulumi's serialized dynamic provider, where a
  // module captured by value (as a test runner's module registry makes `fs` look) would not work.
  const fs = await import("fs");
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

/** A read-only SAS URL for one blob, valid for `SAS_LIFETIME_MS` (5 minutes of clock skew allowed). */
export async function readOnlyBlobUrl(container: ContainerClient, blobName: string, accountName: string, accountKey: string, now: Date): Promise<string> {
  const { BlobSASPermissions, generateBlobSASQueryParameters, StorageSharedKeyCredential } = await import("@azure/storage-blob");
  const sas = generateBlobSASQueryParameters(
    {
      containerName: container.containerName,
      blobName,
      permissions: BlobSASPermissions.parse("r"),
      startsOn: new Date(now.getTime() - 5 * 60 * 1000),
      expiresOn: new Date(now.getTime() + SAS_LIFETIME_MS),
    },
    new StorageSharedKeyCredential(accountName, accountKey),
  );
  return `${container.getBlobClient(blobName).url}?${sas.toString()}`;
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

export function storageAccountId(inputs: Pick<PackageDeploymentInputs, "subscriptionId" | "resourceGroupName" | "accountName">): string {
  return `/subscriptions/${inputs.subscriptionId}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${inputs.accountName}`;
}

export function siteId(inputs: Pick<PackageDeploymentInputs, "subscriptionId" | "resourceGroupName" | "appName">): string {
  return `/subscriptions/${inputs.subscriptionId}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.Web/sites/${inputs.appName}`;
}

/** The account's first key, from ARM (Microsoft.Storage/storageAccounts/listKeys). */
export async function accountKey(arm: ArmClient, inputs: Pick<PackageDeploymentInputs, "subscriptionId" | "resourceGroupName" | "accountName">): Promise<string> {
  const { status, json } = await arm.request("POST", `${storageAccountId(inputs)}/listKeys?api-version=${STORAGE_API_VERSION}`);
  const keys = (json as { keys?: { value?: string }[] } | undefined)?.keys;
  const key = keys?.find((k) => typeof k.value === "string")?.value;
  if (status !== 200 || !key) {
    throw new PackageDeploymentError(`listKeys on storage account ${inputs.accountName} answered ${status}: ${JSON.stringify(json)}; the deploying identity needs Owner or Contributor on the resource group`);
  }
  return key;
}

/** True when one deploy's answer is the storage refusal a new role assignment causes. */
export function isPropagationRefusal(status: number, body: unknown): boolean {
  const text = typeof body === "string" ? body : JSON.stringify(body ?? "");
  return status === 403 || (status >= 400 && status < 500 && /BlobUploadFailed|AuthorizationPermissionMismatch|AuthorizationFailure|\b403\b/.test(text));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** The whole publish: ensure the blob, mint the SAS, run one deploy. Returns whether it uploaded. */
export async function deployPackage(inputs: PackageDeploymentInputs, services: DeploymentServices): Promise<UploadOutcome> {
  const { ContainerClient, StorageSharedKeyCredential } = await import("@azure/storage-blob");
  const arm = new ArmClient(services);
  const key = await accountKey(arm, inputs);
  const container = new ContainerClient(inputs.containerUrl, new StorageSharedKeyCredential(inputs.accountName, key));
  const outcome = await ensurePackage(container, inputs.blobName, inputs.packagePath, inputs.digest);
  const packageUri = await readOnlyBlobUrl(container, inputs.blobName, inputs.accountName, key, (services.now ?? (() => new Date()))());
  await oneDeploy(arm, inputs, packageUri, services);
  return outcome;
}

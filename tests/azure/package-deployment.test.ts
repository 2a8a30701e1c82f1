/**
 * The code deployment's work (components/azure/package-deployment.ts) for real: the official
 * @azure/storage-blob client against Azurite on 127.0.0.1, and ARM (listKeys, sites/extensions
 * onedeploy, long-running operations) played by a recorder on 127.0.0.1.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { changedKeys, azureIdentityEnvironment, DEPLOYMENT_KEYS } from "../../components/azure/code-deployment";
import { packageBlobName } from "../../components/azure/naming";
import { deployPackage, ensurePackage, isPropagationRefusal, PackageDeploymentError, SAS_LIFETIME_MS, type PackageDeploymentInputs } from "../../components/azure/package-deployment";
import { type ArmAnswer, listKeysAnswer, startArmRecorder } from "./support/arm-recorder";
import { AZURITE_ACCOUNT, AZURITE_KEY, startAzurite, type Azurite } from "./support/azurite";

const DIGEST = `sha256:${"c".repeat(64)}`;
const credential = { getToken: async () => ({ token: "test-token", expiresOnTimestamp: Date.now() + 3_600_000 }) };

let azurite: Azurite;
let dir: string;
beforeAll(async () => {
  azurite = await startAzurite();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "package-deployment-"));
}, 30_000);
afterAll(async () => {
  await azurite?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

let containers = 0;
async function freshContainer(): Promise<ContainerClient> {
  const container = new ContainerClient(`${azurite.blobEndpoint}/deployments-${++containers}`, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
  await container.create();
  return container;
}
function zip(bytes: string): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.zip`);
  fs.writeFileSync(file, bytes);
  return file;
}
async function download(container: ContainerClient, blobName: string): Promise<string> {
  return (await container.getBlobClient(blobName).downloadToBuffer()).toString();
}

describe("ensurePackage against Azurite", () => {
  it("uploads a missing package, then treats the same package already there as success", async () => {
    const container = await freshContainer();
    const blobName = packageBlobName(DIGEST);
    expect(await ensurePackage(container, blobName, zip("first"), DIGEST)).toBe("uploaded");
    expect(await ensurePackage(container, blobName, zip("first"), DIGEST)).toBe("already-present");
    expect(await download(container, blobName)).toBe("first");
    const properties = await container.getBlobClient(blobName).getProperties();
    expect(properties.contentType).toBe("application/zip");
    expect(properties.metadata).toEqual({ digest: `sha256_${"c".repeat(64)}` });
  });

  it("never overwrites a blob that is there (content-addressed: a rollback or a revert reuses it)", async () => {
    const container = await freshContainer();
    const blobName = packageBlobName(DIGEST);
    await container.getBlockBlobClient(blobName).upload("kept", 4);
    expect(await ensurePackage(container, blobName, zip("other bytes"), DIGEST)).toBe("already-present");
    expect(await download(container, blobName)).toBe("kept");
  });

  it("needs no local zip when the container holds the package (rollback on another machine)", async () => {
    const container = await freshContainer();
    const blobName = packageBlobName(DIGEST);
    await container.getBlockBlobClient(blobName).upload("kept", 4);
    expect(await ensurePackage(container, blobName, undefined, DIGEST)).toBe("already-present");
  });

  it("says which package, container and path when it has neither the blob nor the zip", async () => {
    const container = await freshContainer();
    await expect(ensurePackage(container, packageBlobName(DIGEST), "/nowhere/x.zip", DIGEST)).rejects.toThrow(
      new RegExp(`package ${DIGEST} is not in .*deployments-\\d+ \\(blob releases/sha256-c{64}/released-package\\.zip\\) and not on this machine \\(packagePath "/nowhere/x\\.zip"\\)`),
    );
    await expect(ensurePackage(container, packageBlobName(DIGEST), undefined, DIGEST)).rejects.toBeInstanceOf(PackageDeploymentError);
  });

  it("two uploads of the same digest at once both succeed, and one of them wrote it", async () => {
    const container = await freshContainer();
    const blobName = packageBlobName(DIGEST);
    const outcomes = await Promise.all([ensurePackage(container, blobName, zip("same"), DIGEST), ensurePackage(container, blobName, zip("same"), DIGEST)]);
    expect(outcomes).toContain("uploaded");
    expect(await download(container, blobName)).toBe("same");
  });
});

/** ARM: listKeys answers Azurite's key; onedeploy follows `script`; operations succeed. */
async function fakeArm(script: (attempt: number, body: { properties: { packageUri: string } }) => ArmAnswer) {
  let attempts = 0;
  return startArmRecorder((request) => {
    if (request.method === "POST" && request.url.includes("/listKeys")) return listKeysAnswer(AZURITE_KEY);
    if (request.method === "PUT" && request.url.includes("/extensions/onedeploy")) return script(++attempts, JSON.parse(request.body));
    if (request.method === "GET" && request.url.startsWith("/operations/")) return { status: 200, body: { status: "Succeeded" } };
    return { status: 404, body: { error: { code: "NotFound", message: `${request.method} ${request.url}` } } };
  });
}

function inputs(container: ContainerClient, packagePath?: string): PackageDeploymentInputs {
  return {
    subscriptionId: "sub-1",
    resourceGroupName: "rg-semantest-dev",
    appName: "semantest-dev-rest-api-1a2b3c4d",
    accountName: AZURITE_ACCOUNT,
    containerUrl: container.url,
    blobName: packageBlobName(DIGEST),
    digest: DIGEST,
    ...(packagePath ? { packagePath } : {}),
  };
}

describe("deployPackage: upload, short-lived SAS, one deploy (Azurite + ARM recorder)", () => {
  it("uploads, hands one deploy a read-only SAS URL that really reads the zip, and retries the storage 403 of a new role", async () => {
    const container = await freshContainer();
    const seen: string[] = [];
    const arm = await fakeArm((attempt, body) => {
      seen.push(body.properties.packageUri);
      // What the SCM site answers while the app's new role assignment propagates.
      if (attempt <= 2) return { status: 400, body: { Message: "BlobUploadFailedException: Status: 403 (This request is not authorized to perform this operation.)" } };
      return { status: 202, headers: { "azure-asyncoperation": `${arm.endpoint}/operations/1` } };
    });
    try {
      const now = new Date();
      const outcome = await deployPackage(inputs(container, zip("the code")), { credential, armEndpoint: arm.endpoint, retryDelayMs: 5, now: () => now });
      expect(outcome).toBe("uploaded");
      expect(arm.requests[0]).toMatchObject({ method: "POST", url: "/subscriptions/sub-1/resourceGroups/rg-semantest-dev/providers/Microsoft.Storage/storageAccounts/devstoreaccount1/listKeys?api-version=2023-05-01", authorization: "Bearer test-token" });
      const puts = arm.requests.filter((r) => r.method === "PUT");
      expect(puts).toHaveLength(3);
      expect(puts[0]!.url).toBe("/subscriptions/sub-1/resourceGroups/rg-semantest-dev/providers/Microsoft.Web/sites/semantest-dev-rest-api-1a2b3c4d/extensions/onedeploy?api-version=2024-04-01");
      expect(JSON.parse(puts[0]!.body)).toEqual({ properties: { packageUri: seen[0], remoteBuild: false } });
      const uri = new URL(seen[2]!);
      expect(uri.pathname).toMatch(/\/deployments-\d+\/releases\/sha256-c{64}\/released-package\.zip$/);
      expect(uri.searchParams.get("sp")).toBe("r");
      const expiry = new Date(uri.searchParams.get("se")!).getTime();
      expect(expiry - now.getTime()).toBeLessThanOrEqual(SAS_LIFETIME_MS);
      expect(expiry).toBeGreaterThan(now.getTime());
      // The SAS URL alone (no key, no token) reads the package, as one deploy will.
      const fetched = await fetch(seen[2]!);
      expect(fetched.status).toBe(200);
      expect(await fetched.text()).toBe("the code");
      // Without the SAS the private blob is refused.
      expect((await fetch(`${uri.origin}${uri.pathname}`)).status).toBeGreaterThanOrEqual(400);
      expect(arm.requests.some((r) => r.method === "GET" && r.url === "/operations/1")).toBe(true);
    } finally {
      await arm.close();
    }
  });

  it("on a package already in the container (rollback, revert), uploads nothing and still deploys it", async () => {
    const container = await freshContainer();
    await container.getBlockBlobClient(packageBlobName(DIGEST)).upload("older code", 10);
    const arm = await fakeArm(() => ({ status: 200, body: { properties: { provisioningState: "Succeeded" } } }));
    try {
      expect(await deployPackage(inputs(container), { credential, armEndpoint: arm.endpoint, retryDelayMs: 5 })).toBe("already-present");
      expect(arm.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
    } finally {
      await arm.close();
    }
  });

  it("gives up after the propagation window with the status and ARM's message, and fails at once on other errors", async () => {
    const container = await freshContainer();
    let clock = 0;
    const refused = await fakeArm(() => ({ status: 403, body: { error: { code: "AuthorizationFailure" } } }));
    try {
      await expect(
        deployPackage(inputs(container, zip("x")), { credential, armEndpoint: refused.endpoint, retryDelayMs: 1, propagationTimeoutMs: 50, now: () => new Date((clock += 20)) }),
      ).rejects.toThrow(/one deploy of sha256:c{64} to Function App semantest-dev-rest-api-1a2b3c4d failed \(403\): .*AuthorizationFailure/);
    } finally {
      await refused.close();
    }
    const broken = await fakeArm(() => ({ status: 400, body: { error: { code: "InvalidPackage", message: "the zip has no host.json" } } }));
    try {
      await expect(deployPackage(inputs(container), { credential, armEndpoint: broken.endpoint, retryDelayMs: 1 })).rejects.toThrow(/failed \(400\): .*the zip has no host\.json/);
      expect(broken.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });
});

describe("the code deployment's identity (pure)", () => {
  it("a change of packagePath alone (another machine, a cache dir) is no change; any identifying key is", () => {
    const base: PackageDeploymentInputs = { subscriptionId: "s", resourceGroupName: "rg", appName: "a", accountName: "acc", containerUrl: "https://acc/c", blobName: "b", digest: DIGEST, packagePath: "/x.zip" };
    fc.assert(
      fc.property(fc.constantFrom(...DEPLOYMENT_KEYS), fc.string(), fc.option(fc.string(), { nil: undefined }), (key, value, packagePath) => {
        expect(changedKeys(base, { ...base, packagePath })).toEqual([]);
        const changed = { ...base, [key]: value };
        expect(changedKeys(base, changed)).toEqual(value === base[key] ? [] : [key]);
      }),
      { seed: 13, numRuns: 200 },
    );
  });

  it("recognises the storage refusals of a propagating role, and only those", () => {
    expect(isPropagationRefusal(403, {})).toBe(true);
    expect(isPropagationRefusal(400, { Message: "BlobUploadFailedException ... Status: 403" })).toBe(true);
    expect(isPropagationRefusal(400, { error: { code: "InvalidPackage" } })).toBe(false);
    expect(isPropagationRefusal(500, "AuthorizationFailure")).toBe(false);
  });

  it("signs the code deployment in as the azure-native provider's principal (ARM_* onto AZURE_*)", () => {
    expect(azureIdentityEnvironment({ ARM_CLIENT_ID: "c", ARM_TENANT_ID: "t", ARM_CLIENT_SECRET: "s" })).toEqual({ AZURE_CLIENT_ID: "c", AZURE_TENANT_ID: "t", AZURE_CLIENT_SECRET: "s" });
    expect(azureIdentityEnvironment({ ARM_CLIENT_ID: "c", AZURE_CLIENT_ID: "mine" })).toEqual({});
  });
});

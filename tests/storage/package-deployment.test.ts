/**
 * The code deployment (components/azure/package-deployment.ts) against a deployment storage account
 * with shared keys off: the official @azure/storage-blob client with an Entra token against Azurite
 * in OAuth mode behind a front that refuses keys as the service does (tests/storage/support/
 * entra-storage.ts), and ARM (sites/extensions onedeploy, long-running operations) played by the
 * recorder on 127.0.0.1.
 */
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { BlobClient, BlobSASPermissions, ContainerClient, generateBlobSASQueryParameters, StorageSharedKeyCredential } from "@azure/storage-blob";
import { packageBlobName } from "../../components/azure/naming";
import {
  CLOCK_SKEW_MS,
  deployPackage,
  ensurePackage,
  isRoleRefusal,
  PackageDeploymentError,
  SAS_LIFETIME_MS,
  serviceUrlOf,
  USER_DELEGATION_SAS_VERSION,
  type PackageDeploymentInputs,
} from "../../components/azure/package-deployment";
import { type ArmAnswer, startArmRecorder } from "../azure/support/arm-recorder";
import { trustTestCertificate } from "../push/support/tls";
import { ACCOUNT, ACCOUNT_KEY, DEPLOYER_OBJECT_ID, deployerCredential, startEntraStorage, TENANT_ID, type EntraStorage } from "./support/entra-storage";

jest.setTimeout(60_000);

const DIGEST = `sha256:${"c".repeat(64)}`;
const BLOB = packageBlobName(DIGEST);

let storage: EntraStorage;
let untrust: () => void;
let dir: string;
beforeAll(async () => {
  untrust = trustTestCertificate();
  storage = await startEntraStorage();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "storage-deployment-"));
}, 30_000);
afterAll(async () => {
  await storage?.stop();
  untrust?.();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  storage.sharedKeyOff = true;
  storage.refuseBearer = 0;
  storage.requests.length = 0;
});

let containers = 0;
async function freshContainer(): Promise<ContainerClient> {
  const container = new ContainerClient(`${storage.blobEndpoint}/deployments-${++containers}`, deployerCredential());
  await container.create();
  return container;
}
function zip(bytes: string): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.zip`);
  fs.writeFileSync(file, bytes);
  return file;
}
function inputs(container: ContainerClient, packagePath?: string): PackageDeploymentInputs {
  return {
    subscriptionId: "sub-1",
    resourceGroupName: "rg-semantest-production",
    appName: "semantest-production-websocket-1a2b3c4d",
    accountName: ACCOUNT,
    containerUrl: container.url,
    blobName: BLOB,
    digest: DIGEST,
    ...(packagePath ? { packagePath } : {}),
  };
}
/** ARM: onedeploy answers with `script`; operations succeed; anything else (listKeys included) is 404. */
async function fakeArm(script: (attempt: number, body: { properties: { packageUri: string } }) => ArmAnswer = () => ({ status: 200, body: { properties: { provisioningState: "Succeeded" } } })) {
  let attempts = 0;
  return startArmRecorder((request) => {
    if (request.method === "PUT" && request.url.includes("/extensions/onedeploy")) return script(++attempts, JSON.parse(request.body));
    if (request.method === "GET" && request.url.startsWith("/operations/")) return { status: 200, body: { status: "Succeeded" } };
    return { status: 404, body: { error: { code: "NotFound", message: `${request.method} ${request.url}` } } };
  });
}
/** A plain HTTPS GET, as one deploy's fetch of `packageUri` (no SDK, no credential). */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https.get(url, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    }).on("error", reject);
  });
}

describe("deployPackage with shared keys off: Entra upload, user delegation SAS, one deploy", () => {
  it("uploads with the deploying identity's token, never a key, and asks ARM for no key (no listKeys)", async () => {
    const container = await freshContainer();
    storage.requests.length = 0;
    const credential = deployerCredential();
    const arm = await fakeArm();
    try {
      expect(await deployPackage(inputs(container, zip("the code")), { credential, armEndpoint: arm.endpoint, retryDelayMs: 5 })).toBe("uploaded");
      // The old path began with POST .../listKeys (404 here, so it failed at once).
      expect(arm.requests.map((r) => `${r.method} ${r.url.split("?")[0]}`)).toEqual([`PUT /subscriptions/sub-1/resourceGroups/rg-semantest-production/providers/Microsoft.Web/sites/${inputs(container).appName}/extensions/onedeploy`]);
      expect(storage.requests.length).toBeGreaterThan(0);
      // Bearer only; the one 404 is the existence check before the upload.
      expect(storage.requests.every((r) => r.auth === "bearer" && (r.status < 400 || (r.method === "HEAD" && r.status === 404)))).toBe(true);
      expect(storage.requests.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining([`PUT ${new URL(container.url).pathname}/${BLOB}`, `POST /${ACCOUNT}/`]));
      expect(credential.scopes).toEqual(expect.arrayContaining(["https://storage.azure.com/.default", `${arm.endpoint}/.default`]));
      const properties = await container.getBlobClient(BLOB).getProperties();
      expect(properties.contentType).toBe("application/zip");
      expect(properties.metadata).toEqual({ digest: `sha256_${"c".repeat(64)}` });
    } finally {
      await arm.close();
    }
  });

  it("hands one deploy a read-only, HTTPS-only, blob-scoped user delegation SAS that fetches the zip with shared keys off", async () => {
    const container = await freshContainer();
    const arm = await fakeArm();
    const now = new Date();
    try {
      await deployPackage(inputs(container, zip("the code")), { credential: deployerCredential(), armEndpoint: arm.endpoint, retryDelayMs: 5, now: () => now });
      const packageUri = (JSON.parse(arm.requests[0]!.body) as { properties: { packageUri: string; remoteBuild: boolean } }).properties.packageUri;
      const uri = new URL(packageUri);
      expect(`${uri.origin}${uri.pathname}`).toBe(`${container.url}/${BLOB}`);
      const q = uri.searchParams;
      // User delegation: signed for the deploying identity's object id and tenant, by the Blob service's key.
      expect({ skoid: q.get("skoid"), sktid: q.get("sktid"), sks: q.get("sks"), sr: q.get("sr"), sp: q.get("sp"), spr: q.get("spr") }).toEqual({ skoid: DEPLOYER_OBJECT_ID, sktid: TENANT_ID, sks: "b", sr: "b", sp: "r", spr: "https" });
      expect(new Date(q.get("se")!).getTime() - now.getTime()).toBeLessThanOrEqual(SAS_LIFETIME_MS);
      // Times are signed to the second.
      expect(now.getTime() - new Date(q.get("st")!).getTime()).toBeLessThanOrEqual(CLOCK_SKEW_MS + 1_000);
      expect(q.get("sv")).toBe(USER_DELEGATION_SAS_VERSION);
      expect(new Date(q.get("ske")!).getTime()).toBeLessThanOrEqual(now.getTime() + SAS_LIFETIME_MS);
      storage.requests.length = 0;
      // What one deploy does: a plain GET of the URL. And the SDK with no credential.
      expect(await get(packageUri)).toEqual({ status: 200, body: "the code" });
      expect((await new BlobClient(packageUri).downloadToBuffer()).toString()).toBe("the code");
      expect(storage.requests.length).toBeGreaterThanOrEqual(2);
      expect(storage.requests.every((r) => r.auth === "user-delegation-sas" && r.status >= 200 && r.status < 300)).toBe(true);
      // Read only, this blob only.
      const other = container.getBlockBlobClient("releases/other.zip");
      await other.upload("other", 5);
      expect((await get(`${other.url}?${q.toString()}`)).status).toBe(403);
      await expect(new BlobClient(packageUri).deleteIfExists()).rejects.toMatchObject({ statusCode: 403 });
      expect((await get(`${uri.origin}${uri.pathname}`)).status).toBeGreaterThanOrEqual(400);
    } finally {
      await arm.close();
    }
  });

  it("on a package already in the container (rollback, revert), uploads nothing and still deploys it", async () => {
    const container = await freshContainer();
    await container.getBlockBlobClient(BLOB).upload("older code", 10);
    const arm = await fakeArm();
    try {
      expect(await deployPackage(inputs(container), { credential: deployerCredential(), armEndpoint: arm.endpoint, retryDelayMs: 5 })).toBe("already-present");
      const uri = (JSON.parse(arm.requests[0]!.body) as { properties: { packageUri: string } }).properties.packageUri;
      expect((await get(uri)).body).toBe("older code");
    } finally {
      await arm.close();
    }
  });

  it("retries the 403 AuthorizationPermissionMismatch of the deploying identity's fresh role, then deploys", async () => {
    const container = await freshContainer();
    storage.requests.length = 0;
    storage.refuseBearer = 3;
    const arm = await fakeArm();
    let clock = 0;
    try {
      const outcome = await deployPackage(inputs(container, zip("late role")), { credential: deployerCredential(), armEndpoint: arm.endpoint, retryDelayMs: 1, propagationTimeoutMs: 1_000, now: () => new Date(Date.UTC(2026, 10, 30) + (clock += 10)) });
      expect(outcome).toBe("uploaded");
      expect(storage.requests.filter((r) => r.errorCode === "AuthorizationPermissionMismatch")).toHaveLength(3);
      expect((await container.getBlobClient(BLOB).downloadToBuffer()).toString()).toBe("late role");
    } finally {
      await arm.close();
    }
  });

  it("gives up after the propagation window naming the account and the role, and never falls back to a key", async () => {
    const container = await freshContainer();
    storage.requests.length = 0;
    storage.refuseBearer = 1_000;
    const arm = await fakeArm();
    let clock = 0;
    try {
      await expect(
        deployPackage(inputs(container, zip("x")), { credential: deployerCredential(), armEndpoint: arm.endpoint, retryDelayMs: 1, propagationTimeoutMs: 50, now: () => new Date((clock += 20)) }),
      ).rejects.toThrow(new RegExp(`uploading package ${DIGEST} on storage account ${ACCOUNT} was refused \\(403 AuthorizationPermissionMismatch\\) .*Storage Blob Data Contributor`));
      expect(storage.requests.every((r) => r.auth === "bearer")).toBe(true);
      expect(arm.requests).toHaveLength(0);
    } finally {
      storage.refuseBearer = 0;
      await arm.close();
    }
  });

  it("retries one deploy's storage 403 while the app's role propagates, and fails at once on other errors", async () => {
    const container = await freshContainer();
    const arm = await fakeArm((attempt) =>
      attempt <= 2
        ? { status: 400, body: { Message: "BlobUploadFailedException: Status: 403 (This request is not authorized to perform this operation.)" } }
        : { status: 202, headers: { "azure-asyncoperation": `${arm.endpoint}/operations/1` } },
    );
    try {
      await deployPackage(inputs(container, zip("y")), { credential: deployerCredential(), armEndpoint: arm.endpoint, retryDelayMs: 5 });
      expect(arm.requests.filter((r) => r.method === "PUT")).toHaveLength(3);
      expect(arm.requests.some((r) => r.method === "GET" && r.url === "/operations/1")).toBe(true);
    } finally {
      await arm.close();
    }
    const broken = await fakeArm(() => ({ status: 400, body: { error: { code: "InvalidPackage", message: "the zip has no host.json" } } }));
    try {
      await expect(deployPackage(inputs(container), { credential: deployerCredential(), armEndpoint: broken.endpoint, retryDelayMs: 1 })).rejects.toThrow(/failed \(400\): .*the zip has no host\.json/);
      expect(broken.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });
});

describe("what an account with shared keys off refuses (the old path)", () => {
  it("refuses the account key and a service SAS signed with it (what the old path used); Azurite alone takes both", async () => {
    const container = await freshContainer();
    await container.getBlockBlobClient(BLOB).upload("zip", 3);
    const keyed = new ContainerClient(container.url, new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY));
    await expect(keyed.getBlockBlobClient("releases/new.zip").upload("zip", 3)).rejects.toMatchObject({ statusCode: 403, code: "KeyBasedAuthenticationNotPermitted" });
    // What the code deployment used to hand one deploy: a service SAS signed with the key.
    const serviceSas = generateBlobSASQueryParameters(
      { containerName: container.containerName, blobName: BLOB, permissions: BlobSASPermissions.parse("r"), expiresOn: new Date(Date.now() + 600_000) },
      new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY),
    );
    expect((await get(`${container.url}/${BLOB}?${serviceSas}`)).status).toBe(403);
    // Azurite alone takes both: the refusal is the account setting's, not the emulator's.
    const direct = `${storage.azuriteEndpoint}/${container.containerName}/${BLOB}?${serviceSas}`;
    expect((await get(direct)).status).toBe(200);
  });
});

describe("ensurePackage (Entra token)", () => {
  it("never overwrites a blob that is there, needs no local zip then, and names package, container and path when it has neither", async () => {
    const container = await freshContainer();
    await container.getBlockBlobClient(BLOB).upload("kept", 4);
    expect(await ensurePackage(container, BLOB, zip("other bytes"), DIGEST)).toBe("already-present");
    expect(await ensurePackage(container, BLOB, undefined, DIGEST)).toBe("already-present");
    expect((await container.getBlobClient(BLOB).downloadToBuffer()).toString()).toBe("kept");
    const empty = await freshContainer();
    await expect(ensurePackage(empty, BLOB, "/nowhere/x.zip", DIGEST)).rejects.toThrow(
      new RegExp(`package ${DIGEST} is not in .*deployments-\\d+ \\(blob releases/sha256-c{64}/released-package\\.zip\\) and not on this machine \\(packagePath "/nowhere/x\\.zip"\\)`),
    );
    await expect(ensurePackage(empty, BLOB, undefined, DIGEST)).rejects.toBeInstanceOf(PackageDeploymentError);
  });

  it("two uploads of the same digest at once both succeed, and one of them wrote it", async () => {
    const container = await freshContainer();
    const outcomes = await Promise.all([ensurePackage(container, BLOB, zip("same"), DIGEST), ensurePackage(container, BLOB, zip("same"), DIGEST)]);
    expect(outcomes).toContain("uploaded");
    expect((await container.getBlobClient(BLOB).downloadToBuffer()).toString()).toBe("same");
  });
});

describe("pure helpers", () => {
  it("finds the service URL of any container URL (public cloud and path-style emulator)", () => {
    expect(serviceUrlOf("https://stpkgprod1a2b3c4d.blob.core.windows.net/websocket-deployments")).toBe("https://stpkgprod1a2b3c4d.blob.core.windows.net");
    expect(serviceUrlOf("https://127.0.0.1:10000/devstoreaccount1/rest-api-deployments/")).toBe("https://127.0.0.1:10000/devstoreaccount1");
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{3,24}$/), fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{1,30}[a-z0-9])$/), (account, name) => {
        expect(serviceUrlOf(`https://${account}.blob.core.windows.net/${name}`)).toBe(`https://${account}.blob.core.windows.net`);
      }),
      { seed: 22, numRuns: 100 },
    );
  });

  it("retries only a missing data role's refusal", () => {
    expect(isRoleRefusal({ statusCode: 403, code: "AuthorizationPermissionMismatch" })).toBe(true);
    expect(isRoleRefusal({ statusCode: 403, details: { errorCode: "AuthorizationPermissionMismatch" } })).toBe(true);
    expect(isRoleRefusal({ statusCode: 403, code: "KeyBasedAuthenticationNotPermitted" })).toBe(false);
    expect(isRoleRefusal({ statusCode: 403, code: "AuthorizationFailure" })).toBe(false);
    expect(isRoleRefusal({ statusCode: 404, code: "AuthorizationPermissionMismatch" })).toBe(false);
    expect(isRoleRefusal(undefined)).toBe(false);
  });
});

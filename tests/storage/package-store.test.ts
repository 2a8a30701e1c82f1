/**
 * The rollback preflight's Azure check (components/azure/package-store.ts) with the operator's
 * Entra token against a deployment storage account with shared keys off (Azurite in OAuth mode
 * behind the keys-off front, tests/storage/support/entra-storage.ts). No ARM call, no key.
 */
import { ContainerClient } from "@azure/storage-blob";
import { CloudArtifactStore } from "../../adapters/artifact-store/cloud";
import { packageBlobName } from "../../components/azure/naming";
import { packageExists } from "../../components/azure/package-store";
import { trustTestCertificate } from "../push/support/tls";
import { deployerCredential, startEntraStorage, type EntraStorage } from "./support/entra-storage";

const HELD_DIGEST = `sha256:${"d".repeat(64)}`;
const HELD = packageBlobName(HELD_DIGEST);
const GONE = packageBlobName(`sha256:${"e".repeat(64)}`);

let storage: EntraStorage;
let untrust: () => void;
let containerUrl: string;
beforeAll(async () => {
  untrust = trustTestCertificate();
  storage = await startEntraStorage();
  const container = new ContainerClient(`${storage.blobEndpoint}/websocket-deployments`, deployerCredential());
  await container.create();
  await container.getBlockBlobClient(HELD).upload("zip", 3);
  containerUrl = container.url;
}, 30_000);
afterAll(async () => {
  await storage?.stop();
  untrust?.();
});
beforeEach(() => {
  storage.requests.length = 0;
  storage.refuseBearer = 0;
});

describe("packageExists (the operator's Entra token, shared keys off)", () => {
  it("answers per blob with a bearer token only", async () => {
    expect(await packageExists({ containerUrl, blobName: HELD, credential: deployerCredential() })).toBe(true);
    expect(await packageExists({ containerUrl, blobName: GONE, credential: deployerCredential() })).toBe(false);
    expect(storage.requests.map((r) => `${r.auth} ${r.method} ${r.status}`)).toEqual(["bearer HEAD 200", "bearer HEAD 404"]);
  });

  it("says which role on which account an operator without a data role needs, instead of a bare 403", async () => {
    storage.refuseBearer = 1;
    await expect(packageExists({ containerUrl, blobName: HELD, credential: deployerCredential() })).rejects.toThrow(
      /reading https:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/websocket-deployments was refused \(403 AuthorizationPermissionMismatch\): .*storage account devstoreaccount1; grant it Storage Blob Data Reader/,
    );
  });

  it("rejects a container URL that names no account", async () => {
    await expect(packageExists({ containerUrl: "https://127.0.0.1:1/", blobName: HELD, credential: deployerCredential() })).rejects.toThrow(/names no storage account/);
  });

  it("is what the CLI's artifact store asks on Azure (rollback's preflight), with a token", async () => {
    const store = new CloudArtifactStore({ azure: { containers: { websocket: containerUrl } } }, { azureCredential: deployerCredential() });
    expect(await store.exists({ kind: "websocket", provider: "azure", digest: HELD_DIGEST })).toBe(true);
    expect(storage.requests.every((r) => r.auth === "bearer")).toBe(true);
  });
});

/**
 * The rollback preflight's Azure check (components/azure/package-store.ts) through the control
 * plane only: ARM (recorder on 127.0.0.1) finds the account and its key, Azurite holds the blobs.
 * No storage data role is involved, so Owner/Contributor suffice.
 */
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { packageBlobName } from "../../components/azure/naming";
import { packageExists } from "../../components/azure/package-store";
import { listKeysAnswer, startArmRecorder, type ArmRecorder } from "./support/arm-recorder";
import { AZURITE_ACCOUNT, AZURITE_KEY, startAzurite, type Azurite } from "./support/azurite";

const credential = { getToken: async () => ({ token: "operator-token", expiresOnTimestamp: Date.now() + 3_600_000 }) };
const HELD = packageBlobName(`sha256:${"d".repeat(64)}`);
const GONE = packageBlobName(`sha256:${"e".repeat(64)}`);
const ACCOUNT_ID = `/subscriptions/sub-2/resourceGroups/rg-semantest-production/providers/Microsoft.Storage/storageAccounts/${AZURITE_ACCOUNT}`;

let azurite: Azurite;
let arm: ArmRecorder;
let containerUrl: string;
beforeAll(async () => {
  azurite = await startAzurite();
  const container = new ContainerClient(`${azurite.blobEndpoint}/websocket-deployments`, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
  await container.create();
  await container.getBlockBlobClient(HELD).upload("zip", 3);
  containerUrl = container.url;
  arm = await startArmRecorder((request) => {
    if (request.url.startsWith("/subscriptions?")) return { status: 200, body: { value: [{ subscriptionId: "sub-1" }, { subscriptionId: "sub-2" }] } };
    if (request.url.startsWith("/subscriptions/sub-1/providers/Microsoft.Storage/storageAccounts?")) return { status: 200, body: { value: [{ id: "/subscriptions/sub-1/resourceGroups/other/providers/Microsoft.Storage/storageAccounts/someoneelse", name: "someoneelse" }] } };
    if (request.url.startsWith("/subscriptions/sub-2/providers/Microsoft.Storage/storageAccounts?")) return { status: 200, body: { value: [{ id: ACCOUNT_ID, name: AZURITE_ACCOUNT }] } };
    if (request.method === "POST" && request.url.startsWith(`${ACCOUNT_ID}/listKeys?`)) return listKeysAnswer(AZURITE_KEY);
    return { status: 404, body: { error: { code: "NotFound" } } };
  });
}, 30_000);
afterAll(async () => {
  await arm?.close();
  await azurite?.stop();
});

describe("packageExists (control plane: listKeys, no data role)", () => {
  it("finds the account in the subscription the environment names, and answers per blob", async () => {
    const env = { ARM_SUBSCRIPTION_ID: "sub-2" };
    expect(await packageExists({ containerUrl, blobName: HELD, credential, armEndpoint: arm.endpoint }, env)).toBe(true);
    expect(await packageExists({ containerUrl, blobName: GONE, credential, armEndpoint: arm.endpoint }, env)).toBe(false);
    expect(arm.requests.every((r) => r.authorization === "Bearer operator-token")).toBe(true);
    expect(arm.requests.some((r) => r.method === "POST" && r.url.startsWith(`${ACCOUNT_ID}/listKeys`))).toBe(true);
  });

  it("searches every visible subscription when none is named", async () => {
    expect(await packageExists({ containerUrl, blobName: HELD, credential, armEndpoint: arm.endpoint }, {})).toBe(true);
  });

  it("says which account it could not find and how to point it at the right subscription", async () => {
    const elsewhere = containerUrl.replace(`/${AZURITE_ACCOUNT}/`, "/stpkgmissing1234/");
    await expect(packageExists({ containerUrl: elsewhere, blobName: HELD, credential, armEndpoint: arm.endpoint }, { ARM_SUBSCRIPTION_ID: "sub-1" })).rejects.toThrow(
      /no storage account named stpkgmissing1234 in subscription\(s\) sub-1; set ARM_SUBSCRIPTION_ID/,
    );
  });
});

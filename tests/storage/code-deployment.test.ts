/** The code deployment's identity and sign-in (components/azure/code-deployment.ts), pure. */
import fc from "fast-check";
import { azureIdentityEnvironment, changedKeys, DEPLOYMENT_KEYS } from "../../components/azure/code-deployment";
import { isPropagationRefusal, type PackageDeploymentInputs } from "../../components/azure/package-deployment";

const DIGEST = `sha256:${"c".repeat(64)}`;

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

  it("recognises one deploy's storage refusals of a propagating role, and only those", () => {
    expect(isPropagationRefusal(403, {})).toBe(true);
    expect(isPropagationRefusal(400, { Message: "BlobUploadFailedException ... Status: 403" })).toBe(true);
    expect(isPropagationRefusal(400, { error: { code: "InvalidPackage" } })).toBe(false);
    expect(isPropagationRefusal(500, "AuthorizationFailure")).toBe(false);
  });

  it("signs the code deployment in as the azure-native provider's principal (ARM_* onto AZURE_*), for ARM and the Blob service alike", () => {
    expect(azureIdentityEnvironment({ ARM_CLIENT_ID: "c", ARM_TENANT_ID: "t", ARM_CLIENT_SECRET: "s" })).toEqual({ AZURE_CLIENT_ID: "c", AZURE_TENANT_ID: "t", AZURE_CLIENT_SECRET: "s" });
    expect(azureIdentityEnvironment({ ARM_CLIENT_ID: "c", AZURE_CLIENT_ID: "mine" })).toEqual({});
  });
});

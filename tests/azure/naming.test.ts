import fc from "fast-check";
import { containerName, digestHex, globalName, packageBlobName, roleDefinitionId, shortHash, SITE_NAME_MAX, storageAccountName } from "../../components/azure/naming";
import { eventHandlerUrl, skuFor } from "../../components/azure/websocket";
import { oneDeployTemplate } from "../../components/azure/function-app";

describe("Azure naming (pure)", () => {
  it("always makes a valid storage account name: 3-24 lowercase letters and digits, ending in the hash", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (role, stack) => {
        const hash = shortHash("sub", "project", stack);
        const name = storageAccountName(role, stack, hash);
        expect(name).toMatch(/^[a-z0-9]{3,24}$/);
        expect(name.endsWith(hash)).toBe(true);
      }),
    );
  });

  it("always makes a DNS-safe global name within the limit, ending in the hash", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (project, stack, role) => {
        const hash = shortHash(project, stack);
        const name = globalName(project, stack, role, hash);
        expect(name.length).toBeLessThanOrEqual(SITE_NAME_MAX);
        expect(name).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$|^-?[0-9a-f]{8}$/);
        expect(name.endsWith(hash)).toBe(true);
      }),
    );
    expect(globalName("semantest-infrastructure", "production", "rest-api", "1a2b3c4d")).toBe("semantest-production-rest-api-1a2b3c4d");
  });

  it("gives the same names for the same subscription, project and stack, and different ones otherwise", () => {
    expect(shortHash("s1", "p", "dev")).toBe(shortHash("s1", "p", "dev"));
    expect(shortHash("s1", "p", "dev")).not.toBe(shortHash("s2", "p", "dev"));
  });

  it("names a package blob by its digest and refuses anything that is not a sha256 digest", () => {
    expect(packageBlobName(`sha256:${"0f".repeat(32)}`)).toBe(`releases/sha256-${"0f".repeat(32)}/released-package.zip`);
    for (const bad of ["sha256:abc", `md5:${"a".repeat(64)}`, `sha256:${"A".repeat(64)}`, `sha256:${"a".repeat(64)}/../x`]) {
      expect(() => digestHex(bad)).toThrow(/is not "sha256:" followed by 64 lowercase hex/);
    }
  });

  it("builds role definition ids, container names, SKUs and the event handler URL", () => {
    expect(roleDefinitionId("sub-1", "storageBlobDataOwner")).toBe("/subscriptions/sub-1/providers/Microsoft.Authorization/roleDefinitions/b7e6dc6d-f1e8-4753-8033-0f276bb0955b");
    expect(containerName("rest-api", "deployments")).toBe("rest-api-deployments");
    expect(skuFor("Premium_P1")).toEqual({ name: "Premium_P1", tier: "Premium", capacity: 1 });
    expect(eventHandlerUrl("x.azurewebsites.net")).toBe("https://x.azurewebsites.net/webpubsub/events");
    expect(oneDeployTemplate("app", "https://a/b.zip")).toMatchObject({ resources: [{ name: "app/onedeploy", properties: { packageUri: "https://a/b.zip", remoteBuild: false } }] });
  });
});

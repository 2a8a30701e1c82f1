import fc from "fast-check";
import { containerName, digestHex, globalName, HOST_ID, hostId, monitoringName, packageBlobName, roleDefinitionId, shortHash, SITE_NAME_MAX, storageAccountName, WORKSPACE_NAME } from "../../components/azure/naming";
import { eventHandlerUrl, skuFor } from "../../components/azure/websocket";

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
  });

  it("names the Log Analytics workspace validly for any stack name (prod_eu was refused before)", () => {
    expect(monitoringName("log", "semantest-infrastructure", "prod_eu", "1a2b3c4d")).toBe("log-semantest-prod-eu-1a2b3c4d");
    // Unchanged for stack names that were already valid: no replacement of existing workspaces.
    expect(monitoringName("log", "semantest-infrastructure", "dev", "1a2b3c4d")).toBe("log-semantest-dev-1a2b3c4d");
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (stack) => {
        expect(monitoringName("log", "semantest-infrastructure", stack, shortHash(stack))).toMatch(WORKSPACE_NAME.pattern);
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it("gives every app its own valid host id, even when app names share their first 32 characters", () => {
    const rest = "semantest-production-westeurope-rest-api-1a2b3c4d";
    const ws = "semantest-production-westeurope-websocket-1a2b3c4d";
    expect(rest.slice(0, 32)).toBe(ws.slice(0, 32)); // the host's default id collides
    expect(hostId(rest)).not.toBe(hostId(ws));
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 2, maxLength: 6 }), (names) => {
        for (const name of names) expect(hostId(name)).toMatch(HOST_ID.pattern);
        expect(new Set(names.map(hostId)).size).toBe(names.length);
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});

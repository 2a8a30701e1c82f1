import { azureFtpsDisabled, azureFunctionAppManagedIdentity, azureHttpsOnly, azureMinimumTls, tlsRank } from "../../policy/azure/app-service";
import { azureStorageNoPublicBlobAccess } from "../../policy/azure/storage";
import { webPubSubAnonymousConnectDenied } from "../../policy/azure/web-pubsub";
import { check, fake, messages } from "./support";

const WEB_APP = "azure-native:web:WebApp";
const STORAGE = "azure-native:storage:StorageAccount";

/** A Flex Consumption Function App as components/azure declares it. */
function functionApp(overrides: Record<string, unknown> = {}, siteConfig: Record<string, unknown> = {}) {
  return fake(WEB_APP, "websocket-app", {
    kind: "functionapp,linux",
    resourceGroupName: "rg",
    httpsOnly: true,
    identity: { type: "SystemAssigned" },
    functionAppConfig: { runtime: { name: "node", version: "22" } },
    siteConfig: { minTlsVersion: "1.2", scmMinTlsVersion: "1.2", ...siteConfig },
    ...overrides,
  }, { stack: "production" });
}
const storage = (props: Record<string, unknown> = {}) =>
  fake(STORAGE, "azure-platform-host-storage", { kind: "StorageV2", sku: { name: "Standard_LRS" }, allowBlobPublicAccess: false, enableHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2", ...props }, { stack: "production" });

describe("azure-https-only", () => {
  const policy = azureHttpsOnly();
  it("accepts an HTTPS-only app and storage account", async () => {
    expect(await check(policy, [functionApp(), storage()])).toEqual([]);
  });
  it("refuses httpsOnly false or missing, and storage allowing HTTP", async () => {
    const found = messages(await check(policy, [functionApp({ httpsOnly: false }), functionApp({ httpsOnly: undefined }), storage({ enableHttpsTrafficOnly: false })]));
    expect(found).toEqual([
      expect.stringMatching(/App 'websocket-app' \(urn:pulumi:production::.*\) does not set httpsOnly: true \(it is false\)/),
      expect.stringContaining("(it is missing)"),
      expect.stringMatching(/Storage account 'azure-platform-host-storage'.*enableHttpsTrafficOnly: false/),
    ]);
  });
  it("is advisory under an advisory config", async () => {
    expect((await check(policy, [functionApp({ httpsOnly: false })], { config: { all: "advisory" } }))[0]!.level).toBe("advisory");
  });
});

describe("azure-tls-1-2-minimum", () => {
  const policy = azureMinimumTls();
  it("ranks both spellings", () => {
    expect(tlsRank("1.2")).toBe(tlsRank("TLS1_2"));
    expect(tlsRank("1.3")).toBeGreaterThan(tlsRank("1.2"));
    expect(tlsRank(undefined)).toBe(-1);
  });
  it("accepts 1.2 and 1.3", async () => {
    expect(await check(policy, [functionApp({}, { minTlsVersion: "1.3" }), storage()])).toEqual([]);
  });
  it("refuses 1.0/1.1, a missing minTlsVersion and old SCM TLS", async () => {
    const found = messages(await check(policy, [functionApp({}, { minTlsVersion: "1.0" }), functionApp({}, { minTlsVersion: undefined, scmMinTlsVersion: "1.1" }), storage({ minimumTlsVersion: "TLS1_1" }), storage({ minimumTlsVersion: undefined })]));
    expect(found).toHaveLength(5);
    expect(found[0]).toContain("minTlsVersion '1.0'");
    expect(found[1]).toContain("minTlsVersion '(missing)'");
    expect(found[2]).toContain("scmMinTlsVersion '1.1'");
    expect(found[3]).toMatch(/Storage account 'azure-platform-host-storage'.*'TLS1_1'/);
  });
  it("is disabled by config", async () => {
    expect(await check(policy, [storage({ minimumTlsVersion: "TLS1_0" })], { config: { "azure-tls-1-2-minimum": { enforcementLevel: "disabled" } } })).toEqual([]);
  });
});

describe("azure-ftps-disabled", () => {
  const policy = azureFtpsDisabled();
  /** An App Service app that is not Flex Consumption (no functionAppConfig): FTP exists there. */
  const classicApp = (ftpsState?: string) => functionApp({ functionAppConfig: undefined }, { ftpsState });
  it("accepts Disabled on a classic app, and no ftpsState on Flex Consumption (which has no FTP)", async () => {
    expect(await check(policy, [classicApp("Disabled"), functionApp()])).toEqual([]);
  });
  it("refuses FtpsOnly, AllAllowed and missing on a classic app", async () => {
    for (const state of ["FtpsOnly", "AllAllowed", undefined]) {
      const found = messages(await check(policy, [classicApp(state)]));
      expect(found).toEqual([expect.stringContaining(`'websocket-app'`)]);
    }
  });
  it("refuses any ftpsState on Flex Consumption, Disabled included: ARM refuses the property (51021)", async () => {
    for (const state of ["Disabled", "AllAllowed"]) {
      expect(messages(await check(policy, [functionApp({}, { ftpsState: state })]))).toEqual([expect.stringMatching(/Flex Consumption app 'websocket-app'.*ftpsState.*51021/)]);
    }
  });
  it("ignores other resource types", async () => expect(await check(policy, [storage()])).toEqual([]));
  it("is advisory by config", async () => {
    expect((await check(policy, [functionApp({}, { ftpsState: "AllAllowed" })], { config: { "azure-ftps-disabled": "advisory" } }))[0]!.level).toBe("advisory");
  });
});

describe("azure-storage-no-public-blob-access", () => {
  const policy = azureStorageNoPublicBlobAccess();
  const container = (publicAccess?: string) => fake("azure-native:storage:BlobContainer", "artifacts", { accountName: "a", resourceGroupName: "rg", ...(publicAccess ? { publicAccess } : {}) });
  it("accepts a private account and containers with None or no publicAccess", async () => {
    expect(await check(policy, [storage(), container("None"), container()])).toEqual([]);
  });
  it("refuses allowBlobPublicAccess true or missing and public containers", async () => {
    const found = messages(await check(policy, [storage({ allowBlobPublicAccess: true }), storage({ allowBlobPublicAccess: undefined }), container("Blob")]));
    expect(found).toEqual([expect.stringContaining("(it is true)"), expect.stringContaining("(it is missing)"), expect.stringMatching(/Blob container 'artifacts'.*'Blob'/)]);
  });
  it("is disabled by config", async () => {
    expect(await check(policy, [container("Container")], { config: { all: "disabled" } })).toEqual([]);
  });
});

describe("azure-function-app-managed-identity", () => {
  const policy = azureFunctionAppManagedIdentity();
  it("accepts system and user assigned identities", async () => {
    expect(await check(policy, [functionApp(), functionApp({ identity: { type: "UserAssigned" } })])).toEqual([]);
  });
  it("refuses None and a missing identity on Function Apps only", async () => {
    expect(messages(await check(policy, [functionApp({ identity: { type: "None" } })]))[0]).toMatch(/Function App 'websocket-app'.*'None'/);
    expect(messages(await check(policy, [functionApp({ identity: undefined })]))[0]).toContain("'None'");
    expect(await check(policy, [functionApp({ kind: "app,linux", identity: undefined })])).toEqual([]);
  });
  it("is advisory by config", async () => {
    expect((await check(policy, [functionApp({ identity: undefined })], { config: { all: "advisory" } }))[0]!.level).toBe("advisory");
  });
});

describe("azure-web-pubsub-anonymous-connect-denied", () => {
  const policy = webPubSubAnonymousConnectDenied();
  const hub = (properties?: Record<string, unknown>) =>
    fake("azure-native:webpubsub:WebPubSubHub", "websocket-hub", { hubName: "semantest", resourceName: "wps", resourceGroupName: "rg", ...(properties ? { properties } : {}) });
  it("accepts deny with an HTTPS event handler, and the service default when absent", async () => {
    expect(await check(policy, [hub({ anonymousConnectPolicy: "deny", eventHandlers: [{ urlTemplate: "https://app.azurewebsites.net/runtime/webhooks/webpubsub" }] }), hub()])).toEqual([]);
  });
  it("refuses allow and a plain-HTTP handler", async () => {
    const found = messages(await check(policy, [hub({ anonymousConnectPolicy: "allow", eventHandlers: [{ urlTemplate: "http://app/x" }] })]));
    expect(found).toEqual([expect.stringMatching(/hub 'websocket-hub'.*anonymousConnectPolicy 'allow'/), expect.stringContaining("'http://app/x' without HTTPS")]);
  });
  it("is advisory by config", async () => {
    expect((await check(policy, [hub({ anonymousConnectPolicy: "allow" })], { config: { "azure-web-pubsub-anonymous-connect-denied": "advisory" } }))[0]!.level).toBe("advisory");
  });
});

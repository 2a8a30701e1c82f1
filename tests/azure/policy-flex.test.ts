/**
 * The Flex Consumption rules of the policy pack (policy/azure/flex-consumption.ts): compliant,
 * non-compliant, missing property, config override; and the program's own apps pass them.
 */
import { FLEX_REJECTED_SITE_CONFIG } from "../../components/azure/flex-constraints";
import { azureFlexScale, azureFlexSiteConfig } from "../../policy/azure/flex-consumption";
import { check, fake, messages } from "../policy/support";
import { azureConfig, fakeZip, REST_DIGEST, runAzure, WS_DIGEST } from "./support/azure-run";

const flexApp = (siteConfig: Record<string, unknown> = {}, scale: Record<string, unknown> = { instanceMemoryMB: 2048, maximumInstanceCount: 100 }, extra: Record<string, unknown> = {}) =>
  fake("azure-native:web:WebApp", "rest-api-app", {
    kind: "functionapp,linux",
    httpsOnly: true,
    functionAppConfig: { runtime: { name: "node", version: "22" }, scaleAndConcurrency: scale },
    siteConfig: { minTlsVersion: "1.2", ...siteConfig },
    ...extra,
  }, { stack: "production" });

describe("azure-flex-consumption-site-config", () => {
  const policy = azureFlexSiteConfig();
  it("accepts the siteConfig the components send, and an app without siteConfig", async () => {
    expect(await check(policy, [flexApp({ scmMinTlsVersion: "1.2", http20Enabled: true, cors: { allowedOrigins: ["https://a"] } }), flexApp(undefined, undefined, { siteConfig: undefined })])).toEqual([]);
  });
  it("refuses every property ARM refuses on FC1, quoting the app and the source", async () => {
    const refused = Object.keys(FLEX_REJECTED_SITE_CONFIG).filter((p) => p !== "ftpsState"); // ftpsState: azure-ftps-disabled's
    for (const property of refused) {
      const found = messages(await check(policy, [flexApp({ [property]: "x" })]));
      expect(found).toEqual([expect.stringMatching(new RegExp(`Flex Consumption app 'rest-api-app' .*siteConfig\\.${property} .*51021`))]);
      expect(found[0]).toContain(FLEX_REJECTED_SITE_CONFIG[property]!.split(" ")[0]);
    }
    // The SDK's injected default, the case of pulumi-azure-native#4168:
    expect(messages(await check(policy, [flexApp({ netFrameworkVersion: "v4.6" })]))[0]).toContain("netFrameworkVersion");
  });
  it("leaves apps that are not Flex Consumption alone", async () => {
    expect(await check(policy, [flexApp({ netFrameworkVersion: "v4.6" }, undefined, { functionAppConfig: undefined })])).toEqual([]);
  });
  it("is advisory by config", async () => {
    expect((await check(policy, [flexApp({ use32BitWorkerProcess: false })], { config: { "azure-flex-consumption-site-config": "advisory" } }))[0]!.level).toBe("advisory");
  });
});

describe("azure-flex-consumption-scale", () => {
  const policy = azureFlexScale();
  it("accepts 2048 and 4096 MB and 40-1000 instances, and a missing scale block", async () => {
    expect(await check(policy, [flexApp({}, { instanceMemoryMB: 4096, maximumInstanceCount: 40 }), flexApp({}, { instanceMemoryMB: 2048, maximumInstanceCount: 1000 }), flexApp({}, undefined, { functionAppConfig: {} })])).toEqual([]);
  });
  it("refuses 512 MB (documented, refused by ARM) and out-of-range instance counts", async () => {
    expect(messages(await check(policy, [flexApp({}, { instanceMemoryMB: 512 })]))).toEqual([expect.stringMatching(/'rest-api-app'.*instanceMemoryMB 512.*#40898/)]);
    expect(messages(await check(policy, [flexApp({}, { maximumInstanceCount: 39 }), flexApp({}, { maximumInstanceCount: 1001 })]))).toHaveLength(2);
  });
  it("is disabled by config", async () => {
    expect(await check(policy, [flexApp({}, { instanceMemoryMB: 512 })], { config: { "azure-flex-consumption-scale": { enforcementLevel: "disabled" } } })).toEqual([]);
  });
});

describe("the program's Function Apps under mocks pass both rules", () => {
  it("dev with both components on Azure: no violation", async () => {
    const run = await runAzure("dev", azureConfig("dev"), { "rest-api": { digest: REST_DIGEST, path: fakeZip() }, websocket: { digest: WS_DIGEST, path: fakeZip() } });
    const apps = run.all("azure-native:web:WebApp");
    expect(apps).toHaveLength(3); // REST, WebSocket stable and canary (issue 20)
    expect(await check([azureFlexSiteConfig(), azureFlexScale()], apps)).toEqual([]);
  });
});

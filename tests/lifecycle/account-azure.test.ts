/**
 * adapters/account/azure.ts with the real ARM clients (@azure/arm-resources, -authorization,
 * -appservice) against a local HTTPS recorder, and a token credential in @azure/identity's shape.
 */
import { ClientSecretCredential } from "@azure/identity";
import fc from "fast-check";
import { AzureSdkAccountProbe, claim } from "../../adapters/account";
import { AZURE_WORLD, AzureRecorder, credential, OID, startAzureRecorder, TOKEN } from "./recorders/azure-recorder";

describe("AzureSdkAccountProbe (real ARM clients, local HTTPS recorder)", () => {
  let recorder: AzureRecorder;
  let probe: AzureSdkAccountProbe;
  beforeAll(async () => {
    recorder = await startAzureRecorder();
    probe = new AzureSdkAccountProbe({ subscriptionId: AZURE_WORLD.subscriptionId, credential, endpoint: recorder.endpoint, ca: recorder.ca });
  });
  afterAll(() => recorder.close());

  it("reads the principal from the token's oid claim", async () => {
    await expect(probe.token()).resolves.toEqual({ principalId: OID, expiresOn: Date.parse("2030-01-01T00:00:00Z") });
    expect(claim("opaque-token", "oid")).toBeUndefined();
  });

  it("gets its token through @azure/identity's own ClientSecretCredential (the recorder plays Entra ID)", async () => {
    const tenant = "72f988bf-0000-4000-8000-000000000001";
    const real = new ClientSecretCredential(tenant, "app-id", "app-secret", { authorityHost: recorder.endpoint, disableInstanceDiscovery: true, tlsOptions: { ca: recorder.ca } });
    const viaIdentity = new AzureSdkAccountProbe({ subscriptionId: AZURE_WORLD.subscriptionId, credential: real, endpoint: recorder.endpoint, ca: recorder.ca });
    await expect(viaIdentity.token()).resolves.toMatchObject({ principalId: OID });
    const tokenCall = recorder.calls.find((c) => c.path === `/${tenant}/oauth2/v2.0/token`)!;
    expect(tokenCall.query).toMatchObject({ client_id: "app-id", grant_type: "client_credentials", scope: "https://management.azure.com/.default" });
    await expect(viaIdentity.providerRegistrations(["Microsoft.Web"])).resolves.toEqual({ "Microsoft.Web": "Registered" });
  });

  it("property: reading a claim never throws, whatever the token", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (token, name) => expect(["string", "undefined"]).toContain(typeof claim(token, name))), { seed: 1719, numRuns: 300 });
  });

  it("reads each provider's registration state, sending the bearer token", async () => {
    await expect(probe.providerRegistrations(["Microsoft.Web", "Microsoft.App"])).resolves.toEqual({ "Microsoft.Web": "Registered", "Microsoft.App": "NotRegistered" });
    const call = recorder.calls.find((c) => c.path.endsWith("/providers/Microsoft.App"))!;
    expect(call.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call.query["api-version"]).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });

  it("lists the role definitions assigned to the principal with assignedTo()", async () => {
    await expect(probe.roleDefinitionIds(OID)).resolves.toEqual([`/subscriptions/${AZURE_WORLD.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`]);
    expect(recorder.calls.at(-1)!.query.$filter).toBe(`assignedTo('${OID}')`);
  });

  it("asks Microsoft.Web/geoRegions for the FlexConsumption sku, and SignalRService for WebPubSub's regions", async () => {
    await expect(probe.flexConsumptionRegions()).resolves.toEqual(["East US", "West Europe", "North Europe"]);
    expect(recorder.calls.at(-1)!.query.sku).toBe("FlexConsumption");
    await expect(probe.webPubSubRegions()).resolves.toEqual(["East US", "West Europe"]);
  });

  it("reports ARM's error for an unknown namespace, and needs a subscription id", async () => {
    await expect(probe.providerRegistrations(["Microsoft.Nope"])).rejects.toMatchObject({ statusCode: 404 });
    await expect(new AzureSdkAccountProbe({ subscriptionId: undefined, credential }).flexConsumptionRegions()).rejects.toThrow("no Azure subscription id");
  });
});

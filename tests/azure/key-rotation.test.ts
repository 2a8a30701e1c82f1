/**
 * Web PubSub key rotation (runtime/azure/connections.ts, webPubSubAccess): events stay accepted
 * after the primary key is regenerated, and REST calls go as the app's identity on Azure.
 */
import { signature, verifySignature } from "../../runtime/azure/cloud-events";
import { webPubSubAccess } from "../../runtime/azure/connections";
import { startFunctionApp, type FunctionApp } from "./support/functions-host";
import { FakeWebPubSub } from "./support/web-pubsub-fake";

const HUB = "semantest";
const PRIMARY = "Endpoint=https://svc.webpubsub.azure.com;AccessKey=primary-key;Version=1.0;";
const SECONDARY = "Endpoint=https://svc.webpubsub.azure.com;AccessKey=secondary-key;Version=1.0;";

describe("webPubSubAccess (settings -> client and keys)", () => {
  it("knows both keys, so an event signed by the service after either key is regenerated still verifies", () => {
    const access = webPubSubAccess({ WEBPUBSUB_CONNECTION_STRING: PRIMARY, WEBPUBSUB_SECONDARY_CONNECTION_STRING: SECONDARY }, HUB);
    expect(access.accessKeys).toEqual(["primary-key", "secondary-key"]);
    // After "Regenerate primary key": the service signs with the new primary and the secondary.
    const header = `${signature("c1", "new-primary")},${signature("c1", "secondary-key")}`;
    expect(verifySignature(header, "c1", access.accessKeys)).toBe(true);
    // With the primary alone (the app's settings before) the same event was refused.
    expect(verifySignature(header, "c1", ["primary-key"])).toBe(false);
  });

  it("calls the REST API as the app's identity when the Function App names it, with the key otherwise", () => {
    const identity = webPubSubAccess({ WEBPUBSUB_CONNECTION_STRING: PRIMARY, WEBPUBSUB_ENDPOINT: "https://svc.webpubsub.azure.com", AZURE_CLIENT_ID: "00000000-0000-0000-0000-0000000000c1" }, HUB);
    expect(identity.auth).toBe("identity");
    expect(identity.client.endpoint).toBe("https://svc.webpubsub.azure.com");
    expect(identity.client.hubName).toBe(HUB);
    const key = webPubSubAccess({ WEBPUBSUB_CONNECTION_STRING: PRIMARY }, HUB);
    expect(key.auth).toBe("key");
    expect(key.accessKeys).toEqual(["primary-key"]);
  });

  it("names the setting that is missing or malformed", () => {
    expect(() => webPubSubAccess({}, HUB)).toThrow(/WEBPUBSUB_CONNECTION_STRING is not set/);
    expect(() => webPubSubAccess({ WEBPUBSUB_CONNECTION_STRING: PRIMARY, WEBPUBSUB_SECONDARY_CONNECTION_STRING: "nonsense" }, HUB)).toThrow(/not a Web PubSub connection string/);
  });
});

describe("the bundled WebSocket app when the primary key is regenerated", () => {
  let host: FunctionApp;
  let service: FakeWebPubSub;
  beforeAll(async () => {
    service = new FakeWebPubSub(HUB);
    await service.start();
    host = await startFunctionApp("websocket", undefined, {
      WEBPUBSUB_CONNECTION_STRING: service.connectionString,
      WEBPUBSUB_SECONDARY_CONNECTION_STRING: service.secondaryConnectionString,
      WEBPUBSUB_HUB: HUB,
    });
    service.setEventHandler(`${host.url}/webpubsub/events`);
  }, 60_000);
  afterAll(async () => {
    await host?.close();
    await service?.stop();
  });

  it("keeps accepting connects signed after the rotation (the secondary key still matches)", async () => {
    expect((await service.connect("before-rotation")).status).toBe(200);
    service.regeneratePrimaryKey();
    expect((await service.connect("after-rotation")).status).toBe(200);
    // A forged event is still refused: rotation did not turn the check off.
    expect((await service.event("azure.webpubsub.sys.connect", "forged", "{}", "application/json", { "ce-signature": signature("forged", "guess") })).status).toBe(401);
  });
});

/**
 * negotiate on a Web PubSub custom domain (issue 22 follow-up): the SDK's getClientAccessToken
 * builds the client URL from the service endpoint (<name>.webpubsub.azure.com); with a custom
 * domain configured, clients must get wss://<custom domain>/client/hubs/<hub>?access_token=...
 * Under mocks: the WebSocket Function Apps get WEBPUBSUB_CLIENT_HOST when (and only when) the
 * component has a domain. At runtime: the bundled Function App, driven by the stand-in Web PubSub
 * service, answers negotiate with the custom host (the token unchanged).
 */
import { runProgram } from "../support/pulumi-harness";
import { startFunctionApp, type FunctionApp } from "../azure/support/functions-host";
import { ACCESS_KEY, FakeWebPubSub, verifyJwt } from "../azure/support/web-pubsub-fake";
import { productionSplitWithDomains } from "../edge/stacks";

const HUB = "semantest";

/**
 * The WebSocket apps' settings as the mocks receive them: the offline recorder shows a settings map
 * holding a secret (the connection strings) only as "[secret]"; the mocks get the plain values.
 */
const received: Record<string, Record<string, string>> = {};
jest.mock("../../adapters/engine/offline/mocks", () => {
  const actual = jest.requireActual<typeof import("../../adapters/engine/offline/mocks")>("../../adapters/engine/offline/mocks");
  return {
    ...actual,
    mockState: (...args: Parameters<typeof actual.mockState>) => {
      const [resource] = args;
      if (resource.type === "azure-native:web:WebAppApplicationSettings" && resource.name.startsWith("websocket")) {
        // A secret value as Pulumi serializes it: { <secret signature>: ..., value }.
        const properties = resource.inputs.properties as { value?: Record<string, string> } & Record<string, string>;
        received[resource.name] = properties.value ?? properties;
      }
      return actual.mockState(...args);
    },
  };
});

async function webSocketSettings(config: Record<string, unknown>): Promise<Record<string, Record<string, string>>> {
  for (const key of Object.keys(received)) delete received[key];
  await runProgram("production", config);
  return { ...received };
}

describe("WEBPUBSUB_CLIENT_HOST under mocks", () => {
  it("is the custom domain on both WebSocket apps' settings (stable and canary) when the component has one", async () => {
    const apps = await webSocketSettings(productionSplitWithDomains());
    expect(Object.keys(apps).sort()).toEqual(["websocket-canary-settings", "websocket-settings"]);
    for (const properties of Object.values(apps)) {
      expect(properties.WEBPUBSUB_CLIENT_HOST).toBe("ws.extension.semantest.com");
      expect(properties.WEBPUBSUB_HUB).toBeDefined(); // the real map, not a placeholder
    }
  }, 120_000);

  it("is absent without a domain (clients keep the service's default host)", async () => {
    const config = productionSplitWithDomains();
    const components = config["semantest:components"] as Record<string, Record<string, unknown>>;
    const { domain: _dropped, ...websocket } = components.websocket!;
    const apps = await webSocketSettings({ ...config, "semantest:components": { ...components, websocket } });
    expect(Object.keys(apps).length).toBe(2);
    for (const properties of Object.values(apps)) {
      expect(properties.WEBPUBSUB_HUB).toBeDefined();
      expect(properties).not.toHaveProperty("WEBPUBSUB_CLIENT_HOST");
    }
  }, 120_000);
});

describe("negotiate with WEBPUBSUB_CLIENT_HOST (the bundled WebSocket Function App)", () => {
  let host: FunctionApp;
  let service: FakeWebPubSub;
  beforeAll(async () => {
    service = new FakeWebPubSub(HUB);
    await service.start();
    host = await startFunctionApp("websocket", undefined, { WEBPUBSUB_CONNECTION_STRING: service.connectionString, WEBPUBSUB_HUB: HUB, WEBPUBSUB_CLIENT_HOST: "WS.Extension.Semantest.com" });
    service.setEventHandler(`${host.url}/webpubsub/events`);
  }, 120_000);
  afterAll(async () => {
    delete process.env.WEBPUBSUB_CLIENT_HOST;
    await host?.close();
    await service?.stop();
  });

  it("returns wss://<custom domain>/client/hubs/<hub>?access_token=<the service's token>", async () => {
    const response = await fetch(`${host.url}/negotiate?userId=user-1`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { url: string; baseUrl: string; token: string };
    expect(body.baseUrl).toBe(`wss://ws.extension.semantest.com/client/hubs/${HUB}`);
    expect(body.url).toBe(`wss://ws.extension.semantest.com/client/hubs/${HUB}?access_token=${body.token}`);
    expect(body.url).not.toContain(service.host);
    // The token is the service's, as issued: only the host clients dial changes.
    expect(verifyJwt(body.token, ACCESS_KEY)).toMatchObject({ sub: "user-1", aud: `${service.endpoint}/client/hubs/${HUB}` });
  });
});

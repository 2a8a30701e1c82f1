/**
 * The same handlers from source (not bundled), served by the test host: the relay scenario and
 * the failure paths once more, where coverage can see them, plus the app-loading retry.
 */
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { createApp } from "../../app/rest/app";
import { createRelayApp } from "../../app/websocket/relay";
import { createRestHandler } from "../../runtime/azure/rest-handler";
import { createWebSocketHandlers } from "../../runtime/azure/websocket-handler";
import { serveRegistrations } from "./support/functions-host";
import { EXPECTED_SCENARIO_RESULT, runRelayScenario } from "./support/relay-scenario";
import { FakeWebPubSub } from "./support/web-pubsub-fake";

describe("runtime/azure handlers from source", () => {
  beforeEach(() => jest.spyOn(console, "error").mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it("WebSocket: the relay scenario, negotiate, and 405 for other methods", async () => {
    const service = new FakeWebPubSub("semantest");
    await service.start();
    const handlers = createWebSocketHandlers(async () => createRelayApp(), () => ({
      client: new WebPubSubServiceClient(service.connectionString, "semantest", { allowInsecureConnection: true }),
      service: { host: service.host, hub: "semantest", accessKeys: ["dGVzdC1hY2Nlc3Mta2V5LWZvci1zZW1hbnRlc3QtdGVzdHM="] },
    }));
    const host = await serveRegistrations(
      [
        { name: "events", route: "webpubsub/events", methods: ["POST", "OPTIONS", "GET"], authLevel: "anonymous", handler: handlers.events },
        { name: "negotiate", route: "negotiate", methods: ["GET", "POST", "PUT"], authLevel: "anonymous", handler: handlers.negotiate },
      ],
      "",
    );
    service.setEventHandler(`${host.url}/webpubsub/events`);
    try {
      const result = await runRelayScenario({
        connect: async (name) => ((await service.connect(name)).status === 200 ? name : Promise.reject(new Error("refused"))),
        send: async (id, frame) => void (await service.message(id, JSON.stringify(frame))),
        disconnect: async (id) => void (await service.disconnect(id)),
        frames: async (id) => service.framesFor(id),
      });
      expect(result).toEqual(EXPECTED_SCENARIO_RESULT);
      expect((await fetch(`${host.url}/negotiate`, { method: "POST" })).status).toBe(200);
      expect((await fetch(`${host.url}/negotiate`, { method: "PUT" })).status).toBe(405);
      expect((await fetch(`${host.url}/webpubsub/events`)).status).toBe(405);
    } finally {
      await host.close();
      await service.stop();
    }
  });

  it("WebSocket: an app that fails to load answers 500 and is retried on the next event", async () => {
    let attempts = 0;
    const handlers = createWebSocketHandlers(async () => {
      attempts++;
      throw new Error("module failed");
    }, () => ({ client: new WebPubSubServiceClient("Endpoint=http://127.0.0.1:9;AccessKey=a2V5;Version=1.0;", "h", { allowInsecureConnection: true }), service: { host: "x", hub: "h", accessKeys: [] } }));
    const host = await serveRegistrations([{ name: "events", route: "e", methods: ["POST"], authLevel: "anonymous", handler: handlers.events }], "");
    try {
      expect((await fetch(`${host.url}/e`, { method: "POST", body: "{}" })).status).toBe(500);
      expect((await fetch(`${host.url}/e`, { method: "POST", body: "{}" })).status).toBe(500);
      expect(attempts).toBe(2);
    } finally {
      await host.close();
    }
  });

  it("WebSocket: a throwing onConnect answers 500 to the service, and a refusal with a non-error status becomes 403", async () => {
    const service = new FakeWebPubSub("semantest");
    await service.start();
    const handlers = createWebSocketHandlers(
      async () => ({
        onConnect: async (context) => {
          if (context.query.mode === "throw") throw new Error("boom");
          return { accept: false, status: 302, reason: "go away" };
        },
        onMessage: async () => undefined,
        onDisconnect: async () => undefined,
      }),
      () => ({
        client: new WebPubSubServiceClient(service.connectionString, "semantest", { allowInsecureConnection: true }),
        service: { host: service.host, hub: "semantest", accessKeys: ["dGVzdC1hY2Nlc3Mta2V5LWZvci1zZW1hbnRlc3QtdGVzdHM="] },
      }),
    );
    const host = await serveRegistrations([{ name: "events", route: "ev", methods: ["POST", "OPTIONS"], authLevel: "anonymous", handler: handlers.events }], "");
    service.setEventHandler(`${host.url}/ev`);
    try {
      expect((await service.connect("t1", { mode: ["throw"] })).status).toBe(500);
      expect(await service.connect("t2")).toMatchObject({ status: 403, body: "go away" });
    } finally {
      await host.close();
      await service.stop();
    }
  });

  it("REST: the reference app, and a failing app module retried on the next request", async () => {
    let fail = true;
    const handler = createRestHandler(async () => {
      if (fail) {
        fail = false;
        throw new Error("not yet");
      }
      return createApp();
    });
    const host = await serveRegistrations([{ name: "rest", route: "{*path}", methods: ["GET", "POST"], authLevel: "anonymous", handler }], "");
    try {
      expect((await fetch(`${host.url}/health`)).status).toBe(500);
      const health = await fetch(`${host.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok" });
    } finally {
      await host.close();
    }
  });
});

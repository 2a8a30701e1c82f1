/**
 * A connection's messages are all handled by one version, even when an app's code changes under
 * open connections (the end of a release, a rolling update): the WebSocket handler pins each
 * connection to the code version that accepted it (in the connection state, hidden from the app),
 * and an event of a connection pinned to another version closes it with a reconnect reason instead
 * of reaching the app. Driven through the stand-in Web PubSub that speaks the CloudEvents protocol.
 */
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import type { WebSocketApp } from "../../app/websocket/port";
import { decodeConnectionState, encodeConnectionState } from "../../runtime/azure/cloud-events";
import { VERSION_STATE_KEY } from "../../runtime/azure/canary";
import { createWebSocketHandlers } from "../../runtime/azure/websocket-handler";
import { serveRegistrations } from "../azure/support/functions-host";
import { FakeWebPubSub } from "../azure/support/web-pubsub-fake";

const KEY = "dGVzdC1hY2Nlc3Mta2V5LWZvci1zZW1hbnRlc3QtdGVzdHM=";

async function appAt(service: FakeWebPubSub, version: string | undefined, seen: string[]) {
  const app: WebSocketApp = {
    async onConnect(context) {
      await context.state?.set({ name: "alice" });
      return { accept: true };
    },
    async onMessage(context, data) {
      seen.push(`${version}:${data}:${JSON.stringify(await context.state?.get())}`);
    },
    async onDisconnect() {},
  };
  const handlers = createWebSocketHandlers(async () => app, () => ({
    client: new WebPubSubServiceClient(service.connectionString, "semantest", { allowInsecureConnection: true }),
    service: { host: service.host, hub: "semantest", accessKeys: [KEY] },
    ...(version ? { version } : {}),
  }));
  return serveRegistrations([{ name: "events", route: "webpubsub/events", methods: ["POST", "OPTIONS"], authLevel: "anonymous", handler: handlers.events }], "");
}

describe("version pinning in the WebSocket handler", () => {
  let service: FakeWebPubSub;
  beforeEach(async () => {
    service = new FakeWebPubSub("semantest");
    await service.start();
  });
  afterEach(() => service.stop());

  it("pins a connection to the version that accepted it, keeps the pin out of the app's state, and closes it when another version gets its event", async () => {
    const seen: string[] = [];
    const v1 = await appAt(service, "sha256:v1", seen);
    service.setEventHandler(`${v1.url}/webpubsub/events`);
    const connected = await service.connect("c1");
    const state = decodeConnectionState(connected.headers.get("ce-connectionstate"));
    expect(state).toEqual({ name: "alice", [VERSION_STATE_KEY]: "sha256:v1" });
    const carried = { "ce-connectionState": encodeConnectionState(state) };

    expect((await service.event("azure.webpubsub.user.message", "c1", "one", "text/plain", carried)).status).toBe(204);
    expect(seen).toEqual(['sha256:v1:one:{"name":"alice"}']);
    await v1.close();

    // The app's code changed under the open connection (same hub, same URL, another version).
    const v2 = await appAt(service, "sha256:v2", seen);
    service.setEventHandler(`${v2.url}/webpubsub/events`);
    try {
      expect((await service.event("azure.webpubsub.user.message", "c1", "two", "text/plain", carried)).status).toBe(204);
      expect(seen).toHaveLength(1); // v2 never handled a message of a v1 connection
      expect(service.closed).toEqual(["c1"]);
      const close = service.calls.find((c) => c.method === "DELETE" && c.path.endsWith("/connections/c1"));
      expect(close?.query.reason).toEqual(["reconnect: the version serving this connection was replaced"]);
      // A connection v2 accepted is served by v2.
      await service.connect("c2");
      expect((await service.event("azure.webpubsub.user.message", "c2", "three", "text/plain", { "ce-connectionState": encodeConnectionState({ name: "alice", [VERSION_STATE_KEY]: "sha256:v2" }) })).status).toBe(204);
      expect(seen.at(-1)).toBe('sha256:v2:three:{"name":"alice"}');
    } finally {
      await v2.close();
    }
  });

  it("serves connections that carry no pin (opened before pinning existed), and pins nothing without a known version", async () => {
    const seen: string[] = [];
    const unversioned = await appAt(service, undefined, seen);
    service.setEventHandler(`${unversioned.url}/webpubsub/events`);
    try {
      const connected = await service.connect("c3");
      expect(decodeConnectionState(connected.headers.get("ce-connectionstate"))).toEqual({ name: "alice" });
      expect((await service.message("c3", "hi")).status).toBe(204);
      expect(seen).toEqual(['undefined:hi:{}']);
      expect(service.closed).toEqual([]);
    } finally {
      await unversioned.close();
    }
  });
});

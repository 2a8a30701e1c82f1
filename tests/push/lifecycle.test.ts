/**
 * The connection lifecycle on both clouds' bundled WebSocket artifacts, with an app
 * (apps/lifecycle-app.ts) that sets state in onConnect, greets in onConnected, counts messages in
 * the state and reports the close reason: the greeting arrives first, state survives across
 * invocations, the reason reaches onDisconnect, and state is read-only there.
 */
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { connectEvent, disconnectEvent, messageEvent } from "../aws/fixtures";
import { StatefulWebPubSub } from "./support/stateful-web-pubsub";
import { awsWebSocketSide, azureWebSocketSide, HUB, TABLE } from "./support/topologies";

jest.setTimeout(60_000);
const ENTRY = "tests/push/apps/lifecycle-app.ts";

beforeAll(() => {
  jest.spyOn(console, "warn").mockImplementation(() => undefined);
});

describe("API Gateway (bundled Lambda, dynalite, @connections recorder)", () => {
  it("greets before the first reply, once; keeps state across messages; delivers the close reason", async () => {
    const ws = await awsWebSocketSide({}, ENTRY);
    try {
      expect((await ws.handler(connectEvent("conn-a", { name: "alice" }))).statusCode).toBe(200);
      expect((await ws.handler(messageEvent("conn-a", "hello"))).statusCode).toBe(200);
      expect((await ws.handler(messageEvent("conn-a", "again"))).statusCode).toBe(200);
      expect(ws.frames("conn-a")).toEqual([
        { type: "welcome", name: "alice" },
        { type: "echo", data: "hello", messages: 1, name: "alice" },
        { type: "echo", data: "again", messages: 2, name: "alice" },
      ]);

      await ws.handler(connectEvent("conn-b"));
      await ws.handler(messageEvent("conn-b", "join-lobby"));
      expect((await ws.handler(disconnectEvent("conn-a"))).statusCode).toBe(200);
      expect(ws.frames("conn-b")).toEqual([
        { type: "welcome", name: "anonymous" },
        { type: "left", name: "alice", messages: 2, reason: "Going away", code: 1001, writable: false },
      ]);
      // conn-a's registration, state and "greeted" marker are gone; conn-b's remain.
      const items = (await ws.dynamo.client.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
      expect(items.filter((i) => i.sk.S === "conn-a")).toEqual([]);
      expect(items.filter((i) => i.sk.S === "conn-b").map((i) => i.pk.S).sort()).toEqual(["connected", "connections", "topic#lobby"]);
    } finally {
      await ws.close();
    }
  });
});

describe("Web PubSub (bundled Function App, the service fake with connection state)", () => {
  it("greets on the connected event; keeps state in ce-connectionState; delivers the close reason", async () => {
    const service = new StatefulWebPubSub(HUB);
    const ws = await azureWebSocketSide(ENTRY, service);
    try {
      expect((await service.connect("conn-a", { name: ["alice"] })).status).toBe(200);
      expect(service.framesFor("conn-a")).toEqual([{ type: "welcome", name: "alice" }]);
      await service.message("conn-a", "hello");
      await service.message("conn-a", "again");
      expect(service.framesFor("conn-a")).toEqual([
        { type: "welcome", name: "alice" },
        { type: "echo", data: "hello", messages: 1, name: "alice" },
        { type: "echo", data: "again", messages: 2, name: "alice" },
      ]);
      // Plus the version that accepted the connection (issue 20: runtime/azure/canary.ts pins each connection).
      expect(service.decodedState("conn-a")).toEqual({ name: "alice", messages: 2, "semantest.version": expect.stringMatching(/^sha256:[0-9a-f]{16}$/) });

      await service.connect("conn-b");
      await service.message("conn-b", "join-lobby");
      await service.disconnect("conn-a");
      expect(service.framesFor("conn-b")).toEqual([
        { type: "welcome", name: "anonymous" },
        { type: "left", name: "alice", messages: 2, reason: "client closed", code: null, writable: false },
      ]);
    } finally {
      await ws.close();
    }
  });
});

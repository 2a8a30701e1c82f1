/**
 * One app, three hosts: the same scenario (support/relay-scenario.ts) on the reference relay,
 * unchanged, hosted by
 *   - AWS: the bundled Lambda handler, against dynalite and a local API Gateway `@connections`;
 *   - Azure: the bundled Function App, driven by a stand-in Web PubSub over HTTP;
 *   - local: `semantest-iac dev` (the local gateway) with real WebSocket clients, on both of its
 *     providers;
 * and every host gives the same observable result.
 */
import { loadBundledHandler, withEnv } from "../aws/bundled";
import { connectEvent, disconnectEvent, messageEvent } from "../aws/fixtures";
import { createConnectionsTable, localAwsEnv, startConnectionsServer, startDynalite } from "../aws/local-aws";
import { Client, clientUrl, startGatewayProcess } from "../local/support";
import { startFunctionApp } from "./support/functions-host";
import { EXPECTED_SCENARIO_RESULT, runRelayScenario } from "./support/relay-scenario";
import { FakeWebPubSub } from "./support/web-pubsub-fake";

jest.setTimeout(120_000);

type LambdaHandler = (event: unknown) => Promise<{ statusCode: number; body?: string }>;

/** Waits until a client's frames stop changing (frames to other clients land asynchronously). */
async function settled(read: () => unknown[], quietMs = 150, timeoutMs = 5_000): Promise<unknown[]> {
  const deadline = Date.now() + timeoutMs;
  let last = JSON.stringify(read());
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    const now = JSON.stringify(read());
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    }
  }
  return JSON.parse(last) as unknown[];
}

it("AWS: the bundled Lambda with dynalite and @connections", async () => {
  const dynamo = await startDynalite();
  const connections = await startConnectionsServer();
  await createConnectionsTable(dynamo, "three-hosts");
  const restore = withEnv(localAwsEnv(dynamo, connections, "three-hosts"));
  try {
    const { handler } = await loadBundledHandler<LambdaHandler>("websocket");
    const result = await runRelayScenario({
      connect: async (name) => {
        const id = `${name}-aws=`;
        expect((await handler(connectEvent(id))).statusCode).toBe(200);
        return id;
      },
      send: async (id, frame) => void (await handler(messageEvent(id, JSON.stringify(frame)))),
      disconnect: async (id) => {
        connections.gone.add(id); // the socket is gone at API Gateway too
        await handler(disconnectEvent(id));
      },
      frames: async (id) => connections.frames.filter((f) => f.connectionId === id).map((f) => JSON.parse(f.data) as unknown),
    });
    expect(result).toEqual(EXPECTED_SCENARIO_RESULT);
  } finally {
    restore();
    await connections.close();
    await dynamo.close();
  }
});

it("Azure: the bundled Function App behind a stand-in Web PubSub", async () => {
  const service = new FakeWebPubSub("semantest");
  await service.start();
  const host = await startFunctionApp("websocket", undefined, { WEBPUBSUB_CONNECTION_STRING: service.connectionString, WEBPUBSUB_HUB: "semantest" });
  service.setEventHandler(`${host.url}/webpubsub/events`);
  try {
    const result = await runRelayScenario({
      connect: async (name) => {
        expect((await service.connect(`${name}-azure`)).status).toBe(200);
        return `${name}-azure`;
      },
      send: async (id, frame) => void (await service.message(id, JSON.stringify(frame))),
      disconnect: async (id) => void (await service.disconnect(id)),
      frames: async (id) => service.framesFor(id),
    });
    expect(result).toEqual(EXPECTED_SCENARIO_RESULT);
  } finally {
    await host.close();
    await service.stop();
  }
});

it.each(["aws", "azure"] as const)("local: semantest-iac dev --provider %s with real WebSocket clients", async (provider) => {
  const gateway = await startGatewayProcess(provider);
  const clients = new Map<string, Client>();
  try {
    const result = await runRelayScenario({
      connect: async (name) => {
        clients.set(name, await Client.connect(await clientUrl(gateway.ready)));
        return name;
      },
      send: async (name, frame) => {
        const client = clients.get(name)!;
        const replies = client.frames.length;
        client.send(frame);
        // Every relay action answers its sender; wait for that answer.
        await client.next(() => client.frames.length > replies);
      },
      disconnect: async (name) => {
        clients.get(name)!.close();
        await clients.get(name)!.waitClosed();
      },
      frames: (name) => settled(() => clients.get(name)!.frames),
    });
    expect(result).toEqual(EXPECTED_SCENARIO_RESULT);
  } finally {
    for (const client of clients.values()) if (!client.closed) client.socket.terminate();
    await gateway.stop("SIGKILL");
  }
});

/**
 * "One app, three hosts": a scenario any host of the reference relay (app/websocket/relay.ts) can
 * run unchanged, through a tiny driver. Three clients connect, two subscribe to a topic, the third
 * publishes, one subscriber disconnects, the third publishes again. The result is what each
 * client saw, in order, so the same scenario on API Gateway, Web PubSub and the local gateway can
 * be compared with one `toEqual`.
 */
export interface ScenarioDriver {
  /** Opens a client connection; returns a handle (the host's connection id). */
  connect(name: string): Promise<string>;
  send(connection: string, frame: object): Promise<void>;
  disconnect(connection: string): Promise<void>;
  /** Frames the client has received so far, parsed, in order. */
  frames(connection: string): Promise<unknown[]>;
}

export const EXPECTED_SCENARIO_RESULT = {
  alice: [
    { type: "subscribed", topic: "news" },
    { type: "message", topic: "news", payload: { n: 1 } },
    { type: "message", topic: "news", payload: { n: 2 } },
  ],
  bob: [
    { type: "subscribed", topic: "news" },
    { type: "message", topic: "news", payload: { n: 1 } },
  ],
  carol: [
    { type: "published", topic: "news", delivered: 2 },
    { type: "published", topic: "news", delivered: 1 },
    { type: "pong" },
  ],
};

export async function runRelayScenario(driver: ScenarioDriver): Promise<Record<"alice" | "bob" | "carol", unknown[]>> {
  const alice = await driver.connect("alice");
  const bob = await driver.connect("bob");
  const carol = await driver.connect("carol");
  await driver.send(alice, { action: "subscribe", topic: "news" });
  await driver.send(bob, { action: "subscribe", topic: "news" });
  await driver.send(carol, { action: "publish", topic: "news", payload: { n: 1 } });
  const bobSaw = await driver.frames(bob);
  await driver.disconnect(bob);
  await driver.send(carol, { action: "publish", topic: "news", payload: { n: 2 } });
  await driver.send(carol, { action: "ping" });
  return { alice: await driver.frames(alice), bob: bobSaw, carol: await driver.frames(carol) };
}

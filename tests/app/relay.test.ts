import fc from "fast-check";
import { MemoryConnections } from "../../app/websocket/memory-connections";
import type { BroadcastOptions, BroadcastResult, ConnectionContext, Connections } from "../../app/websocket/port";
import { createRelayApp, isValidTopic, parseFrame, type RelayLogEntry } from "../../app/websocket/relay";

/** Three clients on an in-memory registry; each records the frames it receives. */
function harness(options: Parameters<typeof createRelayApp>[0] = {}) {
  const connections = new MemoryConnections();
  const app = createRelayApp(options);
  const inbox: Record<string, unknown[]> = {};
  const connect = async (id: string) => {
    inbox[id] = [];
    const decision = await app.onConnect(context(id));
    if (decision.accept) connections.register(id, { send: (data) => void inbox[id]!.push(JSON.parse(data)), close: () => connections.unregister(id) });
    return decision;
  };
  const context = (id: string): ConnectionContext => ({ connectionId: id, connections, query: {} });
  const say = (id: string, frame: unknown) => app.onMessage(context(id), typeof frame === "string" ? frame : JSON.stringify(frame));
  const last = (id: string) => inbox[id]![inbox[id]!.length - 1];
  return { app, connections, inbox, connect, context, say, last };
}

describe("the relay app", () => {
  it("answers ping with pong", async () => {
    const h = harness();
    await h.connect("a");
    await h.say("a", { action: "ping" });
    expect(h.inbox.a).toEqual([{ type: "pong" }]);
  });

  it("delivers a publish to every subscriber of the topic and tells the sender how many got it", async () => {
    const h = harness();
    for (const id of ["a", "b", "c", "d"]) await h.connect(id);
    for (const id of ["a", "b", "c"]) await h.say(id, { action: "subscribe", topic: "room.1" });
    expect(h.last("b")).toEqual({ type: "subscribed", topic: "room.1" });

    await h.say("a", { action: "publish", topic: "room.1", payload: { text: "hi" } });
    expect(h.last("b")).toEqual({ type: "message", topic: "room.1", payload: { text: "hi" } });
    expect(h.last("c")).toEqual({ type: "message", topic: "room.1", payload: { text: "hi" } });
    expect(h.last("a")).toEqual({ type: "published", topic: "room.1", delivered: 3 });
    expect(h.inbox.d).toEqual([]);
  });

  it("stops delivering after unsubscribe", async () => {
    const h = harness();
    await h.connect("a");
    await h.connect("b");
    await h.say("b", { action: "subscribe", topic: "t" });
    await h.say("b", { action: "unsubscribe", topic: "t" });
    expect(h.last("b")).toEqual({ type: "unsubscribed", topic: "t" });
    await h.say("a", { action: "publish", topic: "t", payload: 1 });
    expect(h.last("a")).toEqual({ type: "published", topic: "t", delivered: 0 });
    expect(h.inbox.b).toHaveLength(2);
  });

  it("relays any JSON payload, including null and arrays", async () => {
    const h = harness();
    await h.connect("a");
    await h.say("a", { action: "subscribe", topic: "t" });
    await h.say("a", { action: "publish", topic: "t", payload: null });
    await h.say("a", { action: "publish", topic: "t", payload: [1, "two"] });
    expect(h.inbox.a).toContainEqual({ type: "message", topic: "t", payload: null });
    expect(h.inbox.a).toContainEqual({ type: "message", topic: "t", payload: [1, "two"] });
  });

  it.each([
    ["{nope", "MALFORMED_JSON"],
    ["[1,2]", "INVALID_FRAME"],
    ["42", "INVALID_FRAME"],
    ["null", "INVALID_FRAME"],
    [JSON.stringify({ action: "dance" }), "UNKNOWN_ACTION"],
    [JSON.stringify({ topic: "t" }), "UNKNOWN_ACTION"],
    [JSON.stringify({ action: "subscribe" }), "INVALID_TOPIC"],
    [JSON.stringify({ action: "subscribe", topic: "" }), "INVALID_TOPIC"],
    [JSON.stringify({ action: "subscribe", topic: "has space" }), "INVALID_TOPIC"],
    [JSON.stringify({ action: "subscribe", topic: "x".repeat(129) }), "INVALID_TOPIC"],
    [JSON.stringify({ action: "unsubscribe", topic: 7 }), "INVALID_TOPIC"],
    [JSON.stringify({ action: "publish", topic: "t" }), "MISSING_PAYLOAD"],
    [JSON.stringify({ action: "publish", topic: "t", payload: "x".repeat(200 * 1024) }), "MESSAGE_TOO_LARGE"],
  ])("answers %s with an error frame %s and keeps the connection", async (frame, code) => {
    const h = harness();
    await h.connect("a");
    await h.say("a", frame);
    expect(h.last("a")).toMatchObject({ type: "error", code, message: expect.any(String) });
    expect(h.connections.has("a")).toBe(true);
  });

  it("names the bad value and the allowed actions", async () => {
    const h = harness();
    await h.connect("a");
    await h.say("a", { action: "dance" });
    expect(h.last("a")).toEqual({ type: "error", code: "UNKNOWN_ACTION", message: 'action: "dance" is not known; allowed: subscribe, unsubscribe, publish, ping' });
  });

  it("measures the limit in UTF-8 bytes, not characters", () => {
    const frame = JSON.stringify({ action: "ping", pad: "é".repeat(40) });
    expect(parseFrame(frame, Buffer.byteLength(frame)).ok).toBe(true);
    // 40 two-byte characters: a limit above the character count but below the byte count rejects it.
    expect(parseFrame(frame, frame.length + 10)).toMatchObject({ ok: false, error: { code: "MESSAGE_TOO_LARGE" } });
  });

  it("accepts connections by default and lets authorize refuse them", async () => {
    expect(await harness().connect("a")).toEqual({ accept: true });
    const refusing = harness({ authorize: (ctx) => (ctx.connectionId === "bad" ? { accept: false, status: 401, reason: "no token" } : { accept: true }) });
    expect(await refusing.connect("bad")).toEqual({ accept: false, status: 401, reason: "no token" });
    expect(await refusing.connect("good")).toEqual({ accept: true });
  });

  it("refuses with 500 when authorize throws, and logs it", async () => {
    const logs: RelayLogEntry[] = [];
    const h = harness({ authorize: () => Promise.reject(new Error("idp down")), log: (e) => logs.push(e) });
    expect(await h.connect("a")).toEqual({ accept: false, status: 500, reason: "authorization failed" });
    expect(logs).toContainEqual({ level: "error", event: "authorize-failed", connectionId: "a", detail: "idp down" });
  });

  it("answers INTERNAL when the registry fails, and never throws", async () => {
    const sent: string[] = [];
    const broken: Connections = {
      send: async (_id, data) => void sent.push(data),
      broadcast: async (_d: string, _o?: BroadcastOptions): Promise<BroadcastResult> => Promise.reject(new Error("throttled")),
      close: async () => undefined,
      subscribe: async () => Promise.reject(new Error("table missing")),
      unsubscribe: async () => undefined,
    };
    const logs: RelayLogEntry[] = [];
    const app = createRelayApp({ log: (e) => logs.push(e) });
    const ctx: ConnectionContext = { connectionId: "a", connections: broken, query: {} };
    await expect(app.onMessage(ctx, JSON.stringify({ action: "subscribe", topic: "t" }))).resolves.toBeUndefined();
    await expect(app.onMessage(ctx, JSON.stringify({ action: "publish", topic: "t", payload: 1 }))).resolves.toBeUndefined();
    expect(sent.map((s) => JSON.parse(s).code)).toEqual(["INTERNAL", "INTERNAL"]);
    expect(logs.filter((l) => l.event === "handler-failed").map((l) => l.detail)).toEqual(["table missing", "throttled"]);
  });

  it("never throws when even the reply fails", async () => {
    const dead: Connections = {
      send: async () => Promise.reject(new Error("gone")),
      broadcast: async () => ({ delivered: 0, gone: 0 }),
      close: async () => undefined,
      subscribe: async () => undefined,
      unsubscribe: async () => undefined,
    };
    const logs: RelayLogEntry[] = [];
    const app = createRelayApp({ log: (e) => logs.push(e) });
    await expect(app.onMessage({ connectionId: "a", connections: dead, query: {} }, '{"action":"ping"}')).resolves.toBeUndefined();
    expect(logs).toContainEqual({ level: "warn", event: "reply-failed", connectionId: "a", detail: "gone" });
  });

  it("onDisconnect resolves (the host cleans its registry)", async () => {
    const h = harness();
    await h.connect("a");
    await expect(h.app.onDisconnect(h.context("a"))).resolves.toBeUndefined();
  });

  it("answers any random frame with exactly one frame and never throws", async () => {
    const h = harness();
    await h.connect("a");
    const frames = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({ action: fc.constantFrom("subscribe", "unsubscribe", "publish", "ping", "other"), topic: fc.oneof(fc.string(), fc.integer()), payload: fc.jsonValue() }, { requiredKeys: [] })
        .map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(frames, async (frame) => {
        const before = h.inbox.a!.length;
        await h.say("a", frame);
        const replies = h.inbox.a!.slice(before).filter((f) => (f as { type: string }).type !== "message");
        return replies.length === 1 && h.connections.has("a");
      }),
      { numRuns: 300 },
    );
  });
});

describe("isValidTopic", () => {
  it("accepts exactly 1-128 characters of [A-Za-z0-9._:-]", () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/), (topic) => isValidTopic(topic)));
    fc.assert(fc.property(fc.string().filter((s) => /[^A-Za-z0-9._:-]/.test(s)), (topic) => !isValidTopic(topic)));
    expect(isValidTopic("a".repeat(128))).toBe(true);
    expect(isValidTopic("a".repeat(129))).toBe(false);
  });
});

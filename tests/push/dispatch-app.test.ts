/**
 * POST /api/automation/dispatch on the reference REST app, with the in-memory connections the
 * local gateway uses: the relay's subscribers of the extension's topic get the push, `delivered`
 * counts them, bad bodies get a 400 naming the field, and the server keeps serving.
 */
import fc from "fast-check";
import { createApp } from "../../app/rest/app";
import { parseDispatch } from "../../app/rest/dispatch";
import { MemoryConnections } from "../../app/websocket/memory-connections";
import { createRelayApp } from "../../app/websocket/relay";
import { serve, type Served } from "../app/support";

const dispatch = (url: string, body: string, contentType = "application/json") =>
  fetch(`${url}/api/automation/dispatch`, { method: "POST", headers: { "content-type": contentType }, body });

describe("POST /api/automation/dispatch", () => {
  let server: Served;
  let connections: MemoryConnections;
  const received = new Map<string, unknown[]>();
  const relay = createRelayApp();

  const connect = async (id: string) => {
    received.set(id, []);
    connections.register(id, { send: (data) => void received.get(id)!.push(JSON.parse(data)), close: () => undefined });
    await relay.onConnect({ connectionId: id, connections, query: {} });
  };
  const subscribe = (id: string, topic: string) => relay.onMessage({ connectionId: id, connections, query: {} }, JSON.stringify({ action: "subscribe", topic }));

  beforeEach(async () => {
    received.clear();
    connections = new MemoryConnections();
    let n = 0;
    server = await serve(createApp({ connections, requestId: () => `req-${++n}` }));
  });
  afterEach(() => server.close());

  it("pushes automation.requested to every subscriber of the extension's topic and counts them", async () => {
    await connect("a");
    await connect("b");
    await connect("other");
    await subscribe("a", "ext-1");
    await subscribe("b", "ext-1");
    await subscribe("other", "ext-2");
    const response = await dispatch(server.url, JSON.stringify({ extensionId: "ext-1", action: "click", payload: { selector: "#go" } }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ requestId: "req-1", delivered: 2 });
    const pushed = { type: "automation.requested", requestId: "req-1", action: "click", payload: { selector: "#go" } };
    expect(received.get("a")).toEqual([{ type: "subscribed", topic: "ext-1" }, pushed]);
    expect(received.get("b")).toEqual([{ type: "subscribed", topic: "ext-1" }, pushed]);
    expect(received.get("other")).toEqual([{ type: "subscribed", topic: "ext-2" }]);
  });

  it("answers delivered 0 when nobody is subscribed", async () => {
    const response = await dispatch(server.url, JSON.stringify({ extensionId: "ext-1", action: "click", payload: null }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ requestId: "req-1", delivered: 0 });
  });

  it.each([
    [{ action: "click", payload: 1 }, "extensionId"],
    [{ extensionId: "has space", action: "click", payload: 1 }, "extensionId"],
    [{ extensionId: "ext-1", payload: 1 }, "action"],
    [{ extensionId: "ext-1", action: "" }, "action"],
    [{ extensionId: "ext-1", action: "click" }, "payload"],
    [[1, 2], "body"],
  ])("refuses %j with 400 naming %s", async (body, field) => {
    const response = await dispatch(server.url, JSON.stringify(body));
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { code: string; field: string; message: string } };
    expect(answer.error).toMatchObject({ code: "INVALID_DISPATCH", field });
    expect(answer.error.message).toContain(`${field}:`);
  });

  it("refuses malformed JSON and a non-JSON type, then keeps serving", async () => {
    expect((await dispatch(server.url, '{"extensionId":')).status).toBe(400);
    expect((await dispatch(server.url, "x", "text/plain")).status).toBe(415);
    expect((await fetch(`${server.url}/api/automation/dispatch`)).status).toBe(405);
    expect((await dispatch(server.url, JSON.stringify({ extensionId: "e", action: "a", payload: 1 }))).status).toBe(202);
  });

  it("answers 503 PUSH_UNAVAILABLE when the host gave no connections", async () => {
    const bare = await serve(createApp({}));
    try {
      const response = await dispatch(bare.url, JSON.stringify({ extensionId: "e", action: "a", payload: 1 }));
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("PUSH_UNAVAILABLE");
    } finally {
      await bare.close();
    }
  });

  it("answers 502 PUSH_FAILED when the WebSocket service fails, and keeps serving", async () => {
    const failing = await serve(createApp({ connections: { send: async () => undefined, close: async () => undefined, broadcast: async () => Promise.reject(new Error("unreachable")) } }));
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const response = await dispatch(failing.url, JSON.stringify({ extensionId: "e", action: "a", payload: 1 }));
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("PUSH_FAILED");
      expect((await fetch(`${failing.url}/health`)).status).toBe(200);
    } finally {
      spy.mockRestore();
      await failing.close();
    }
  });
});

describe("parseDispatch (property)", () => {
  it("never throws, and accepts exactly valid topic + action + present payload", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ extensionId: fc.string(), action: fc.string(), payload: fc.jsonValue() }, { requiredKeys: [] })), (body) => {
        const result = parseDispatch(body);
        if (result.ok) {
          expect(result.request.extensionId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
          expect(result.request.action).toMatch(/^[A-Za-z0-9._:/-]{1,128}$/);
        } else {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const p of result.problems) expect(p.message.startsWith(`${p.field}:`)).toBe(true);
        }
      }),
      { seed: 18, numRuns: 300 },
    );
  });
});

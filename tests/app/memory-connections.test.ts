import { MemoryConnections } from "../../app/websocket/memory-connections";

function sinkRecorder() {
  const frames: string[] = [];
  const closed: (string | undefined)[] = [];
  return { frames, closed, sink: { send: (d: string) => void frames.push(d), close: (r?: string) => void closed.push(r) } };
}

describe("MemoryConnections", () => {
  it("sends to one registered connection and ignores an unknown id", async () => {
    const c = new MemoryConnections();
    const a = sinkRecorder();
    c.register("a", a.sink);
    await c.send("a", "hello");
    await c.send("nobody", "hello");
    expect(a.frames).toEqual(["hello"]);
  });

  it("broadcasts to everyone, to a topic, and leaves out `except`", async () => {
    const c = new MemoryConnections();
    const r = { a: sinkRecorder(), b: sinkRecorder(), c: sinkRecorder() };
    for (const [id, rec] of Object.entries(r)) c.register(id, rec.sink);
    await c.subscribe("a", "t");
    await c.subscribe("b", "t");
    expect(await c.broadcast("all")).toEqual({ delivered: 3, gone: 0 });
    expect(await c.broadcast("topic", { topic: "t" })).toEqual({ delivered: 2, gone: 0 });
    expect(await c.broadcast("others", { topic: "t", except: ["a"] })).toEqual({ delivered: 1, gone: 0 });
    expect(r.a.frames).toEqual(["all", "topic"]);
    expect(r.b.frames).toEqual(["all", "topic", "others"]);
    expect(r.c.frames).toEqual(["all"]);
  });

  it("drops a connection whose sink throws, counting it as gone", async () => {
    const c = new MemoryConnections();
    c.register("ok", sinkRecorder().sink);
    c.register("dead", { send: () => Promise.reject(new Error("EPIPE")), close: () => undefined });
    await c.subscribe("dead", "t");
    await c.subscribe("ok", "t");
    expect(await c.broadcast("x", { topic: "t" })).toEqual({ delivered: 1, gone: 1 });
    expect(c.has("dead")).toBe(false);
    expect(c.subscribers("t")).toEqual(["ok"]);
  });

  it("drops a connection when a direct send fails", async () => {
    const c = new MemoryConnections();
    c.register("dead", { send: () => { throw new Error("closed"); }, close: () => undefined });
    await expect(c.send("dead", "x")).resolves.toBeUndefined();
    expect(c.size).toBe(0);
  });

  it("close unregisters and closes the sink with the reason", async () => {
    const c = new MemoryConnections();
    const a = sinkRecorder();
    c.register("a", a.sink);
    await c.subscribe("a", "t");
    await c.close("a", "bye");
    await c.close("a", "again");
    expect(a.closed).toEqual(["bye"]);
    expect(c.ids()).toEqual([]);
    expect(c.subscribers("t")).toEqual([]);
  });

  it("tracks topics per connection; unsubscribe and unregister clean up empty topics", async () => {
    const c = new MemoryConnections();
    c.register("a", sinkRecorder().sink);
    await c.subscribe("a", "t1");
    await c.subscribe("a", "t2");
    await c.subscribe("ghost", "t1");
    expect(c.topicsOf("a").sort()).toEqual(["t1", "t2"]);
    expect(c.subscribers("t1")).toEqual(["a"]);
    await c.unsubscribe("a", "t1");
    await c.unsubscribe("a", "never");
    expect(c.topicsOf("a")).toEqual(["t2"]);
    c.unregister("a");
    expect(c.topicsOf("a")).toEqual([]);
    expect(c.subscribers("t2")).toEqual([]);
  });
});

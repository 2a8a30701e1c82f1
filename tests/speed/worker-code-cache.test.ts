/**
 * tests/support/worker-code-cache.js: a module's V8 code cache is reused only for the same file
 * name and the very same source, data V8 rejects is dropped, and the cache stays under its cap.
 */
import * as vm from "vm";
const { WorkerCodeCache } = require("../support/worker-code-cache") as {
  WorkerCodeCache: new (maxBytes?: number) => {
    hits: number;
    misses: number;
    rejected: number;
    bytes: number;
    entries: Map<string, { source: string; data: Buffer }>;
    get(filename: string, source: string): Buffer | undefined;
    set(filename: string, source: string, data: Buffer): void;
    compile(filename: string, source: string, compile: (cachedData: Buffer | undefined) => vm.Script): { script: vm.Script; store?: () => void };
  };
};

const source = (n: number) => `(function () { function add(a, b) { return a + b + ${n}; } return add(1, 2); })()`;
const compileWith = (filename: string, code: string) => (cachedData: Buffer | undefined) => new vm.Script(code, { filename, cachedData });

describe("the worker's code cache", () => {
  it("compiles a module once: the next file gets V8's data for the same name and source, and it runs the same", () => {
    const cache = new WorkerCodeCache();
    const first = cache.compile("/p/a.js", source(1), compileWith("/p/a.js", source(1)));
    expect(first.store).toBeDefined();
    expect(first.script.runInNewContext()).toBe(4);
    first.store!();
    expect(cache.entries.get("/p/a.js")?.data.length).toBeGreaterThan(0);

    const second = cache.compile("/p/a.js", source(1), compileWith("/p/a.js", source(1)));
    expect(second.script.cachedDataRejected).toBe(false);
    expect(second.store).toBeUndefined();
    expect(second.script.runInNewContext()).toBe(4);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it("never hands data to another source or another file", () => {
    const cache = new WorkerCodeCache();
    const first = cache.compile("/p/a.js", source(1), compileWith("/p/a.js", source(1)));
    first.store!();
    let handed: Buffer | undefined = Buffer.alloc(1);
    cache.compile("/p/a.js", source(2), (data) => ((handed = data), new vm.Script(source(2))));
    expect(handed).toBeUndefined();
    handed = Buffer.alloc(1);
    cache.compile("/p/b.js", source(1), (data) => ((handed = data), new vm.Script(source(1))));
    expect(handed).toBeUndefined();
    expect(cache.misses).toBe(3);
  });

  it("drops data V8 rejects and stores fresh data after the run", () => {
    const cache = new WorkerCodeCache();
    // A source this isolate has not compiled yet: V8 answers a repeat from its own in-memory cache
    // without looking at the data.
    cache.set("/p/c.js", source(3), Buffer.from("not a code cache"));
    const compiled = cache.compile("/p/c.js", source(3), compileWith("/p/c.js", source(3)));
    expect(compiled.script.cachedDataRejected).toBe(true);
    expect(cache.rejected).toBe(1);
    expect(cache.entries.has("/p/c.js")).toBe(false);
    expect(compiled.script.runInNewContext()).toBe(6);
    compiled.store!();
    const again = cache.compile("/p/c.js", source(3), compileWith("/p/c.js", source(3)));
    expect(again.script.cachedDataRejected).toBe(false);
  });

  it("keeps its size under the cap, oldest out first", () => {
    const cache = new WorkerCodeCache(3_000);
    for (let i = 0; i < 10; i++) cache.set(`/p/${i}.js`, "x".repeat(100), Buffer.alloc(500));
    expect(cache.bytes).toBeLessThanOrEqual(3_000);
    expect(cache.entries.has("/p/9.js")).toBe(true);
    expect(cache.entries.has("/p/0.js")).toBe(false);
    expect(() => cache.set("/p/x.js", "x", "data" as unknown as Buffer)).toThrow(TypeError);
  });

  it("is what this worker compiles test modules with (unless SEMANTEST_CODE_CACHE=off)", () => {
    const stats = (globalThis as Record<symbol, unknown>)[Symbol.for("semantest-iac.code-cache-stats")] as (() => { hits: number; misses: number }) | undefined;
    if (process.env.SEMANTEST_CODE_CACHE === "off") return expect(stats).toBeUndefined();
    expect(stats).toBeDefined();
    const before = stats!();
    jest.isolateModules(() => require("../support/e2e-starters"));
    const after = stats!();
    expect(after.hits + after.misses).toBe(before.hits + before.misses + 1);
  });
});

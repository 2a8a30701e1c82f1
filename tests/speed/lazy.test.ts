/** bin/lazy.js: the stand-in loads the real module only when something touches it, then behaves as it. */
const { lazy } = require("../../bin/lazy") as { lazy: <T extends object>(load: () => T, options?: { esModule?: boolean }) => T };

describe("lazy(load)", () => {
  it("does not load until a property is read, then loads once", () => {
    const load = jest.fn(() => ({ version: "5.9", parse: (text: string) => text.length }));
    const proxy = lazy(load) as { version: string; parse(text: string): number };
    expect(load).not.toHaveBeenCalled();
    expect(proxy.version).toBe("5.9");
    expect(proxy.parse("abc")).toBe(3);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("answers `in`, Object.keys and spreads as the real module (what `import * as` interop does)", () => {
    const proxy = lazy(() => ({ a: 1, b: 2 })) as Record<string, number>;
    expect("a" in proxy).toBe(true);
    expect("z" in proxy).toBe(false);
    expect(Object.keys(proxy).sort()).toEqual(["a", "b"]);
    expect({ ...proxy }).toEqual({ a: 1, b: 2 });
  });

  it("with esModule, answers __esModule without loading, so `import * as` takes it as it is", () => {
    const load = jest.fn(() => ({ Arborist: class {} }));
    const proxy = lazy(load, { esModule: true }) as { __esModule?: boolean; Arborist: unknown };
    // What tslib's __importStar checks first; without the flag it copies every key (and loads).
    expect(proxy.__esModule).toBe(true);
    expect(load).not.toHaveBeenCalled();
    expect(typeof proxy.Arborist).toBe("function");
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("passes writes through to the real module", () => {
    const real: Record<string, unknown> = {};
    const proxy = lazy(() => real) as Record<string, unknown>;
    proxy.flag = true;
    expect(real.flag).toBe(true);
  });
});

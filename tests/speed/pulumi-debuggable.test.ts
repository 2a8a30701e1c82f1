/**
 * tests/support/pulumi-debuggable.js: under jest the SDK's per-promise debug capture records
 * SEMANTEST_PULUMI_DEBUG_FRAMES frames (0 by default) and does everything else as before.
 */
import fc from "fast-check";
const { debugFrames, limitDebugCaptures } = require("../support/pulumi-debuggable") as {
  debugFrames(env: NodeJS.ProcessEnv): number;
  limitDebugCaptures(debuggable: { debuggablePromise?: unknown }, errorClass: { stackTraceLimit: number }, frames: number): boolean;
};

interface Tracked extends Promise<unknown> {
  _debugStackTrace?: unknown;
  _debugCtx?: unknown;
}
/** The SDK module's internal functions (not in its declarations). */
interface Debuggable {
  debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
  promiseDebugString(p: Promise<unknown>): string;
}

const nested = (depth: number, f: () => void): void => (depth === 0 ? f() : nested(depth - 1, f));
const frames = (stack: unknown) => `${stack}`.split("\n").filter((line) => line.startsWith("    at ")).length;

describe("the SDK's debug capture under jest", () => {
  it("records no frames by default, and keeps the context and the leak bookkeeping", async () => {
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as Debuggable;
    const tracked: Tracked = Promise.resolve(42);
    let result: Promise<unknown> | undefined;
    nested(20, () => (result = debuggable.debuggablePromise(tracked, "resource:api[aws:lambda/function:Function]")));
    expect(frames(tracked._debugStackTrace)).toBe(0);
    expect(tracked._debugCtx).toBe("resource:api[aws:lambda/function:Function]");
    expect(debuggable.promiseDebugString(tracked)).toContain("CONTEXT");
    await expect(result).resolves.toBe(42);
    expect(Error.stackTraceLimit).toBe(100); // jest's depth, restored after the capture
  });

  it("records the configured number of frames, and only inside the capture", () => {
    for (const depth of [0, 1, 10]) {
      const errorClass = { stackTraceLimit: 100 };
      const seen: number[] = [];
      const module = { debuggablePromise: (p: Promise<unknown>) => (seen.push(errorClass.stackTraceLimit), p) };
      expect(limitDebugCaptures(module, errorClass, depth)).toBe(true);
      module.debuggablePromise(Promise.resolve());
      expect(seen).toEqual([depth]);
      expect(errorClass.stackTraceLimit).toBe(100);
      expect(limitDebugCaptures(module, errorClass, depth)).toBe(false); // wrapped once
    }
  });

  it("restores the limit when the capture throws, and never raises it", () => {
    const errorClass = { stackTraceLimit: 5 };
    const module = {
      debuggablePromise: () => {
        throw new Error(`limit ${errorClass.stackTraceLimit}`);
      },
    };
    limitDebugCaptures(module, errorClass, 10);
    expect(() => module.debuggablePromise()).toThrow("limit 5");
    expect(errorClass.stackTraceLimit).toBe(5);
  });

  it("leaves a module without the function alone", () => {
    expect(limitDebugCaptures({}, { stackTraceLimit: 100 }, 0)).toBe(false);
    expect(limitDebugCaptures({ debuggablePromise: 1 }, { stackTraceLimit: 100 }, 0)).toBe(false);
  });

  it("reads SEMANTEST_PULUMI_DEBUG_FRAMES: 0 when unset, an integer 0-100, else an error naming the variable and what is allowed", () => {
    expect(debugFrames({})).toBe(0);
    expect(debugFrames({ SEMANTEST_PULUMI_DEBUG_FRAMES: "" })).toBe(0);
    expect(debugFrames({ SEMANTEST_PULUMI_DEBUG_FRAMES: "10" })).toBe(10);
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), (raw) => {
        let value: number | undefined;
        try {
          value = debugFrames({ SEMANTEST_PULUMI_DEBUG_FRAMES: raw });
        } catch (error) {
          expect((error as Error).message).toContain("SEMANTEST_PULUMI_DEBUG_FRAMES");
          expect((error as Error).message).toContain("integer from 0 to 100");
          return;
        }
        expect(Number.isInteger(value) && value >= 0 && value <= 100).toBe(true);
      }),
      { seed: 15, numRuns: 500 },
    );
  });
});

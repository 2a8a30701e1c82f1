/**
 * The offline evaluation records no stack for the Pulumi SDK's tracked promises unless
 * PULUMI_DEBUG_PROMISE_LEAKS asks for the leak report that prints them
 * (adapters/engine/offline/promise-stacks.ts).
 */
import { skipUnreportedPromiseStacks } from "../../adapters/engine/offline/promise-stacks";

/** A stand-in for the SDK's runtime/debuggable.js: records the stack it captures, as the SDK does. */
function fakeDebuggable(debugPromiseLeaks = false) {
  const stacks: string[] = [];
  const module = {
    debugPromiseLeaks,
    debuggablePromise: (promise: Promise<unknown>, _ctx?: unknown) => {
      stacks.push(new Error().stack ?? "");
      return promise;
    },
  };
  return { module, stacks };
}

const frames = (stack: string) => stack.split("\n").filter((line) => line.trimStart().startsWith("at ")).length;

describe("skipUnreportedPromiseStacks", () => {
  it("makes the SDK's capture record no frames, and leaves Error.stackTraceLimit as it was", async () => {
    const { module, stacks } = fakeDebuggable();
    const limit = Error.stackTraceLimit;
    expect(skipUnreportedPromiseStacks(module)).toBe(true);
    await expect(module.debuggablePromise(Promise.resolve(7), "ctx")).resolves.toBe(7);
    expect(frames(stacks[0]!)).toBe(0);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(frames(new Error().stack ?? "")).toBeGreaterThan(0);
  });

  it("keeps the stacks when PULUMI_DEBUG_PROMISE_LEAKS asked for the report that prints them", () => {
    const { module, stacks } = fakeDebuggable(true);
    expect(skipUnreportedPromiseStacks(module)).toBe(false);
    void module.debuggablePromise(Promise.resolve(), "ctx");
    expect(frames(stacks[0]!)).toBeGreaterThan(0);
  });

  it("replaces the function once, and restores the limit when the capture throws", () => {
    const { module } = fakeDebuggable();
    expect(skipUnreportedPromiseStacks(module)).toBe(true);
    expect(skipUnreportedPromiseStacks(module)).toBe(false);
    const throwing = {
      debuggablePromise: () => {
        throw new Error("boom");
      },
    };
    const limit = Error.stackTraceLimit;
    skipUnreportedPromiseStacks(throwing);
    expect(() => throwing.debuggablePromise()).toThrow("boom");
    expect(Error.stackTraceLimit).toBe(limit);
  });
});

/**
 * tests/support/pulumi-debug-stacks.ts: the SDK's per-promise debug stack is formatted as plain
 * Node writes it (no source-map pass, 10 frames); every other stack still goes through jest's
 * source-map formatter.
 */
import * as fs from "fs";
import { installPulumiDebugStacks, isPulumiDebugCapture, NODE_STACK_FRAMES } from "../support/pulumi-debug-stacks";

const DEBUGGABLE_FILE = "/repo/node_modules/@pulumi/pulumi/runtime/debuggable.js";

function site(functionName: string | null, fileName: string, line = 1): NodeJS.CallSite {
  return {
    getFunctionName: () => functionName,
    getFileName: () => fileName,
    toString: () => `${functionName ?? "<anonymous>"} (${fileName}:${line}:1)`,
  } as unknown as NodeJS.CallSite;
}

describe("the SDK's debug stacks", () => {
  it("recognises only debuggablePromise's capture in @pulumi/pulumi", () => {
    expect(isPulumiDebugCapture([site("debuggablePromise", DEBUGGABLE_FILE)])).toBe(true);
    expect(isPulumiDebugCapture([site("debuggablePromise", "/repo/lib/debuggable.js")])).toBe(false);
    expect(isPulumiDebugCapture([site("other", DEBUGGABLE_FILE)])).toBe(false);
    expect(isPulumiDebugCapture([site("inner", "/repo/x.ts"), site("debuggablePromise", DEBUGGABLE_FILE)])).toBe(false);
    expect(isPulumiDebugCapture([])).toBe(false);
  });

  it("formats that capture as Node does, at Node's default depth, and hands every other stack to the mapping formatter", () => {
    const mapped = jest.fn(() => "mapped");
    const errorClass: { prepareStackTrace?: (error: Error, sites: NodeJS.CallSite[]) => unknown } = { prepareStackTrace: mapped };
    installPulumiDebugStacks(errorClass);

    const deep = [site("debuggablePromise", DEBUGGABLE_FILE), ...Array.from({ length: 30 }, (_, i) => site(`f${i}`, "/repo/a.js", i))];
    const plain = errorClass.prepareStackTrace!(new Error(), deep) as string;
    expect(mapped).not.toHaveBeenCalled();
    expect(plain.split("\n")).toEqual(["Error", ...deep.slice(0, NODE_STACK_FRAMES).map((s) => `    at ${String(s)}`)]);

    const other = [site("userCode", "/repo/index.ts")];
    const error = new TypeError("boom");
    expect(errorClass.prepareStackTrace!(error, other)).toBe("mapped");
    expect(mapped).toHaveBeenCalledWith(error, other);
  });

  it("leaves a class without a stack formatter as it is", () => {
    const errorClass: { prepareStackTrace?: (error: Error, sites: NodeJS.CallSite[]) => unknown } = {};
    installPulumiDebugStacks(errorClass);
    expect(errorClass.prepareStackTrace).toBeUndefined();
  });

  it("is installed in this test environment: the SDK's capture is plain, a test's own stack still names its .ts file", () => {
    const { debuggablePromise } = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T> };
    const tracked = Promise.resolve(1);
    void debuggablePromise(tracked, "test");
    const stack = (tracked as unknown as { _debugStackTrace: string })._debugStackTrace;
    const [head, ...frames] = stack.split("\n");
    expect(head).toBe("Error");
    expect(frames[0]).toMatch(/^ {4}at debuggablePromise \(.*node_modules[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js:\d+:\d+\)$/);
    expect(frames.length).toBeLessThanOrEqual(NODE_STACK_FRAMES);

    const mine = new Error("mine").stack!; // MARKER: this line
    const sourceLine = fs.readFileSync(__filename, "utf8").split("\n").findIndex((l) => l.includes("// MARKER: this line")) + 1;
    expect(mine).toContain(`pulumi-debug-stacks.test.ts:${sourceLine}:`);
  });
});

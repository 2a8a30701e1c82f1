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
    const plain = errorClass.prepareStackTrace!(new Error(), deep);
    expect(mapped).not.toHaveBeenCalled();
    expect(typeof plain).not.toBe("string"); // formatted only when read
    expect(`${plain}`.split("\n")).toEqual(["Error", ...deep.slice(0, NODE_STACK_FRAMES).map((s) => `    at ${String(s)}`)]);

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

  it("is installed in this test environment: a capture with frames is plain, a test's own stack still names its .ts file", () => {
    // The SDK's own capture records no frames under jest (tests/support/pulumi-debuggable.js); a
    // capture made the same way, from a function of that name in that file, shows the formatting.
    const capture = { debuggablePromise: () => new Error().stack };
    const sites = [site("debuggablePromise", DEBUGGABLE_FILE)];
    expect(isPulumiDebugCapture(sites)).toBe(true);
    const stack = Error.prepareStackTrace!(new Error(), sites as NodeJS.CallSite[]);
    expect(`${stack}`.split("\n")).toEqual(["Error", `    at ${String(sites[0])}`]);
    expect(capture.debuggablePromise()).toContain("pulumi-debug-stacks.test.ts");

    const mine = new Error("mine").stack!; // MARKER: this line
    const sourceLine = fs.readFileSync(__filename, "utf8").split("\n").findIndex((l) => l.includes("// MARKER: this line")) + 1;
    expect(mine).toContain(`pulumi-debug-stacks.test.ts:${sourceLine}:`);
  });
});

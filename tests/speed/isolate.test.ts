/** tests/support/isolate.ts: listeners added by isolated modules go when the isolated run ends; others stay. */
import { isolateModulesAsync } from "../support/isolate";

describe("isolateModulesAsync", () => {
  it("removes the exit / beforeExit listeners added inside, keeps the ones from before, returns the result", async () => {
    const kept = () => undefined;
    process.on("exit", kept);
    try {
      const added = () => undefined;
      const result = await isolateModulesAsync(async () => {
        process.on("exit", added);
        process.on("beforeExit", added);
        return 42;
      });
      expect(result).toBe(42);
      expect(process.listeners("exit")).toContain(kept);
      expect(process.listeners("exit")).not.toContain(added);
      expect(process.listeners("beforeExit")).not.toContain(added);
    } finally {
      process.off("exit", kept);
    }
  });

  it("cleans up when the isolated work throws", async () => {
    const added = () => undefined;
    await expect(
      isolateModulesAsync(async () => {
        process.on("exit", added);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(process.listeners("exit")).not.toContain(added);
  });

  it("keeps a worker under the listener limit across many isolated loads of the Pulumi SDK", async () => {
    const before = process.listenerCount("exit");
    for (let i = 0; i < 12; i++) {
      await isolateModulesAsync(async () => {
        const pulumi = (await import("@pulumi/pulumi")) as typeof import("@pulumi/pulumi");
        await pulumi.runtime.setMocks({ newResource: (args) => ({ id: "id", state: args.inputs }), call: (args) => args.inputs }, "project", "stack", true);
        // Registering a resource wraps a promise for debugging: each SDK copy adds its "exit" leak detector then.
        new pulumi.ComponentResource("test:index:Thing", `thing-${i}`);
        await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
      });
    }
    expect(process.listenerCount("exit")).toBe(before);
  });
});

/**
 * The SDK's inspector session is paused between test files (tests/support/pulumi-inspector.js):
 * its Debugger is disabled once a file has used it, never opened for a file that did not, and
 * closures still serialize the same afterwards.
 */
const { pauseDebugger, pausing, watchSessions } = require("../support/pulumi-inspector.js") as {
  watchSessions(hooks: FakeHooks | object): boolean;
  pauseDebugger(hooks: FakeHooks | object): Promise<boolean>;
  pausing(env: Record<string, string | undefined>): boolean;
};

interface FakeHooks {
  getSessionAsync(): Promise<{ post(method: string, callback: () => void): void }>;
}

function fakeHooks(): { hooks: FakeHooks; opened: () => number; posted: string[] } {
  let opened = 0;
  const posted: string[] = [];
  const session = { post: (method: string, callback: () => void) => (posted.push(method), callback()) };
  let open: Promise<typeof session> | undefined;
  const hooks = {
    getSessionAsync: () => {
      if (!open) {
        opened++;
        open = Promise.resolve(session);
      }
      return open;
    },
  };
  return { hooks, opened: () => opened, posted };
}

describe("pausing the SDK's inspector Debugger between test files", () => {
  it("opens no session for a file that did not ask for one", async () => {
    const { hooks, opened, posted } = fakeHooks();
    expect(watchSessions(hooks)).toBe(true);
    expect(await pauseDebugger(hooks)).toBe(false);
    expect(opened()).toBe(0);
    expect(posted).toEqual([]);
  });

  it("disables the Debugger after a file that used the session, once, until it is used again", async () => {
    const { hooks, posted } = fakeHooks();
    watchSessions(hooks);
    await hooks.getSessionAsync();
    expect(await pauseDebugger(hooks)).toBe(true);
    expect(await pauseDebugger(hooks)).toBe(false);
    await hooks.getSessionAsync();
    expect(await pauseDebugger(hooks)).toBe(true);
    expect(posted).toEqual(["Debugger.disable", "Debugger.disable"]);
  });

  it("wraps a module once, and leaves anything without getSessionAsync alone", () => {
    const { hooks } = fakeHooks();
    expect(watchSessions(hooks)).toBe(true);
    expect(watchSessions(hooks)).toBe(false);
    expect(watchSessions({})).toBe(false);
  });

  it("is on unless SEMANTEST_INSPECTOR_PAUSE=off", () => {
    expect(pausing({})).toBe(true);
    expect(pausing({ SEMANTEST_INSPECTOR_PAUSE: "off" })).toBe(false);
  });

  it("serializes a closure to the same text with the Debugger paused (the SDK's real session)", async () => {
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const hooks = require("@pulumi/pulumi/runtime/closure/v8Hooks") as object;
    const helper = (n: number) => n * 2;
    const provider = { double: (n: number) => helper(n) + 1 };
    const serialize = async () => (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
    const before = await serialize();
    watchSessions(hooks);
    await (hooks as FakeHooks).getSessionAsync();
    expect(await pauseDebugger(hooks)).toBe(true);
    expect(await serialize()).toBe(before);
    expect(before).toContain("n * 2");
  });
});

/**
 * Module isolation for tests, and the `process` listeners it must not leak.
 *
 * `isolateModulesAsync`: `jest.isolateModulesAsync` (fresh project modules; node_modules packages
 * stay the test file's: tests/support/jest-runtime.js), then removes the `process` listeners the
 * isolated run added. `withoutAddedListeners`: the same clean-up around any work, isolated or not.
 *
 * A copy of @pulumi/pulumi adds an "exit" listener (its leak detector,
 * node_modules/@pulumi/pulumi/runtime/debuggable.js, once per module instance) and each program
 * run with an engine a "beforeExit" one (components/events/register.ts flushes its outbox there).
 * Left in place they pile up across the runs of a jest worker (MaxListenersExceededWarning after ten).
 */
const EVENTS: readonly string[] = ["exit", "beforeExit"];
type Listener = (...args: unknown[]) => void;
const listeners = (event: string): Listener[] => (process.listeners as (event: string) => Listener[])(event);

export async function withoutAddedListeners<T>(work: () => Promise<T>): Promise<T> {
  const before = new Map(EVENTS.map((event) => [event, new Set(listeners(event))]));
  try {
    return await work();
  } finally {
    for (const event of EVENTS) {
      for (const listener of listeners(event)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
  }
}

export async function isolateModulesAsync<T>(work: () => Promise<T>): Promise<T> {
  return withoutAddedListeners(async () => {
    let result: { value: T } | undefined;
    await jest.isolateModulesAsync(async () => {
      result = { value: await work() };
    });
    return result!.value;
  });
}

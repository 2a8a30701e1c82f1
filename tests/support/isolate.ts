/**
 * `jest.isolateModulesAsync`, then removes the `process` listeners the isolated modules added.
 * Each isolated load of @pulumi/pulumi adds an "exit" listener (its leak detector,
 * node_modules/@pulumi/pulumi/runtime/debuggable.js, once per module instance) and each program
 * run with an engine a "beforeExit" one (components/events/register.ts flushes its outbox there).
 * Those module instances are dropped when `work` returns, so their listeners go with them; left in
 * place they pile up across the runs of a jest worker (MaxListenersExceededWarning after ten).
 */
const EVENTS: readonly string[] = ["exit", "beforeExit"];
type Listener = (...args: unknown[]) => void;
const listeners = (event: string): Listener[] => (process.listeners as (event: string) => Listener[])(event);

export async function isolateModulesAsync<T>(work: () => Promise<T>): Promise<T> {
  const before = new Map(EVENTS.map((event) => [event, new Set(listeners(event))]));
  let result: { value: T } | undefined;
  try {
    await jest.isolateModulesAsync(async () => {
      result = { value: await work() };
    });
  } finally {
    for (const event of EVENTS) {
      for (const listener of listeners(event)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
  }
  return result!.value;
}

/**
 * The Pulumi SDK records a stack trace for every promise it tracks (`debuggablePromise` in
 * node_modules/@pulumi/pulumi/runtime/debuggable.js runs `new Error().stack` for each output,
 * input and registration) only to print it in its promise-leak report, and that report prints the
 * stacks only when PULUMI_DEBUG_PROMISE_LEAKS is set (`leakedPromises`: `if (debugPromiseLeaks)`).
 * Without the variable the captures are pure cost: ~10 % of an offline preview (dev 417 -> 374 ms,
 * production 1,150 -> 1,030 ms, medians of 5 alternating runs). So the offline evaluation records
 * no frames unless the variable is set; the leak report, with or without it, is what the SDK prints.
 * The SDK calls `debuggable_1.debuggablePromise(...)`, a property read at each call, so replacing
 * the export reaches every caller. (The test runner does the same for every SDK use, with a
 * configurable depth: tests/support/pulumi-debuggable.js; both mark the function they replace.)
 */
const LIMITED = Symbol.for("semantest-iac.debuggable-limited");

interface Debuggable {
  debuggablePromise?: ((promise: Promise<unknown>, ctx: unknown) => Promise<unknown>) & { [LIMITED]?: boolean };
  readonly debugPromiseLeaks?: boolean;
}

/** Makes the SDK's promise tracking record no stack unless PULUMI_DEBUG_PROMISE_LEAKS is set. True when it replaced it. */
export function skipUnreportedPromiseStacks(debuggable: Debuggable): boolean {
  const capture = debuggable.debuggablePromise;
  if (debuggable.debugPromiseLeaks || typeof capture !== "function" || capture[LIMITED]) return false;
  const limited = function debuggablePromise(promise: Promise<unknown>, ctx: unknown) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return capture(promise, ctx);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  debuggable.debuggablePromise = Object.assign(limited, { [LIMITED]: true });
  return true;
}

"use strict";
/**
 * The stack @pulumi/pulumi records for each promise it tracks, under jest.
 *
 * `debuggablePromise` (node_modules/@pulumi/pulumi/runtime/debuggable.js) runs `new Error().stack`
 * for every output, input and registration, only to print it should the promise still be pending
 * when the process exits ("Promise leak detected", next to the promise's context: the resource's
 * name and type). Under jest nobody sees that report (it would be written by a worker as it exits),
 * yet the captures cost 18 % of the CPU of tests/lifecycle/rehearsal-split.test.ts (10.3 s -> 8.4 s
 * with none) and much of its garbage. tests/support/jest-runtime.js wraps the function when the SDK
 * module loads so that it records SEMANTEST_PULUMI_DEBUG_FRAMES frames: 0 by default; 10 (plain
 * Node's depth) to see where a leaked promise was made. Everything else the function does (the
 * leak bookkeeping, the promise it returns) is unchanged, and every other stack keeps jest's depth.
 * The SDK calls it as `debuggable_1.debuggablePromise(...)`, a property read at each call, so
 * replacing the export reaches every caller.
 */
const LIMITED = Symbol.for("semantest-iac.debuggable-limited");

/** SEMANTEST_PULUMI_DEBUG_FRAMES: an integer from 0 to 100; anything else is an error naming the variable. */
function debugFrames(env = process.env) {
  const raw = env.SEMANTEST_PULUMI_DEBUG_FRAMES;
  if (raw === undefined || raw === "") return 0;
  const frames = Number(raw);
  if (!Number.isInteger(frames) || frames < 0 || frames > 100) {
    throw new Error(`SEMANTEST_PULUMI_DEBUG_FRAMES=${JSON.stringify(raw)}: expected an integer from 0 to 100 (0, the default, records no frames; 10 is plain Node's depth)`);
  }
  return frames;
}

/** Makes `debuggable.debuggablePromise` record at most `frames` stack frames. False when already done or not a function. */
function limitDebugCaptures(debuggable, errorClass, frames) {
  const capture = debuggable && debuggable.debuggablePromise;
  if (typeof capture !== "function" || capture[LIMITED]) return false;
  const limited = function debuggablePromise(promise, ctx) {
    const limit = errorClass.stackTraceLimit;
    errorClass.stackTraceLimit = Math.min(frames, limit);
    try {
      return capture(promise, ctx);
    } finally {
      errorClass.stackTraceLimit = limit;
    }
  };
  limited[LIMITED] = true;
  debuggable.debuggablePromise = limited;
  return true;
}

module.exports = { limitDebugCaptures, debugFrames };

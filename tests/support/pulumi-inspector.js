"use strict";
/**
 * The inspector session @pulumi/pulumi opens to serialize a closure, paused between test files.
 *
 * To serialize a function (a dynamic provider's, here the Azure CodeDeployment and CanaryRoute),
 * the SDK opens an inspector session and enables its Debugger for the rest of the process
 * (node_modules/@pulumi/pulumi/runtime/closure/v8Hooks.js: `Debugger.enable`, then a
 * `Debugger.scriptParsed` listener that maps script ids to file names). In a jest worker, whose
 * test files share the SDK (tests/support/jest-environment.js), that made every module compiled by
 * every later file, Azure or not, pay the Debugger's per-script work: loading the production
 * program's modules took 433 ms with it on and 368 ms off. tests/support/jest-runtime.js wraps the
 * SDK's `getSessionAsync` when v8Hooks.js loads, and after a file that asked for the session,
 * disables the Debugger. The session stays open and the next serialization uses it as before: the
 * SDK reads functions' scopes through the Runtime domain, which needs no Debugger; only the file
 * name it puts in a serialization error message (from `scriptParsed`) is missing for scripts
 * compiled afterwards. SEMANTEST_INSPECTOR_PAUSE=off keeps the Debugger on, as plain Node does.
 */
const WATCHED = Symbol.for("semantest-iac.inspector-watched");

/** Wraps v8Hooks' `getSessionAsync` so `pauseDebugger` knows a session was asked for. False when already done or absent. */
function watchSessions(v8Hooks) {
  const open = v8Hooks && v8Hooks.getSessionAsync;
  if (typeof open !== "function" || open[WATCHED]) return false;
  const state = { asked: false };
  const watched = function getSessionAsync(...args) {
    state.asked = true;
    return open.apply(this, args);
  };
  watched[WATCHED] = state;
  v8Hooks.getSessionAsync = watched;
  return true;
}

/**
 * Disables the Debugger of the session when one was asked for since the last call. Resolves to
 * whether it did (never opens a session that was not asked for).
 */
async function pauseDebugger(v8Hooks) {
  const state = v8Hooks && v8Hooks.getSessionAsync && v8Hooks.getSessionAsync[WATCHED];
  if (!state || !state.asked) return false;
  state.asked = false;
  const session = await v8Hooks.getSessionAsync();
  state.asked = false;
  await new Promise((resolve) => session.post("Debugger.disable", () => resolve()));
  return true;
}

/** SEMANTEST_INSPECTOR_PAUSE: "off" keeps the Debugger on; anything else (or unset) pauses it. */
function pausing(env = process.env) {
  return env.SEMANTEST_INSPECTOR_PAUSE !== "off";
}

module.exports = { watchSessions, pauseDebugger, pausing };

"use strict";
/**
 * jest.config.js's `testEnvironment`: jest's node environment, except that the test files one
 * worker runs share one V8 context (one set of globals) instead of getting a new one each, so
 * that the packages in `node_modules` (the Pulumi SDK above all) can be loaded once per worker
 * (tests/support/jest-runtime.js shares them). Objects of one realm are only `instanceof` their
 * own realm's classes and the SDK checks `instanceof Promise` and `instanceof Array`: a package
 * loaded in one file's context would not recognise the next file's promises.
 *
 * What stays per file is what jest sets up per file: the `process` object (with its own copy of
 * the environment variables), the console, `expect`'s state, jest's globals (describe, it, ...),
 * the fake timers and the module mocker; each file's own modules load fresh, as before. What a
 * test file puts on the global object itself stays for the next files of the worker (no suite
 * here does; tests/speed/shared-dependencies.test.ts checks the rule that keeps it so).
 *
 * SEMANTEST_SHARED_DEPENDENCIES=off gives each file its own context, as jest does.
 */
const { TestEnvironment: NodeEnvironment } = require("jest-environment-node");
const { LegacyFakeTimers, ModernFakeTimers } = require("@jest/fake-timers");
const { ModuleMocker } = require("jest-mock");

const enabled = () => process.env.SEMANTEST_SHARED_DEPENDENCIES !== "off";
/** The worker's context and its global object, made by the first test file. */
let shared;

class SharedContextEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    if (!enabled()) return;
    if (!shared) {
      shared = { context: this.context, global: this.global };
      return;
    }
    // jest-environment-node made this file a context of its own; keep what it made per file (the
    // process object with its copy of the environment variables) and move the rest onto the
    // worker's context, as jest-environment-node sets it up (29.7, its constructor).
    const { projectConfig } = config;
    const fresh = this.global;
    this.context = shared.context;
    this.global = shared.global;
    this.global.process = fresh.process;
    Object.assign(this.global, projectConfig.globals ? structuredClone(projectConfig.globals) : {});
    this.global.Error.stackTraceLimit = 100;
    this.moduleMocker = new ModuleMocker(this.global);
    const timerIdToRef = (id) => ({
      id,
      ref() {
        return this;
      },
      unref() {
        return this;
      },
    });
    this.fakeTimers = new LegacyFakeTimers({ config: projectConfig, global: this.global, moduleMocker: this.moduleMocker, timerConfig: { idToRef: timerIdToRef, refToId: (timer) => timer?.id } });
    this.fakeTimersModern = new ModernFakeTimers({ config: projectConfig, global: this.global });
  }
}

module.exports = SharedContextEnvironment;
module.exports.default = SharedContextEnvironment;
module.exports.TestEnvironment = SharedContextEnvironment;
module.exports.sharingEnabled = enabled;

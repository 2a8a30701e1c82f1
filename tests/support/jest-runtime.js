"use strict";
/**
 * jest.config.js's `runtime`: jest's own module loader, with two changes to module isolation.
 * - The packages installed in the project's `node_modules` are the worker's: the first test file
 *   that requires one loads it, later files of the worker get that instance (they share one
 *   context, ./jest-environment.js, which says what stays per file); a shared module's own lazy
 *   `require` goes through the runtime of the file running now. The project's own modules load
 *   fresh for each file, as jest does, except the lazy stand-ins moduleNameMapper puts in place of
 *   two packages (./lazy), which are shared like them. SEMANTEST_SHARED_DEPENDENCIES=off: one of
 *   each per file. tests/speed/shared-context-files.test.ts runs two files in one worker for real.
 * - Inside `jest.isolateModules` / `jest.isolateModulesAsync`, the project's modules load fresh (as
 *   before) while the `node_modules` packages come from the enclosing registry, so they load once
 *   instead of once per isolated run.
 *
 * Why: each program evaluation under mocks (tests/support/pulumi-harness.ts, the offline preview)
 * runs in an isolated registry so the program's modules start clean; loading @pulumi/pulumi,
 * @pulumi/aws and the @pulumi/azure-native submodules again each time cost ~1 s of CPU per
 * evaluation and kept every copy alive until the file ended (one jest worker reached 9 GB and was
 * killed). Pulumi's runtime state does not live in those module instances: it is kept on the
 * global object (node_modules/@pulumi/pulumi/runtime/state.js, `global.globalStore`) and
 * `pulumi.runtime.setMocks` resets it before each evaluation (runtime/settings.js, resetOptions),
 * so one SDK instance evaluates program after program, as `preview --offline` and the lifecycle
 * rehearsal already do in one process.
 *
 * All of node_modules or none of it: a package shared while another one it hands objects to (for
 * example google-protobuf, which the program's events transform also requires) loaded fresh would
 * put two copies of one library in one evaluation. Packages outside the project's node_modules
 * (an unzipped artifact's own node_modules) stay isolated, as do the lazy stand-ins that
 * moduleNameMapper points at (tests/support/lazy).
 *
 * Modules are compiled with the worker's V8 code cache (./worker-code-cache.js): a module the
 * worker already compiled for an earlier test file is deserialized, not parsed and compiled again.
 * SEMANTEST_CODE_CACHE=off compiles everything, as jest does.
 *
 * It also hands every test file the worker's cache of built artifacts (artifacts/build-cache.ts,
 * ./worker-build-cache.js): the same sources are bundled and zipped once per worker, not once per
 * program evaluation. SEMANTEST_ARTIFACT_CACHE=off turns it off.
 */
const path = require("path");
const Runtime = require("jest-runtime").default;
const vm = require("vm");
const { WorkerBuildCache } = require("./worker-build-cache");
const { WorkerCodeCache } = require("./worker-code-cache");
const { debugFrames, limitDebugCaptures } = require("./pulumi-debuggable");
const { pauseDebugger, pausing, watchSessions } = require("./pulumi-inspector");
const { sharingEnabled } = require("./jest-environment");

/** The SDK module whose per-promise stack capture ./pulumi-debuggable.js limits (SEMANTEST_PULUMI_DEBUG_FRAMES). */
const DEBUGGABLE = path.join("node_modules", "@pulumi", "pulumi", "runtime", "debuggable.js");
/** The SDK module that opens the inspector session closure serialization uses (./pulumi-inspector.js). */
const V8_HOOKS = path.join("node_modules", "@pulumi", "pulumi", "runtime", "closure", "v8Hooks.js");
/** Its exports once loaded in this worker: teardown pauses its Debugger. */
let v8Hooks;
const pauseInspector = pausing();

/** artifacts/build-cache.ts's ARTIFACT_BUILD_CACHE: built zips by content, shared by this worker's test files. */
const ARTIFACT_BUILD_CACHE = Symbol.for("semantest-iac.artifact-build-cache");
const workerBuildCache = new WorkerBuildCache();
const workerCodeCache = new WorkerCodeCache();
/** The code cache's counters, for tests/speed/worker-code-cache.test.ts. */
const CODE_CACHE_STATS = Symbol.for("semantest-iac.code-cache-stats");
const pulumiDebugFrames = debugFrames();

/**
 * With a shared context (./jest-environment.js), the `node_modules` modules every test file of this
 * worker has loaded, by file name, and the runtime of the file running now: a shared module's own
 * `require` (a lazy require inside the SDK, long after the file that loaded it ended) goes through
 * the running file's runtime.
 */
const workerDependencies = new Map();
let currentRuntime;

/**
 * What a worker's test files share: the project's node_modules, and the lazy stand-ins that
 * moduleNameMapper puts in place of two of its packages (./lazy: the SDK keeps the stand-in it
 * loaded, and the stand-in must load the real module through the running file, not the ended one).
 */
function sharedDirs(rootDir) {
  return [path.join(rootDir, "node_modules") + path.sep, path.join(rootDir, "tests", "support", "lazy") + path.sep];
}
const isShared = (dirs, filename) => typeof filename === "string" && dirs.some((dir) => filename.startsWith(dir));

/**
 * A module registry that keeps some modules itself and leaves the rest (`isShared(key)`) to
 * another registry, `shared()`: a test file's registry leaves node_modules to the worker's
 * (workerDependencies), an isolated one (jest.isolateModules) to the file's.
 * clear() (jest.resetModules, the end of a file) clears its own modules only.
 */
class SplitRegistry extends Map {
  constructor(isShared, shared) {
    super();
    this.isShared = isShared;
    this.shared = shared;
  }
  get(key) {
    return this.isShared(key) ? this.shared().get(key) : super.get(key);
  }
  has(key) {
    return this.isShared(key) ? this.shared().has(key) : super.has(key);
  }
  set(key, value) {
    if (this.isShared(key)) this.shared().set(key, value);
    else super.set(key, value);
    return this;
  }
  delete(key) {
    return this.isShared(key) ? this.shared().delete(key) : super.delete(key);
  }
  *keys() {
    yield* super.keys();
    for (const key of this.shared().keys()) if (this.isShared(key)) yield key;
  }
}

/** A test file's module registry whose node_modules entries (and lazy stand-ins) are the worker's. */
const workerDependenciesRegistry = (dirs) => new SplitRegistry((key) => isShared(dirs, key), () => workerDependencies);

/** CPU seconds of this process and of its finished children, from /proc (Linux) or process.cpuUsage. */
function cpuSeconds() {
  try {
    // Fields 14-17 of /proc/self/stat: utime, stime, cutime, cstime, in clock ticks (100 per second on Linux).
    const fields = require("fs").readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    const ticks = (i) => Number(fields[i - 3]);
    return { self: (ticks(14) + ticks(15)) / 100, children: (ticks(16) + ticks(17)) / 100 };
  } catch {
    const { user, system } = process.cpuUsage();
    return { self: (user + system) / 1e6, children: 0 };
  }
}

class SharedDependenciesRuntime extends Runtime {
  constructor(config, environment, resolver, transform, cacheFS, coverageOptions, testPath, ...rest) {
    super(config, environment, resolver, transform, cacheFS, coverageOptions, testPath, ...rest);
    // SEMANTEST_JEST_CPU_LOG=<file>: one JSON line per test file with the CPU seconds it took
    // (bench/speed.ts reads it to show where `npm test`'s time goes).
    this.cpuLog = process.env.SEMANTEST_JEST_CPU_LOG ? { file: process.env.SEMANTEST_JEST_CPU_LOG, testPath, start: cpuSeconds(), hits: workerBuildCache.hits, misses: workerBuildCache.misses, codeHits: workerCodeCache.hits, codeMisses: workerCodeCache.misses } : undefined;
    // SEMANTEST_ARTIFACT_CACHE=off builds every artifact, as production does (to compare, or to rule the cache out).
    if (process.env.SEMANTEST_ARTIFACT_CACHE !== "off") environment.global[ARTIFACT_BUILD_CACHE] = workerBuildCache;
    this.codeCacheStores = process.env.SEMANTEST_CODE_CACHE === "off" ? undefined : [];
    if (this.codeCacheStores) environment.global[CODE_CACHE_STATS] = () => ({ hits: workerCodeCache.hits, misses: workerCodeCache.misses, rejected: workerCodeCache.rejected });
    const dependenciesDir = path.join(config.rootDir, "node_modules") + path.sep;
    this.sharesDependencies = sharingEnabled();
    if (this.sharesDependencies) {
      this.sharedDirs = sharedDirs(config.rootDir);
      this._moduleRegistry = workerDependenciesRegistry(this.sharedDirs);
      currentRuntime = this;
    }
    let isolated = this._isolatedModuleRegistry;
    // jest-runtime assigns a new Map to this field when isolation starts and null when it ends
    // (isolateModules, isolateModulesAsync): wrap whatever Map it assigns.
    Object.defineProperty(this, "_isolatedModuleRegistry", {
      configurable: true,
      enumerable: true,
      get: () => isolated,
      set: (value) => {
        isolated = value instanceof Map && !(value instanceof SplitRegistry) ? new SplitRegistry((key) => isShared([dependenciesDir], key), () => this._moduleRegistry) : value;
      },
    });
  }

  /**
   * A shared module's `require`: jest's, except that it resolves and loads through the runtime of
   * the file running now (the one that loaded the module may have ended).
   */
  _createRequireImplementation(from, options) {
    const own = super._createRequireImplementation(from, options);
    if (!this.sharesDependencies || options?.isInternalModule || !isShared(this.sharedDirs, from?.filename)) return own;
    const runtime = () => (currentRuntime && !currentRuntime.isTornDown ? currentRuntime : this);
    const moduleRequire = (moduleName) => runtime().requireModuleOrMock(from.filename, moduleName);
    const resolve = (moduleName, resolveOptions) => runtime()._requireResolve(from.filename, moduleName, resolveOptions);
    resolve.paths = (moduleName) => runtime()._requireResolvePaths(from.filename, moduleName);
    moduleRequire.resolve = resolve;
    moduleRequire.extensions = own.extensions;
    // The running file's registry (jest's require.cache is a read-only view of the registry).
    const ignore = () => true;
    moduleRequire.cache = new Proxy(Object.create(null), {
      defineProperty: ignore,
      deleteProperty: ignore,
      set: ignore,
      get: (_target, key) => (typeof key === "string" ? runtime()._moduleRegistry.get(key) : undefined),
      getOwnPropertyDescriptor: () => ({ configurable: true, enumerable: true }),
      has: (_target, key) => typeof key === "string" && runtime()._moduleRegistry.has(key),
      ownKeys: () => Array.from(runtime()._moduleRegistry.keys()),
    });
    Object.defineProperty(moduleRequire, "main", { enumerable: true, get: () => runtime()._mainModule });
    moduleRequire.requireActual = (moduleName) => runtime().requireActual(from.filename, moduleName);
    moduleRequire.requireMock = (moduleName) => runtime().requireMock(from.filename, moduleName);
    return moduleRequire;
  }

  _execModule(localModule, ...rest) {
    const result = super._execModule(localModule, ...rest);
    if (localModule && typeof localModule.filename === "string" && localModule.filename.endsWith(DEBUGGABLE) && this._environment.global) {
      limitDebugCaptures(localModule.exports, this._environment.global.Error, pulumiDebugFrames);
    }
    if (pauseInspector && localModule && typeof localModule.filename === "string" && localModule.filename.endsWith(V8_HOOKS) && watchSessions(localModule.exports)) {
      v8Hooks = localModule.exports;
    }
    return result;
  }

  /** jest-runtime's own createScriptFromCode (29.7), plus the worker's code cache. */
  createScriptFromCode(scriptSource, filename) {
    if (!this.codeCacheStores) return super.createScriptFromCode(scriptSource, filename);
    try {
      const scriptFilename = this._resolver.isCoreModule(filename) ? `jest-nodejs-core-${filename}` : filename;
      const source = this.wrapCodeInModuleWrapper(scriptSource);
      const { script, store } = workerCodeCache.compile(scriptFilename, source, (cachedData) =>
        new vm.Script(source, {
          columnOffset: this._fileTransforms.get(filename)?.wrapperLength,
          displayErrors: true,
          filename: scriptFilename,
          cachedData,
          importModuleDynamically: async (specifier) => {
            const context = this._environment.getVmContext?.();
            if (!context) throw new Error("Test environment has been torn down");
            const module = await this.resolveModule(specifier, scriptFilename, context);
            return this.linkAndEvaluateModule(module);
          },
        }),
      );
      if (store) this.codeCacheStores.push(store);
      return script;
    } catch (e) {
      return super.createScriptFromCode(scriptSource, filename);
    }
  }

  teardown() {
    // The next file compiles its modules without the Debugger the SDK enabled to serialize a closure.
    if (v8Hooks) pauseDebugger(v8Hooks).catch(() => undefined);
    // The code cache is taken now, after the file ran: it then holds the functions the file called.
    for (const store of this.codeCacheStores ?? []) store();
    this.codeCacheStores = [];
    if (this.cpuLog) {
      const end = cpuSeconds();
      const line = {
        testPath: path.relative(this._config.rootDir, this.cpuLog.testPath),
        cpuSeconds: +(end.self - this.cpuLog.start.self).toFixed(2),
        childCpuSeconds: +(end.children - this.cpuLog.start.children).toFixed(2),
        artifactCache: { hits: workerBuildCache.hits - this.cpuLog.hits, misses: workerBuildCache.misses - this.cpuLog.misses },
        codeCache: { hits: workerCodeCache.hits - this.cpuLog.codeHits, misses: workerCodeCache.misses - this.cpuLog.codeMisses, rejected: workerCodeCache.rejected },
        pid: process.pid,
      };
      require("fs").appendFileSync(this.cpuLog.file, `${JSON.stringify(line)}\n`);
    }
    return super.teardown();
  }
}

module.exports = SharedDependenciesRuntime;
module.exports.default = SharedDependenciesRuntime;
module.exports.SplitRegistry = SplitRegistry;
module.exports.workerDependenciesRegistry = workerDependenciesRegistry;

"use strict";
const { ByteCappedMap } = require("./byte-capped-map");
/**
 * V8 code cache for the modules a jest worker compiles, shared by the test files it runs.
 *
 * jest compiles every module again for every test file (`new vm.Script(...)` in a fresh module
 * registry), and V8 then compiles each function lazily on its first call, again per file. For a
 * file that loads the Pulumi SDK that is tens of megabytes of JavaScript parsed and compiled each
 * time. The first file to compile a module leaves, when it ends, the module's code cache
 * (`script.createCachedData()`, taken after the file ran, so it holds the functions it called too),
 * and later files hand it to `new vm.Script` as `cachedData`: V8 deserializes instead of compiling.
 *
 * Safe by construction: an entry is used only for the same file name with the very same wrapped
 * source (compared in full), and V8 itself checks the data (its version, flags and a source hash)
 * and ignores data it rejects (`script.cachedDataRejected`), compiling as it would have. The code
 * cache holds compiled code only, no object of the file that made it, so a later file's module is
 * evaluated afresh in that file's own context. Entries are Buffers in the worker's realm; oldest
 * go first past `maxBytes`.
 */
class WorkerCodeCache {
  constructor(maxBytes = 192 * 1024 * 1024) {
    /** filename -> { source, data } */
    this.entries = new ByteCappedMap(maxBytes, (entry) => entry.data.length + entry.source.length * 2);
    this.hits = 0;
    this.misses = 0;
    this.rejected = 0;
  }
  get bytes() {
    return this.entries.bytes;
  }

  /** The cached data for `filename` compiled from exactly `source`, if any. */
  get(filename, source) {
    const entry = this.entries.get(filename);
    if (entry && entry.source === source) {
      this.hits++;
      return entry.data;
    }
    this.misses++;
    return undefined;
  }

  set(filename, source, data) {
    if (typeof filename !== "string" || typeof source !== "string" || !Buffer.isBuffer(data)) throw new TypeError("WorkerCodeCache.set(filename: string, source: string, data: Buffer)");
    this.entries.set(filename, { source, data });
  }

  delete(filename) {
    this.entries.delete(filename);
  }

  /**
   * Wraps `compile(cachedData)` (which returns a vm.Script): hands it the cached data when there
   * is some, and returns a function that, called once the module has run, stores the script's code
   * cache when none was used (absent or rejected by V8).
   */
  compile(filename, source, compile) {
    const cached = this.get(filename, source);
    const script = compile(cached);
    if (cached && script.cachedDataRejected) {
      this.rejected++;
      this.delete(filename);
    }
    const needsData = !cached || script.cachedDataRejected;
    return { script, store: needsData ? () => this.store(filename, source, script) : undefined };
  }

  store(filename, source, script) {
    if (this.entries.has(filename) && this.entries.get(filename).source === source) return;
    let data;
    try {
      data = script.createCachedData();
    } catch {
      return; // nothing to keep: the next file compiles as jest would
    }
    if (data.length > 0) this.set(filename, source, data);
  }
}

module.exports = { WorkerCodeCache };

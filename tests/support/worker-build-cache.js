"use strict";
/**
 * One cache of built artifacts per jest worker (artifacts/build-cache.ts says how it is keyed and
 * why it is safe), shared by the test files the worker runs. tests/support/jest-runtime.js puts it
 * on each test file's global object.
 *
 * It lives in the worker's own realm and keeps only strings and Buffers (jest's node environment
 * hands test files the worker's Buffer), so an entry holds no object of the test file that built
 * it and the file's context can be collected when it ends. Oldest entries go first past `maxBytes`.
 */
class WorkerBuildCache {
  constructor(maxBytes = 256 * 1024 * 1024) {
    this.maxBytes = maxBytes;
    this.bytes = 0;
    this.entries = new Map();
    this.hits = 0;
    this.misses = 0;
  }
  get(key) {
    const entry = this.entries.get(key);
    if (entry) this.hits++;
    else this.misses++;
    return entry && { meta: entry.meta, zip: entry.zip };
  }
  set(key, meta, zip) {
    if (typeof key !== "string" || typeof meta !== "string" || !Buffer.isBuffer(zip)) throw new TypeError("WorkerBuildCache.set(key: string, meta: string, zip: Buffer)");
    this.delete(key);
    // A copy made here, in the worker's realm, of a string built in the test file's.
    const entry = { meta: `${meta}`, zip: Buffer.from(zip) };
    this.entries.set(key, entry);
    this.bytes += entry.zip.length + entry.meta.length;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }
  delete(key) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.zip.length + entry.meta.length;
  }
}

module.exports = { WorkerBuildCache };

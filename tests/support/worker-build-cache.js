"use strict";
const { ByteCappedMap } = require("./byte-capped-map");
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
    this.entries = new ByteCappedMap(maxBytes, (entry) => entry.zip.length + entry.meta.length);
    this.hits = 0;
    this.misses = 0;
  }
  get bytes() {
    return this.entries.bytes;
  }
  get(key) {
    const entry = this.entries.get(key);
    if (entry) this.hits++;
    else this.misses++;
    return entry && { meta: entry.meta, zip: entry.zip };
  }
  set(key, meta, zip) {
    if (typeof key !== "string" || typeof meta !== "string" || !Buffer.isBuffer(zip)) throw new TypeError("WorkerBuildCache.set(key: string, meta: string, zip: Buffer)");
    // A copy made here, in the worker's realm, of a string built in the test file's.
    this.entries.set(key, { meta: `${meta}`, zip: Buffer.from(zip) });
  }
  delete(key) {
    this.entries.delete(key);
  }
}

module.exports = { WorkerBuildCache };

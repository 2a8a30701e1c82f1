"use strict";
/**
 * A Map that keeps the byte size of its values under a budget, dropping the oldest entries first:
 * what the jest worker's caches (./worker-build-cache.js, ./worker-code-cache.js) keep their
 * entries in. `sizeOf(value)` gives an entry's bytes; `bytes` is the total held.
 */
class ByteCappedMap extends Map {
  constructor(maxBytes, sizeOf) {
    super();
    this.maxBytes = maxBytes;
    this.sizeOf = sizeOf;
    this.bytes = 0;
  }
  set(key, value) {
    this.delete(key);
    super.set(key, value);
    this.bytes += this.sizeOf(value);
    for (const [oldest] of this) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
    return this;
  }
  delete(key) {
    if (!this.has(key)) return false;
    this.bytes -= this.sizeOf(this.get(key));
    return super.delete(key);
  }
}

module.exports = { ByteCappedMap };

"use strict";
/**
 * An object that stands for `load()`'s result and calls it only when first touched.
 * `esModule: true` makes it answer `__esModule` itself: TypeScript's `import * as x` helper
 * (`__importStar`) then takes the object as it is instead of copying every key, which would load
 * the module at once. Only for modules used by named members, never as a default import.
 */
function lazy(load, { esModule = false } = {}) {
  let real;
  const target = () => (real ??= load());
  return new Proxy(
    {},
    {
      get: (_, key) => (esModule && key === "__esModule" ? true : target()[key]),
      has: (_, key) => key in target(),
      set: (_, key, value) => {
        target()[key] = value;
        return true;
      },
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
        // A proxy may only report configurable properties its (empty) target does not have.
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}

module.exports = { lazy };

"use strict";
/** An object that stands for `load()`'s result and calls it only when first touched. */
function lazy(load) {
  let real;
  const target = () => (real ??= load());
  return new Proxy(
    {},
    {
      get: (_, key) => target()[key],
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

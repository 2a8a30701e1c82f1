"use strict";
/**
 * Defers modules that libraries require at load time but use only in code paths this CLI does
 * not take; each is replaced by a proxy that loads the real module on first use, so behaviour is
 * unchanged when something does use it. Only requires from the named package are deferred.
 *
 * - @pulumi/pulumi requires `typescript` (the compiler, ~9 MB, to parse function bodies) and
 *   `@npmcli/arborist` (to find a closure's packages) only to serialize JavaScript closures into
 *   cloud functions (`new aws.lambda.CallbackFunction(...)`, which this program never does):
 *   about half of `require("@pulumi/pulumi")` (node_modules/@pulumi/pulumi/typescript-shim.js,
 *   runtime/closure/parseFunction.js and codePaths.js use them inside functions only).
 * - commander requires `node:child_process` only to run git-style executable subcommands
 *   (lib/command.js `_executeSubCommand`); none of ours is one. Loading it is ~20 % of `--help`.
 */
const Module = require("module");
const path = require("path");
const { lazy } = require("./lazy");

/** Module -> the package whose requires of it are deferred, and the proxy's options (bin/lazy.js). */
const inPackage = (name) => `${path.sep}node_modules${path.sep}${name.split("/").join(path.sep)}${path.sep}`;
const DEFERRED = new Map([
  ["typescript", { from: inPackage("@pulumi/pulumi"), options: {} }],
  // codePaths.js imports it with `__importStar` and uses `arborist.Arborist` only.
  ["@npmcli/arborist", { from: inPackage("@pulumi/pulumi"), options: { esModule: true } }],
  ["node:child_process", { from: inPackage("commander"), options: {} }],
]);

const load = Module._load;
const proxies = new Map();
Module._load = function loadDeferred(request, parent, isMain) {
  const deferred = DEFERRED.get(request);
  if (deferred && parent && parent.filename && parent.filename.includes(deferred.from)) {
    const filename = Module._resolveFilename(request, parent, isMain);
    if (!proxies.has(filename)) proxies.set(filename, lazy(() => load.call(Module, filename, parent, false), deferred.options));
    return proxies.get(filename);
  }
  return load.apply(this, arguments);
};


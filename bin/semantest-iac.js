#!/usr/bin/env node
"use strict";
// The CLI is TypeScript, loaded through bin/ts-hook.js (esbuild, cached per file): no build step after `npm ci`.
// Node 22.1+ keeps V8's compiled code of every loaded module on disk (os.tmpdir()/node-compile-cache),
// so later starts skip most of the parsing the SDKs cost; older Node versions have no such function.
require("module").enableCompileCache?.();
require("./lazy-modules");
require("./ts-hook");
const { run } = require("../cli/main.ts");

let settled = false;
run(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (error) => {
    settled = true;
    process.stderr.write(`error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
// Nothing left to run but no result: a command waited on something that can never happen. Say so
// and fail, instead of exiting 0 as if it had succeeded.
process.on("beforeExit", () => {
  if (settled) return;
  settled = true;
  process.stderr.write("error: the command stopped before it finished (it waited on work that was never going to complete); this is a bug in semantest-iac\n");
  process.exitCode = 1;
});

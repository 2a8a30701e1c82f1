#!/usr/bin/env node
"use strict";
// The CLI is TypeScript, loaded through bin/ts-hook.js (esbuild, cached per file): no build step after `npm ci`.
// Node 22.1+ keeps V8's compiled code of every loaded module on disk (os.tmpdir()/node-compile-cache),
// so later starts skip most of the parsing the SDKs cost; older Node versions have no such function.
require("module").enableCompileCache?.();
require("./lazy-modules");
require("./ts-hook");
const { run } = require("../cli/main.ts");

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);

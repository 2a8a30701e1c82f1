#!/usr/bin/env node
"use strict";
// The CLI is TypeScript, loaded through bin/ts-hook.js (esbuild, cached per file): no build step after `npm ci`.
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

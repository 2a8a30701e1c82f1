#!/usr/bin/env node
"use strict";
// The CLI is TypeScript, run through tsx's require hook (esbuild): no build step after `npm ci`.
require("tsx/cjs");
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

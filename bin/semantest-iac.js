#!/usr/bin/env node
"use strict";
// The CLI is TypeScript, loaded through bin/ts-hook.js (esbuild, cached per file): no build step after `npm ci`.
const path = require("path");
const pack = require("./pack");
// Node 22.1+ keeps V8's compiled code of every module it loads on disk (os.tmpdir()/node-compile-cache),
// so later starts skip most of the parsing the SDKs cost; older Node versions have no such function.
// Turned on when the first module goes through Node's loader: `--help`, served by the pack, never pays for it.
const enableCompileCache = () => require("module").enableCompileCache?.();
// In this order, from one file when it is current (bin/pack.js): the deferral of modules libraries
// load but this CLI does not use (./lazy-modules.js), the TypeScript loader, then cli/main.ts and
// what loading it requires.
const entries = [path.join(__dirname, "lazy-modules.js"), path.join(__dirname, "ts-hook.js"), path.join(__dirname, "..", "cli", "main.ts")];
const { run } = pack.loadPacked(entries, "cli", enableCompileCache);

let settled = false;
run(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
    pack.saveCodeCache();
  },
  (error) => {
    settled = true;
    pack.saveCodeCache();
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

#!/usr/bin/env node
"use strict";
/**
 * Runs npm scripts at the same time and exits with the first non-zero exit code (0 when all pass).
 * Each script's output is printed in one piece when it ends, under its name and duration, so the
 * logs of parallel checks never interleave.
 *
 *   node scripts/run-parallel.js typecheck lint
 */
const { spawn } = require("child_process");

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write("usage: node scripts/run-parallel.js <npm script> [<npm script>...]\n");
  process.exit(2);
}

const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];

function run(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const chunks = [];
    const child = spawn(npm[0], [...npm.slice(1), "run", "--silent", name], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => chunks.push(chunk));
    child.on("error", (error) => {
      chunks.push(Buffer.from(`${error.message}\n`));
      resolve(finish(1));
    });
    child.on("close", (code, signal) => resolve(finish(code ?? (signal ? 1 : 0))));

    function finish(code) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const output = Buffer.concat(chunks).toString();
      process.stdout.write(`> ${name}: ${code === 0 ? "ok" : `FAILED (exit ${code})`} in ${seconds} s\n${output}${output && !output.endsWith("\n") ? "\n" : ""}`);
      return code;
    }
  });
}

Promise.all(names.map(run)).then((codes) => {
  process.exitCode = codes.find((code) => code !== 0) ?? 0;
});

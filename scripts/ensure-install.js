#!/usr/bin/env node
"use strict";
/**
 * `npm test`'s pretest: runs `npm ci` only when the dependencies are not installed or
 * package-lock.json changed since they were (npm writes node_modules/.package-lock.json on every
 * install), so the README's `npm test` works on a fresh clone and never reinstalls for nothing.
 * Plain Node with no dependency: it runs before there is a node_modules.
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const mtime = (file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

const installed = mtime(path.join(root, "node_modules", ".package-lock.json"));
const locked = mtime(path.join(root, "package-lock.json"));
if (installed !== undefined && locked !== undefined && installed >= locked) process.exit(0);

process.stdout.write(installed === undefined ? "pretest: no node_modules yet: npm ci\n" : "pretest: package-lock.json changed since the last install: npm ci\n");
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
const result = spawnSync(npm[0], [...npm.slice(1), "ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);

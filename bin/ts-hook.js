"use strict";
/**
 * Lets `require` load this repository's `.ts` files: the CLI runs the very sources `pulumi up`
 * runs (Pulumi.yaml: `main: index.ts`), with no build step after `npm ci` and no TypeScript loader
 * on the hot path. Each file is transpiled once by esbuild (types stripped, CommonJS out, no type
 * check: `npm run typecheck` does that) and the result is kept in node_modules/.cache, keyed by
 * the source's content, esbuild's version and tsconfig.json; later runs read the cached JavaScript
 * and never load esbuild. Only `.ts` outside node_modules goes through here; `.js` is untouched.
 *
 * Why not tsx: it hooks every extension and loads its own esbuild wrapper on each start (issue 15
 * profile: 19 % of an offline preview in the loader alone).
 */
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const CACHE_DIR = process.env.SEMANTEST_TS_CACHE || path.join(ROOT, "node_modules", ".cache", "semantest-iac-ts");
// Bump when the transform options below change.
const HOOK_VERSION = "1";

let salt;
/** What besides the source decides the output: the options, esbuild's version and the compiler options. */
function cacheSalt() {
  if (salt === undefined) {
    const tsconfig = readOr(path.join(ROOT, "tsconfig.json"), "");
    const esbuildVersion = JSON.parse(fs.readFileSync(require.resolve("esbuild/package.json", { paths: [ROOT] }), "utf8")).version;
    salt = `${HOOK_VERSION}\0${esbuildVersion}\0${tsconfig}`;
  }
  return salt;
}

let esbuild;
let compilerOptions;
function transpile(source, filename) {
  if (!esbuild) {
    esbuild = require("esbuild");
    // The options esbuild honours from tsconfig (e.g. useDefineForClassFields follows `target`).
    compilerOptions = JSON.parse(readOr(path.join(ROOT, "tsconfig.json"), "{}")).compilerOptions || {};
  }
  return esbuild.transformSync(source, {
    loader: "ts",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    platform: "node",
    sourcefile: filename,
    // Stack traces point at the .ts lines when Node runs with source maps (set below).
    sourcemap: "inline",
    tsconfigRaw: { compilerOptions },
  }).code;
}

function compile(source, filename) {
  const key = crypto.createHash("sha256").update(cacheSalt()).update("\0").update(filename).update("\0").update(source).digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.js`);
  const hit = readOr(cached, undefined);
  if (hit !== undefined) return hit;
  const code = transpile(source, filename);
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Write then rename: a concurrent run never reads a half-written file.
    const temporary = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, code);
    fs.renameSync(temporary, cached);
  } catch {
    // A read-only install still works, it only transpiles on every start.
  }
  return code;
}

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

if (!Module._extensions[".ts"]) {
  Module._extensions[".ts"] = function loadTypeScript(module, filename) {
    if (filename.includes(`${path.sep}node_modules${path.sep}`)) throw new Error(`${filename}: TypeScript inside node_modules is not supported by bin/ts-hook.js`);
    module._compile(compile(fs.readFileSync(filename, "utf8"), filename), filename);
  };
}

module.exports = { compile };

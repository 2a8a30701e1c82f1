"use strict";
/**
 * Lets `require` load this repository's `.ts` files: the CLI runs the very sources `pulumi up`
 * runs (Pulumi.yaml: `main: index.ts`), with no build step after `npm ci` and no TypeScript loader
 * on the hot path. Each file is transpiled once by esbuild (types stripped, CommonJS out, no type
 * check: `npm run typecheck` does that) and the result is kept in node_modules/.cache with the
 * source's modification time and size, esbuild's version and tsconfig.json's stamp; later runs
 * read the cached JavaScript and never load esbuild. Only `.ts` outside node_modules goes through
 * here; `.js` is untouched.
 *
 * Why not tsx: it hooks every extension and loads its own esbuild wrapper on each start (issue 15
 * profile: 19 % of an offline preview in the loader alone).
 */
const fs = require("fs");
const Module = require("module");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const CACHE_DIR = process.env.SEMANTEST_TS_CACHE || path.join(ROOT, "node_modules", ".cache", "semantest-iac-ts");
// Bump when the transform options below change.
const HOOK_VERSION = "1";

let salt;
/** What besides the source decides the output: this hook's options, esbuild's version and tsconfig.json. */
function cacheSalt() {
  if (salt === undefined) {
    const esbuildPackage = readOr(path.join(ROOT, "node_modules", "esbuild", "package.json"), undefined) ?? fs.readFileSync(require.resolve("esbuild/package.json"), "utf8");
    salt = `${HOOK_VERSION} ${JSON.parse(esbuildPackage).version} ${stamp(path.join(ROOT, "tsconfig.json"))} ${process.sourceMapsEnabled ? "maps" : "nomaps"}`;
  }
  return salt;
}

/** A file's modification time and size: what decides whether its cached output is still current. */
function stamp(file) {
  // Without throwIfNoEntry a missing file costs an exception with its stack: most of the check.
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.mtimeMs}:${stat.size}` : "absent";
}

/**
 * cyrb53, a public-domain 53-bit string hash, of the file's path: the cache file's name. Cheap
 * on purpose (no `crypto`, no hashing of sources): `--help` pays it for every file it loads.
 */
function hash53(text) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
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
    // With --enable-source-maps, stack traces point at the .ts lines; without it the map is dead
    // weight every start would parse.
    sourcemap: process.sourceMapsEnabled ? "inline" : false,
    tsconfigRaw: { compilerOptions },
  }).code;
}

/**
 * The JavaScript for `filename`: from the cache when its first line names the source's current
 * modification time and size and the same salt, else transpiled now and cached.
 */
function compile(filename) {
  const cached = path.join(CACHE_DIR, `${path.basename(filename, ".ts")}-${hash53(filename)}.js`);
  const header = `//ts-hook ${stamp(filename)} ${cacheSalt()}\n`;
  const hit = readOr(cached, undefined);
  if (hit !== undefined && hit.startsWith(header)) return hit.slice(header.length);
  const code = transpile(fs.readFileSync(filename, "utf8"), filename);
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Write then rename: a concurrent run never reads a half-written file.
    const temporary = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, header + code);
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

// Set unconditionally: Node 22.18+ registers its own `.ts` handler (type stripping), which rejects
// enums and parameter properties and may treat a file as an ES module; this one transpiles fully.
Module._extensions[".ts"] = function loadTypeScript(module, filename) {
  if (filename.includes(`${path.sep}node_modules${path.sep}`)) throw new Error(`${filename}: TypeScript inside node_modules is not supported by bin/ts-hook.js`);
  module._compile(compile(filename), filename);
};

module.exports = { compile, hash53 };

"use strict";
/**
 * Loads the CLI's entry modules and every module their top levels require (bin/lazy-modules.js,
 * bin/ts-hook.js, cli/main.ts, the command list, commander, picocolors: what `--help` runs) from
 * one file, the pack, instead of ~40 files each resolved, read and compiled by Node's loader.
 * Node's per-module cost was most of `--help` (issue 15: 2.2× `node -e 0`).
 *
 * Same modules, same semantics: each packed module gets a real `Module` registered in
 * `require.cache` under its real file name before it runs (so a module a command loads later
 * through Node's loader is the very same instance, and bin/lazy-modules.js still sees commander as
 * the parent of its requires). A packed module's `require` of a request that was resolved into the
 * pack when it was built is served from the pack; any other request (Node built-ins, the modules
 * commands load when they run, esbuild when bin/ts-hook.js transpiles) goes to Node's
 * `module.require`, as before.
 *
 * The pack is built by the run that finds it missing or stale: that run loads the entries through
 * Node's loader, records what each module's top level required and how each request resolved, and
 * writes node_modules/.cache/semantest-iac-pack/cli.js. It is used only while every file and folder
 * that decided its content keeps the modification time and size it had (`stamps` below: the packed
 * files, the folders holding them, the `node_modules` folders and package.json files bare requests
 * were resolved through, esbuild's version, tsconfig.json, this file) and Node's version is the
 * same. Anything unreadable is a miss; a read-only install loads file by file, as before.
 *
 * The V8 code cache of the pack is written after the first run that used it (cli.v8): unlike
 * Node's compile cache it then holds the functions compiled while the command ran (commander's
 * option parsing and help formatting), not only the top-level code. It carries the pack's id: V8
 * itself checks only the source's length.
 *
 * With --enable-source-maps (debugging) or SEMANTEST_PACK=off the pack is not used: stack traces
 * keep the .ts lines.
 */
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");

const ROOT = path.resolve(__dirname, "..");
const PACK_DIR = process.env.SEMANTEST_PACK_CACHE || path.join(ROOT, "node_modules", ".cache", "semantest-iac-pack");
// Bump when the pack's layout or the way it is built changes.
const PACK_VERSION = "2";
const HEADER = "//semantest-iac-pack ";
// What decides bin/ts-hook.js's output besides the hook itself (packed, so stamped like any module).
const TS_OUTPUT_INPUTS = [path.join(ROOT, "node_modules", "esbuild", "package.json"), path.join(ROOT, "tsconfig.json")];

/** The pack in use (for `saveCodeCache`), if any. */
let active;

/**
 * `require()` of each of `entries` in turn (absolute paths), from the pack when it is current;
 * otherwise through Node's loader, and the pack is (re)built for the next run. Returns the last
 * entry's exports. `name` names the pack's files. `beforeNodeLoader` is called once, before the
 * first module that Node's loader loads (not for built-ins).
 */
function loadPacked(entries, name, beforeNodeLoader = () => undefined) {
  entries = [].concat(entries);
  let called = false;
  const before = () => {
    if (!called) beforeNodeLoader();
    called = true;
  };
  if (process.sourceMapsEnabled || process.env.SEMANTEST_PACK === "off") {
    before();
    return entries.map((entry) => require(entry)).pop();
  }
  const file = path.join(PACK_DIR, `${name}.js`);
  const pack = readPack(file, entries);
  if (pack) {
    const modules = compilePack(pack, file);
    if (modules) return runPacked(pack, modules, entries, before);
  }
  before();
  const recorded = record(entries);
  writePack(file, entries, recorded.files, recorded.resolved);
  return recorded.exports;
}

/** The pack at `file` when it was built for `entries` and nothing it depends on changed since. */
function readPack(file, entries) {
  // Anything unexpected (no pack, a pack of another layout, cut short) is a miss, never a failure.
  try {
    const text = fs.readFileSync(file, "utf8");
    const newline = text.indexOf("\n");
    if (!text.startsWith(HEADER) || newline < 0) return undefined;
    const manifest = JSON.parse(text.slice(HEADER.length, newline));
    if (manifest.version !== PACK_VERSION || manifest.salt !== salt() || manifest.entries.join("\n") !== entries.join("\n")) return undefined;
    for (const [stamped, value] of Object.entries(manifest.stamps)) if (stamp(stamped) !== value) return undefined;
    return { manifest, source: text.slice(newline + 1) };
  } catch {
    return undefined;
  }
}

/** The pack's module functions, compiled with its V8 code cache when that was made for this very pack. */
function compilePack(pack, file) {
  const cacheFile = `${file.slice(0, -3)}.v8`;
  let cachedData;
  try {
    const bytes = fs.readFileSync(cacheFile);
    const id = Buffer.from(`${pack.manifest.id}\n`);
    if (bytes.subarray(0, id.length).equals(id)) cachedData = bytes.subarray(id.length);
  } catch {
    // No code cache yet: V8 compiles, and saveCodeCache writes one after the run.
  }
  try {
    const script = new vm.Script(pack.source, {
      filename: file,
      cachedData,
      importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    const modules = script.runInThisContext();
    const complete = Array.isArray(modules) && modules.length === pack.manifest.modules.length && modules.every((fn) => typeof fn === "function");
    if (!complete) return undefined;
    active = { script, cacheFile, file, manifest: pack.manifest, needsCache: cachedData === undefined || script.cachedDataRejected === true };
    return modules;
  } catch {
    // A pack that does not compile (cut short, edited by hand) is not used; nothing of it ran.
    return undefined;
  }
}

/** Runs the packed modules as Node would, each entry in turn; returns the last one's exports. */
function runPacked(pack, functions, entries, beforeNodeLoader) {
  const byFile = new Map(pack.manifest.modules.map((m, index) => [m.file, { ...m, fn: functions[index] }]));
  const load = (filename, parent) => {
    const cached = Module._cache[filename];
    if (cached) return cached.exports;
    const packed = byFile.get(filename);
    // Not in the pack (a pack that names a module it does not hold): Node's loader, as without one.
    if (!packed) {
      beforeNodeLoader();
      return parent ? parent.require(filename) : require(filename);
    }
    const module = new Module(filename, parent);
    module.filename = filename;
    module.paths = Module._nodeModulePaths(path.dirname(filename));
    Module._cache[filename] = module;
    try {
      packed.fn.call(module.exports, module.exports, requireFor(module, packed.deps, load, beforeNodeLoader), module, filename, path.dirname(filename));
    } catch (error) {
      delete Module._cache[filename];
      throw error;
    }
    module.loaded = true;
    return module.exports;
  };
  return entries.map((entry) => load(entry, require.main ?? null)).pop();
}

/** `require` inside a packed module: requests resolved into the pack when it was built are served from it. */
function requireFor(module, deps, load, beforeNodeLoader) {
  const req = function require(request) {
    const target = deps[request];
    if (target !== undefined) return load(target, module);
    if (!Module.isBuiltin(request)) beforeNodeLoader();
    return module.require(request);
  };
  req.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  req.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  req.main = process.mainModule;
  req.extensions = Module._extensions;
  req.cache = Module._cache;
  return req;
}

/**
 * `require()` of each entry with Node's loader watched: the files their requires reached (in
 * order) and, for each, what its requests resolved to.
 */
function record(entries) {
  const before = new Set(Object.keys(Module._cache));
  const resolved = new Map();
  const previous = Module._load;
  let recording = true;
  const recordLoad = function recordLoad(request, parent, isMain) {
    const exports = previous.apply(this, arguments);
    // Only what a module requires while its own top level runs: a function of a loaded module that
    // requires something (bin/ts-hook.js loading esbuild to transpile a changed source) is not part
    // of loading the entries, and its request goes to Node's loader in the pack too.
    if (recording && parent && parent.filename && !parent.loaded && !Module.isBuiltin(request)) {
      try {
        const target = Module._resolveFilename(request, parent, isMain);
        if (!resolved.has(parent.filename)) resolved.set(parent.filename, {});
        resolved.get(parent.filename)[request] = target;
      } catch {
        // Resolved by a hook only (e.g. a deferred module): left to Node's loader in the pack too.
      }
    }
    return exports;
  };
  Module._load = recordLoad;
  let exports;
  try {
    for (const entry of entries) exports = require(entry);
  } finally {
    recording = false;
    // An entry may have wrapped the loader in turn (bin/lazy-modules.js): then this one stays, passing through.
    if (Module._load === recordLoad) Module._load = previous;
  }
  try {
    const loaded = new Set(Object.keys(Module._cache).filter((file) => !before.has(file) && /\.(ts|js|cjs|json)$/.test(file)));
    // What the entries' own requires reached: not what a loader loaded for itself meanwhile.
    const files = [];
    const visit = (file) => {
      if (!loaded.has(file) || files.includes(file)) return;
      files.push(file);
      for (const target of Object.values(resolved.get(file) ?? {})) visit(target);
    };
    for (const entry of entries) visit(entry);
    return { exports, files, resolved };
  } catch {
    // Bookkeeping for the next run only: it never fails this one.
    return { exports, files: [], resolved };
  }
}

function writePack(file, entries, files, resolved) {
  if (files.length === 0) return;
  try {
    const packed = new Set(files);
    const modules = files.map((f) => ({ file: f, deps: Object.fromEntries(Object.entries(resolved.get(f) ?? {}).filter(([, target]) => packed.has(target))) }));
    // Stamped before the sources are read: a file that changes in between makes the pack stale, never wrong.
    const stamped = stamps(files, resolved);
    const bodies = files.map((f) => compact(f, `(function (exports, require, module, __filename, __dirname) {\n${moduleSource(f)}\n})`));
    const id = `${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const manifest = { version: PACK_VERSION, id, entries, salt: salt(), compacted: bodies.every((b) => b.compacted), modules, stamps: stamped };
    writeQuietly(file, `${HEADER}${JSON.stringify(manifest)}\n(function () { return [\n${bodies.map((b) => b.text).join(",\n")}\n]; })()\n`);
  } catch {
    // A read-only install, or a module the pack cannot hold: Node's loader keeps doing the work.
  }
}

/** A module's CommonJS source as Node would run it. */
function moduleSource(file) {
  if (file.endsWith(".ts")) return require("./ts-hook").compile(file);
  const text = stripBom(fs.readFileSync(file, "utf8"));
  if (file.endsWith(".json")) return `module.exports = JSON.parse(${JSON.stringify(text)});`;
  // Node accepts a hashbang line at the top of a module; inside a function it is a syntax error.
  return text.startsWith("#!") ? `//${text.slice(2)}` : text;
}

/**
 * The module's function without comments and spaces (commander's sources are half JSDoc, and one
 * en dash in a comment makes V8 hold the whole pack as two-byte text): less to read and compile on
 * every start (~1 ms of `--help`). esbuild's whitespace minifier renames nothing; a function it
 * cannot parse is packed as it is. Each result is kept in the pack folder with the exact code it
 * was made from, so later rebuilds of the pack reuse it. esbuild is used only when this run has it
 * loaded anyway (bin/ts-hook.js transpiled a changed source, a preview builds artifacts): loading
 * it here would make a `--help` that rebuilds the pack load esbuild. A pack built with a module
 * left as it is gets compacted after a run that had esbuild loaded (`saveCodeCache`).
 */
function compact(file, code) {
  // bin/ts-hook.js is loaded on this path (an entry): its short hash of the path names the file.
  const cached = path.join(PACK_DIR, "compact", `${path.basename(file)}-${require("./ts-hook").hash53(file)}.json`);
  try {
    const kept = JSON.parse(fs.readFileSync(cached, "utf8"));
    if (kept.code === code && typeof kept.compacted === "string") return { text: kept.compacted, compacted: true };
  } catch {
    // Not kept yet.
  }
  const esbuild = loadedEsbuild();
  if (!esbuild) return { text: code, compacted: false };
  try {
    const compacted = esbuild.transformSync(code, { loader: "js", minifyWhitespace: true, legalComments: "inline" }).code.replace(/;\s*$/, "");
    writeQuietly(cached, JSON.stringify({ code, compacted }));
    return { text: compacted, compacted: true };
  } catch {
    // esbuild cannot parse it: packed as it is, and not retried.
    return { text: code, compacted: true };
  }
}

function loadedEsbuild() {
  try {
    return Module._cache[require.resolve("esbuild")]?.exports;
  } catch {
    return undefined;
  }
}

/** Write then rename (a concurrent run reads the old file or the new one, never half of one); a read-only install skips it. */
function writeQuietly(file, text) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch {
    // Only a cache.
  }
}


const stripBom = (text) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * What the pack depends on (see the file comment), precisely enough to stay cheap to check (each
 * stamp is a stat on every start):
 * - every packed file, and the listing of each folder holding one (a relative request there,
 *   e.g. `./commands`, could now find `commands.ts` before `commands/index.ts`);
 * - for each bare request (`commander`): every `node_modules` folder Node looked in, from the
 *   requiring file's folder up to the one where it found the package, and that package's
 *   `package.json` (`main`, `exports`, `type`);
 * - esbuild's version and tsconfig.json, which decide bin/ts-hook.js's output, and this file.
 */
function stamps(files, resolved) {
  const out = {};
  for (const f of files) out[f] = stamp(f);
  for (const f of files) out[path.dirname(f)] = stamp(path.dirname(f));
  for (const [parent, requests] of resolved) {
    for (const [request, target] of Object.entries(requests)) {
      if (request.startsWith(".") || path.isAbsolute(request)) continue;
      const marker = `${path.sep}node_modules${path.sep}`;
      const at = target.lastIndexOf(marker);
      if (at < 0) continue;
      const holder = target.slice(0, at);
      for (let dir = path.dirname(parent); ; dir = path.dirname(dir)) {
        out[path.join(dir, "node_modules")] = stamp(path.join(dir, "node_modules"));
        if (dir === holder || path.dirname(dir) === dir) break;
      }
      const name = target.slice(at + marker.length).split(path.sep);
      const packageRoot = path.join(holder, "node_modules", ...name.slice(0, name[0].startsWith("@") ? 2 : 1));
      out[path.join(packageRoot, "package.json")] = stamp(path.join(packageRoot, "package.json"));
    }
  }
  for (const file of [...TS_OUTPUT_INPUTS, __filename]) out[file] = stamp(file);
  return out;
}

function stamp(file) {
  // Without throwIfNoEntry a missing file costs an exception with its stack: most of the check.
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.mtimeMs}:${stat.size}` : "absent";
}

// What else decides a packed module's code: Node's version (esbuild's target). bin/ts-hook.js,
// esbuild's version and tsconfig.json are among the stamps.
const salt = () => process.version;

/** After the command ran: keeps V8's code for the pack, with the functions the run compiled. */
function saveCodeCache() {
  if (!active) return;
  const { manifest, file } = active;
  if (manifest.compacted === false && loadedEsbuild()) {
    // The same modules, compacted now that esbuild is at hand: the next run compiles it and keeps V8's code.
    active = undefined;
    writePack(file, manifest.entries, manifest.modules.map((m) => m.file), new Map(manifest.modules.map((m) => [m.file, m.deps])));
    return;
  }
  if (!active.needsCache) return;
  active.needsCache = false;
  try {
    writeQuietly(active.cacheFile, Buffer.concat([Buffer.from(`${manifest.id}\n`), active.script.createCachedData()]));
  } catch {
    // V8 could not serialize: the next run compiles again.
  }
}

module.exports = { loadPacked, saveCodeCache };

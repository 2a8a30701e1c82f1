#!/usr/bin/env node
"use strict";
/**
 * `npm test`'s static checks: the type check (`npm run typecheck`) and ESLint (the ESLint half of
 * `npm run lint`), at the same time.
 *
 * - The type check is TypeScript 7's native compiler (the `typescript-native` devDependency, an
 *   npm alias of typescript@7), in a child process started first: the same tsconfig.json, checked
 *   in ~4 CPU s where TypeScript 5.9 takes ~19. tsconfig.json says `moduleResolution: node`
 *   (node10), which TypeScript 7 removed and TypeScript 5.9 needs (it rejects `bundler` with
 *   `module: commonjs`, TS5095), so the child gets `--moduleResolution bundler` on its command
 *   line: packages resolve through their `exports` maps with the `require` condition, as Node's
 *   require does.
 * - ESLint runs meanwhile in this process, on TypeScript 5.9 (the `typescript` dependency, which
 *   typescript-eslint's API needs): its Pulumi rules need type information (is this
 *   template-literal expression an Output?), so it gets the programs of tsconfig.json and of each
 *   examples/ tsconfig.json, built here (`parserOptions.programs` in place of eslint.config.mjs's
 *   `projectService`: the same files). It only asks them the types of the expressions its rules
 *   look at, which costs ~4 CPU s more than when tsc had checked the same program first (before
 *   TypeScript 7, this script shared one program between the two): TypeScript 7 saves ~15 CPU s
 *   of type check, this script as a whole ~2 (32.6 against 30.5 CPU s, `/usr/bin/time node
 *   scripts/check.js`, two alternating rounds).
 *
 * Output: tsc's diagnostics as tsc prints them (with colour and context on a terminal), ESLint's
 * stylish report, then one line of counts and timings. Exits 1 when either finds an error, 2 when
 * one of them cannot run (TypeScript 7 missing or crashed, tsconfig.json unreadable or invalid).
 *
 *   node scripts/check.js              # both, from the project root (`npm run check`)
 *   node scripts/check.js typecheck    # the type check alone (`npm run typecheck`)
 */
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");

/**
 * TypeScript 7's `tsc` by path, never `node_modules/.bin/tsc`: both packages declare a `tsc` bin,
 * and npm links the one it reaches first (the `typescript` package, 5.9, on a clean `npm ci`).
 */
function nativeTsc() {
  const manifest = require.resolve("typescript-native/package.json", { paths: [root] });
  return { bin: path.join(path.dirname(manifest), "bin", "tsc"), version: JSON.parse(fs.readFileSync(manifest, "utf8")).version };
}

/**
 * The type check's arguments. One thread: `npm test` runs this beside ESLint and two jest workers
 * on two cores, where TypeScript 7's parallel checkers (4 by default) only repeat work (each
 * resolves the types its files share with the others'): on this project, alone, 4.1-4.6 CPU s and
 * 0.91 GB single-threaded against 4.7 CPU s and 1.04 GB by default (5.1 and 1.0 GB with
 * `--checkers 2`), in 4.3-5.2 s of wall time against 4.9-5.4 on a loaded machine (two
 * alternating rounds). `--diagnostics` adds its file count and time, which this script reads and
 * removes from the output.
 */
const TYPECHECK_ARGS = ["--noEmit", "-p", "tsconfig.json", "--moduleResolution", "bundler", "--singleThreaded", "--diagnostics"];

/** A diagnostic line, as tsc prints it with --pretty false (`file(1,2): error TS…`) or true (`file:1:2 - error TS…`). */
const DIAGNOSTIC = /^(?:(.+?)(?:\(\d+,\d+\): | *:\d+:\d+ - ))?error TS(\d+): /;
const ANSI = /\u001b\[[0-9;]*m/g;
/** The `--diagnostics` block tsc prints last (`Files:  6214`, `Total time:  4.21s`, ...). */
const STATISTIC = /^([A-Z][A-Za-z ]*):\s+(\S+)$/;

/**
 * Runs TypeScript 7 on tsconfig.json. Resolves to its output without the statistics, the files
 * with errors, the error count, its own total time and file count, or `cannotRun` with why.
 */
function typecheck() {
  let tsc;
  try {
    tsc = nativeTsc();
  } catch (error) {
    return Promise.resolve({ cannotRun: `TypeScript 7 (the typescript-native devDependency) is not installed (${error.message.split("\n")[0]}); run npm ci` });
  }
  const started = Date.now();
  const pretty = Boolean(process.stdout.isTTY);
  const child = spawn(process.execPath, [tsc.bin, ...TYPECHECK_ARGS, "--pretty", String(pretty)], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const stdout = [];
  const stderr = [];
  child.stdout.on("data", (chunk) => stdout.push(chunk));
  child.stderr.on("data", (chunk) => stderr.push(chunk));
  return new Promise((resolve) => {
    child.on("error", (error) => resolve({ cannotRun: `cannot start TypeScript 7 (${tsc.bin}): ${error.message}` }));
    child.on("close", (code, signal) => {
      const seconds = (Date.now() - started) / 1000;
      const lines = Buffer.concat(stdout).toString().split("\n");
      const statistics = {};
      while (lines.length && (lines[lines.length - 1] === "" || STATISTIC.test(lines[lines.length - 1]))) {
        const match = STATISTIC.exec(lines.pop());
        if (match) statistics[match[1]] = match[2];
      }
      const output = lines.length ? `${lines.join("\n")}\n` : "";
      const errors = lines.map((line) => DIAGNOSTIC.exec(line.replace(ANSI, ""))).filter(Boolean);
      const files = new Set(errors.map((match) => match[1]).filter(Boolean));
      const version = tsc.version;
      const result = { output, errors: errors.length, files, version, seconds: parseFloat(statistics["Total time"]) || seconds, fileCount: statistics.Files };
      const why = `TypeScript 7 (${tsc.bin}) ${signal ? `was killed by ${signal}` : `exited ${code}`}`;
      if (signal || (code !== 0 && errors.length === 0)) resolve({ cannotRun: `${why}\n${output}${Buffer.concat(stderr)}` });
      // Only errors about the configuration (in tsconfig.json, or options and files, TS5xxx/TS6xxx, in no file): nothing was checked.
      else if (code !== 0 && errors.every(([, file, number]) => (file ? /(^|\/)tsconfig[^/]*\.json$/.test(file) : /^[56]\d{3}$/.test(number)))) resolve({ cannotRun: `${why}: tsconfig.json cannot be used\n${output}` });
      else resolve({ ...result, stderr: Buffer.concat(stderr).toString() });
    });
  });
}

/** The program of one tsconfig file, as TypeScript 5.9's tsc builds it (ESLint's type information). */
function createProgram(ts, configFile) {
  const diagnostics = [];
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d) };
  const config = ts.getParsedCommandLineOfConfigFile(configFile, { noEmit: true }, host);
  diagnostics.push(...(config?.errors ?? []));
  if (diagnostics.length) {
    const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
    throw Object.assign(new Error(ts.formatDiagnostics(diagnostics, formatHost)), { cannotRun: true });
  }
  // JSDoc parsed only where types need it, as tsc itself parses (the SDKs' declarations are mostly
  // doc comments): ~1.2 CPU s less; the rules read types, never JSDoc nodes.
  const compilerHost = ts.createCompilerHost(config.options);
  compilerHost.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  return ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences, configFileParsingDiagnostics: config.errors, host: compilerHost });
}

/**
 * The tsconfig.json files of examples/ (ESLint's project service would use them for the files
 * they include): ESLint gets their programs too; the type check is tsconfig.json's, as in
 * `npm run typecheck`.
 */
function otherConfigs(dir = root) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : otherConfigs(path.join(dir, entry.name));
    return entry.name === "tsconfig.json" && dir !== root ? [path.join(dir, entry.name)] : [];
  });
}
const SKIPPED_DIRS = new Set(["node_modules", ".git", "dist", "coverage", ".semantest"]);

/** eslint.config.mjs as it is, with TypeScript 5.9 programs in place of the project service. */
async function lint() {
  const started = Date.now();
  const ts = require("typescript");
  const { ESLint } = require("eslint");
  const programs = [path.join(root, "tsconfig.json"), ...otherConfigs()].map((config) => createProgram(ts, config));
  const eslint = new ESLint({ cwd: root, overrideConfig: { files: ["**/*.ts"], languageOptions: { parserOptions: { projectService: false, programs } } } });
  const results = await eslint.lintFiles(["."]);
  const report = await (await eslint.loadFormatter("stylish")).format(results);
  return { report, results, errors: results.reduce((n, r) => n + r.errorCount + r.fatalErrorCount, 0), version: ts.version, seconds: (Date.now() - started) / 1000 };
}

/** What the type check printed, with tsc's summary line when it printed none (--pretty false). */
function printTypecheck(types) {
  process.stdout.write(types.output);
  if (types.errors && !/^Found \d+ errors?/m.test(types.output.replace(ANSI, ""))) {
    const files = types.files.size;
    process.stdout.write(`\nFound ${types.errors} error${types.errors === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}.\n\n`);
  }
  if (types.stderr) process.stderr.write(types.stderr);
}

async function main(only) {
  const started = Date.now();
  if (only !== undefined && only !== "typecheck") {
    process.stderr.write(`check.js: unknown argument ${JSON.stringify(only)}; allowed: none (type check and ESLint) or "typecheck"\n`);
    return 2;
  }
  // The child first, so that it runs while this process builds ESLint's programs.
  const typesRun = typecheck();
  const lintRun = only === "typecheck" ? undefined : lint().catch((error) => ({ cannotRun: error.cannotRun ? error.message : `${error.stack ?? error}\n` }));
  const [types, linted] = await Promise.all([typesRun, lintRun]);

  if (types.cannotRun) process.stderr.write(`typecheck: cannot run: ${types.cannotRun}${types.cannotRun.endsWith("\n") ? "" : "\n"}`);
  else printTypecheck(types);
  if (linted?.cannotRun) process.stderr.write(`eslint: cannot run: ${linted.cannotRun}${linted.cannotRun.endsWith("\n") ? "" : "\n"}`);
  else if (linted?.report) process.stdout.write(linted.report);

  const typeSummary = types.cannotRun ? "typecheck: cannot run" : `typecheck: ${types.errors} error(s) in ${types.seconds.toFixed(1)} s`;
  const lintSummary = !linted ? "" : linted.cannotRun ? "; eslint: cannot run" : `; eslint: ${linted.errors} error(s) in ${linted.results.length} files, ${linted.seconds.toFixed(1)} s`;
  const versions = [types.cannotRun ? "" : `TypeScript ${types.version} checked ${types.fileCount ?? "the"} files`, linted && !linted.cannotRun ? `ESLint's type information from TypeScript ${linted.version}` : ""].filter(Boolean).join(", ");
  process.stdout.write(`${typeSummary}${lintSummary}; ${((Date.now() - started) / 1000).toFixed(1)} s in all${versions ? ` (${versions})` : ""}\n`);

  if (types.cannotRun || linted?.cannotRun) return 2;
  return types.errors || linted?.errors ? 1 : 0;
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 2;
  },
);

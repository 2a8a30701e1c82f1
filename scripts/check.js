#!/usr/bin/env node
"use strict";
/**
 * `npm test`'s static checks in one process: the type check (`npm run typecheck`, tsc --noEmit)
 * and ESLint (the ESLint half of `npm run lint`) on ONE TypeScript program.
 *
 * Why: ESLint's Pulumi rules need type information (is this template-literal expression an
 * Output?), so with `projectService` ESLint builds the whole tsconfig.json program a second time
 * (the Pulumi SDKs' declarations are most of it). typescript-eslint accepts programs built by the
 * caller (`parserOptions.programs`, which takes precedence over `projectService`), so the program
 * tsc checks is the one the rules query. Same tsconfig, same files, same rules, same output
 * format as the two commands; exits 1 when either finds an error, 2 when it cannot run.
 *
 *   node scripts/check.js            # from the project root
 */
const fs = require("fs");
const path = require("path");
const ts = require("typescript");
const { ESLint } = require("eslint");

const root = path.resolve(__dirname, "..");

/** The program of one tsconfig file, as tsc builds it. */
function createProgram(configFile) {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail([d]) };
  const config = ts.getParsedCommandLineOfConfigFile(configFile, { noEmit: true }, host);
  if (config.errors.length) fail(config.errors);
  return ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences, configFileParsingDiagnostics: config.errors });
}

/** The program `tsc --noEmit -p tsconfig.json` checks, and its diagnostics. */
function typecheck() {
  const program = createProgram(path.join(root, "tsconfig.json"));
  return { program, diagnostics: ts.getPreEmitDiagnostics(program) };
}

/**
 * The other tsconfig.json files (examples/*), which ESLint's project service would use for the
 * files they include: ESLint gets their programs too; the type check is tsconfig.json's, as in
 * `npm run typecheck`.
 */
function otherConfigs(dir = root) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : otherConfigs(path.join(dir, entry.name));
    return entry.name === "tsconfig.json" && dir !== root ? [path.join(dir, entry.name)] : [];
  });
}
const SKIPPED_DIRS = new Set(["node_modules", ".git", "dist", "coverage", ".semantest"]);

const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
/** As tsc prints them: with colour and context on a terminal, one line each otherwise (`tsc --pretty` default). */
const format = (diagnostics) => (process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics)(diagnostics, formatHost);

function fail(diagnostics) {
  process.stderr.write(format(diagnostics));
  process.exit(2);
}

async function main() {
  const started = Date.now();
  const { program, diagnostics } = typecheck();
  const typecheckSeconds = (Date.now() - started) / 1000;
  if (diagnostics.length) {
    process.stdout.write(format(diagnostics));
    const files = new Set(diagnostics.map((d) => d.file?.fileName).filter(Boolean));
    process.stdout.write(`\nFound ${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"} in ${files.size} file${files.size === 1 ? "" : "s"}.\n\n`);
  }
  // eslint.config.mjs as it is, with the program above in place of the project service.
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: { files: ["**/*.ts"], languageOptions: { parserOptions: { projectService: false, programs: [program, ...otherConfigs().map(createProgram)] } } },
  });
  const results = await eslint.lintFiles(["."]);
  const formatter = await eslint.loadFormatter("stylish");
  const report = await formatter.format(results);
  if (report) process.stdout.write(report);
  const lintErrors = results.reduce((n, r) => n + r.errorCount + r.fatalErrorCount, 0);
  process.stdout.write(
    `typecheck: ${diagnostics.length} error(s) in ${typecheckSeconds.toFixed(1)} s; eslint: ${lintErrors} error(s) in ${results.length} files, ${((Date.now() - started) / 1000 - typecheckSeconds).toFixed(1)} s\n`,
  );
  process.exitCode = diagnostics.length || lintErrors ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 2;
});

/**
 * Two projects, so `npm test` stays fast and CI still runs everything:
 * - unit: every suite that runs in-process. `npm run test:unit` (part of `npm test`); CI runs it
 *   again with coverage and the floors below (`npm run test:coverage`).
 * - e2e: the suites that start processes (the real `semantest-iac` binary, the local gateway and
 *   its function workers, a child Node, openssl) or a browser. `npm run test:e2e`; .ci/run runs it
 *   after `npm test`.
 * A suite is e2e when its source calls one of the process starters of tests/support/e2e-starters.js;
 * nobody keeps a list of suites, and `npx jest tests/<folder>` still runs both kinds.
 *
 * Tests are transpiled by SWC without type-checking; `npm run typecheck` runs tsc on its own.
 */
const fs = require("fs");
const path = require("path");

/** What an e2e suite calls (each starts a process): tests/support/e2e-starters.js lists them and says why. */
const { STARTS_PROCESSES } = require("./tests/support/e2e-starters");

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(file);
    return entry.name.endsWith(".test.ts") ? [file] : [];
  });
}

const e2e = testFiles(path.join(__dirname, "tests")).filter((file) => STARTS_PROCESSES.test(fs.readFileSync(file, "utf8")));
const escape = (file) => path.relative(__dirname, file).split(path.sep).join("/").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const e2ePattern = e2e.length ? [`<rootDir>/(${e2e.map(escape).join("|")})$`] : [];

const shared = {
  // jest's node environment, with one context per worker so that node_modules packages load once
  // per worker: tests/support/jest-environment.js and jest-runtime.js say why and what stays per file.
  testEnvironment: "<rootDir>/tests/support/jest-environment.js",
  // jest's runtime, except that jest.isolateModules keeps node_modules packages (the Pulumi SDK)
  // loaded once per test file: tests/support/jest-runtime.js says why that is safe.
  runtime: "<rootDir>/tests/support/jest-runtime.js",
  // The SDK's per-promise debug stack without source-map translation (tests/support/pulumi-debug-stacks.ts).
  setupFilesAfterEnv: ["<rootDir>/tests/support/jest-setup.ts"],
  roots: ["<rootDir>/tests"],
  transform: {
    "^.+\\.tsx?$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }],
  },
  // @pulumi/pulumi requires these at load time but only uses them to serialize closures: each test
  // file that loads the SDK would otherwise load the TypeScript compiler too (bin/lazy-modules.js).
  moduleNameMapper: {
    "^typescript$": "<rootDir>/tests/support/lazy/typescript.js",
    "^@npmcli/arborist$": "<rootDir>/tests/support/lazy/arborist.js",
  },
};

module.exports = {
  projects: [
    { ...shared, displayName: "unit", testMatch: ["**/*.test.ts"], testPathIgnorePatterns: ["/node_modules/", ...e2ePattern] },
    { ...shared, displayName: "e2e", testMatch: e2e.length ? e2e : ["<rootDir>/tests/none"] },
  ],
  // One worker per core (jest's default leaves one core idle). package.json's test:unit starts jest
  // with --max-semi-space-size=64, which the workers inherit: a program evaluation under mocks makes
  // short-lived garbage fast (GC was a fifth of a heavy suite's CPU), and a larger young generation
  // collects it less often (5.5 % less CPU over the 14 heaviest unit suites, two alternating rounds).
  maxWorkers: "100%",
  // Files jest has no duration for yet (a first run, a fresh clone in CI) go heaviest first by
  // what they evaluate, not by size (tests/support/test-sequencer.js).
  testSequencer: "<rootDir>/tests/support/test-sequencer.js",
  // One temporary folder per run (TMPDIR for the workers and what they start), removed at the end.
  globalSetup: "<rootDir>/tests/support/jest-global-setup.js",
  globalTeardown: "<rootDir>/tests/support/jest-global-teardown.js",
  // A worker above this after a test file is replaced by a fresh one (which loads the SDK again,
  // ~1 s). Since a worker's files share the SDK (tests/support/jest-environment.js) the unit project
  // peaks at ~2.2 GB in one process (--runInBand, all 159 files); before, one SDK per file grew a
  // worker past 13 GB and the kernel killed it. The limit stays as a guard.
  workerIdleMemoryLimit: "2500MB",
  collectCoverageFrom: [
    "domain/**/*.ts",
    "components/**/*.ts",
    "app/**/*.ts",
    "runtime/**/*.ts",
    "cli/**/*.ts",
    "application/**/*.ts",
    "adapters/**/*.ts",
    "api/**/*.ts",
    "policy/**/*.ts",
    "artifacts/**/*.ts",
    "events/**/*.ts",
    "index.ts",
  ],
  coverageReporters: ["text-summary", "json-summary", "lcov"],
  coverageThreshold: {
    global: { lines: 80 },
    "./domain/": { lines: 95 },
  },
  // `npm test` runs tsc and ESLint beside the two jest workers on a 2-core machine, so a heavy
  // suite (several program evaluations under mocks) gets about half the CPU it had alone.
  testTimeout: 90000,
};

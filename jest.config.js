/** Tests are transpiled by SWC without type-checking; `npm run typecheck` runs tsc on its own. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.tsx?$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }],
  },
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
  testTimeout: 30000,
};

/**
 * Two test files in one jest worker, for real (a child jest, --runInBand, this project's
 * environment and runtime): the second gets the SDK instance the first loaded, and the SDK still
 * works there, including what it loads lazily through the first file's modules (closure
 * serialization parses with the `typescript` stand-in of tests/support/lazy, which the first file
 * loaded and never touched; it once came back undefined because it required through the ended file).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runNode } from "../support/cli";

const ROOT = path.resolve(__dirname, "../..");

const FILE = `
const marker = Symbol.for("semantest-iac.shared-context-files");
it("shares the SDK with the other file of the worker, and serializes a closure in the second", async () => {
  const pulumi = require("@pulumi/pulumi");
  const first = globalThis[marker];
  if (!first) {
    globalThis[marker] = pulumi;
    return;
  }
  delete globalThis[marker];
  expect(pulumi).toBe(first);
  const answer = 42;
  const serialized = await pulumi.runtime.serializeFunction(() => answer + 1);
  expect(serialized.text).toContain("answer + 1");
});
`;

it("two files of one worker share the SDK, and the second file can use what the first loaded", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-shared-context-"));
  try {
    for (const name of ["one", "two"]) fs.writeFileSync(path.join(dir, `${name}.test.ts`), FILE);
    const { projects } = require("../../jest.config") as { projects: Record<string, unknown>[] };
    const unit = projects.find((p) => p.displayName === "unit")!;
    const config = { ...unit, rootDir: ROOT, roots: [dir], testMatch: ["**/*.test.ts"], testPathIgnorePatterns: [], modulePaths: ["<rootDir>/node_modules"], displayName: "shared-context" };
    fs.writeFileSync(path.join(dir, "jest.config.json"), JSON.stringify(config));
    const result = await runNode([path.join(ROOT, "node_modules/jest/bin/jest.js"), "--config", path.join(dir, "jest.config.json"), "--runInBand", "--ci"], { env: { SEMANTEST_SHARED_DEPENDENCIES: "" } });
    expect(result.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(result.code).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

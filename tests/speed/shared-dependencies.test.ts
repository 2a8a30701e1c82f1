/**
 * tests/support/jest-runtime.js: jest.isolateModules gives the project's modules fresh, and the
 * packages of the project's node_modules (the Pulumi SDK) from the test file's registry; a
 * program evaluated after another one sees nothing of it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runProgram } from "../support/pulumi-harness";

const ROOT = path.resolve(__dirname, "../..");

function isolated<T>(load: () => T): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = load();
  });
  return loaded!;
}

describe("module isolation with shared dependencies", () => {
  it("gives one instance of a node_modules package to every isolated load and to the file", () => {
    const first = isolated(() => require("@pulumi/pulumi"));
    const second = isolated(() => require("@pulumi/pulumi"));
    expect(second).toBe(first);
    expect(require("@pulumi/pulumi")).toBe(first);
  });

  it("loads the project's own modules fresh in each isolated load", () => {
    const first = isolated(() => require("../../components/stack-config"));
    const second = isolated(() => require("../../components/stack-config"));
    expect(second).not.toBe(first);
    expect(Object.keys(second)).toEqual(Object.keys(first));
  });

  it("keeps packages outside the project's node_modules (an unzipped artifact's own) isolated", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-shared-deps-"));
    try {
      const file = path.join(dir, "node_modules", "counter", "index.js");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, "module.exports = { loadedAt: Symbol('load') };");
      const first = isolated(() => require(file));
      const second = isolated(() => require(file));
      expect(second).not.toBe(first);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lets a failed load be retried (the shared registry forgets a module that threw)", () => {
    const dir = fs.mkdtempSync(path.join(ROOT, "node_modules", ".semantest-shared-deps-"));
    try {
      const file = path.join(dir, "index.js");
      // Throws on its first load only.
      fs.writeFileSync(file, "const g = globalThis; if (!g.__sharedDepsRetry) { g.__sharedDepsRetry = true; throw new Error('not yet'); } module.exports = 'now';");
      expect(() => isolated(() => require(file))).toThrow("not yet");
      expect(isolated(() => require(file))).toBe("now");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("program evaluations under one SDK instance", () => {
  it("gives a stack the same resources and outputs whether or not another stack was evaluated first", async () => {
    const summary = (run: Awaited<ReturnType<typeof runProgram>>) => ({
      resources: run.resources.map((r) => ({ urn: r.urn, parent: r.parent, inputs: r.inputs })),
      outputs: run.outputs,
    });
    const alone = summary(await runProgram("dev"));
    const other = await runProgram("staging");
    expect(other.outputs.environment).toBe("staging");
    const after = summary(await runProgram("dev"));
    expect(after).toEqual(alone);
  }, 120_000);
});

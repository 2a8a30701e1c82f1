/**
 * tests/support/jest-environment.js and jest-runtime.js: the test files of one jest worker share
 * one context and the node_modules packages loaded in it; what jest sets up per file stays per file.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
type Environment = { getVmContext(): object | null; global: Record<string, unknown> & { process: NodeJS.Process }; teardown(): Promise<void> };
const SharedContextEnvironment = require("../support/jest-environment") as new (config: object, context: object) => Environment;
const { workerDependenciesRegistry } = require("../support/jest-runtime") as { workerDependenciesRegistry: (dirs: readonly string[]) => Map<string, unknown> };

const config = {
  globalConfig: {},
  projectConfig: { testEnvironmentOptions: {}, globals: {}, fakeTimers: {} },
};
const environment = () => new SharedContextEnvironment(config, { console, docblockPragmas: {}, testPath: __filename });

describe("one context per worker", () => {
  const saved = process.env.SEMANTEST_SHARED_DEPENDENCIES;
  afterEach(() => {
    if (saved === undefined) delete process.env.SEMANTEST_SHARED_DEPENDENCIES;
    else process.env.SEMANTEST_SHARED_DEPENDENCIES = saved;
  });

  it("hands every test file the worker's context, with a process object (and environment variables) of its own", async () => {
    delete process.env.SEMANTEST_SHARED_DEPENDENCIES;
    const first = environment();
    const second = environment();
    expect(second.getVmContext()).toBe(first.getVmContext());
    expect(second.global).toBe(first.global);
    // The process object is the file's own: it replaced the earlier file's on the shared global.
    expect(second.global.process).not.toBe(process);
    second.global.process.env.SEMANTEST_SHARED_CONTEXT_PROBE = "second";
    expect(environment().global.process.env.SEMANTEST_SHARED_CONTEXT_PROBE).toBeUndefined();
    await second.teardown();
  });

  it("gives each file its own context with SEMANTEST_SHARED_DEPENDENCIES=off", () => {
    process.env.SEMANTEST_SHARED_DEPENDENCIES = "off";
    expect(environment().getVmContext()).not.toBe(environment().getVmContext());
  });

  it("is this suite's context: a node_modules package is the one every earlier file of the worker loaded, and instanceof works across them", () => {
    // The SDK recognises this file's promises (output.js: `val instanceof Promise`).
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    expect(pulumi.Output.isInstance(pulumi.output(Promise.resolve(1)))).toBe(true);
    expect(Promise.resolve(1)).toBeInstanceOf(Promise);
  });
});

describe("the worker's node_modules registry", () => {
  const dir = path.join(ROOT, "node_modules") + path.sep;
  const sdk = path.join(dir, "@pulumi", "pulumi", "index.js");
  const own = path.join(ROOT, "domain", "x.ts");

  it("shares node_modules entries between the files' registries and keeps each file's own modules to itself", () => {
    const a = workerDependenciesRegistry([dir]);
    const b = workerDependenciesRegistry([dir]);
    const module = { exports: {} };
    a.set(sdk, module);
    a.set(own, { exports: 1 });
    expect(b.get(sdk)).toBe(module);
    expect(b.has(own)).toBe(false);
    a.clear(); // the end of a file, jest.resetModules
    expect(a.has(own)).toBe(false);
    expect(b.get(sdk)).toBe(module);
    expect([...b.keys()]).toContain(sdk);
    b.delete(sdk);
    expect(a.has(sdk)).toBe(false);
    // The lazy stand-ins moduleNameMapper puts in place of packages are shared like them.
    const lazy = path.join(ROOT, "tests", "support", "lazy") + path.sep;
    const c = workerDependenciesRegistry([dir, lazy]);
    c.set(path.join(lazy, "typescript.js"), module);
    expect(workerDependenciesRegistry([dir, lazy]).get(path.join(lazy, "typescript.js"))).toBe(module);
  });

  it("no test file leaves anything on the global object (it would reach the next files of its worker)", () => {
    // Writes that are reset before each use and deleted after it, by file.
    const cleaned: Record<string, RegExp> = { [path.join("azure", "support", "functions-host.ts")]: /delete global\.__semantestFunctions;/ };
    const offenders = fs
      .readdirSync(path.join(ROOT, "tests"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .filter((file) => /^\s*(globalThis|global)\.[A-Za-z_$][\w$]*\s*=[^=]/m.test(fs.readFileSync(path.join(ROOT, "tests", file), "utf8")))
      .filter((file) => !cleaned[file]?.test(fs.readFileSync(path.join(ROOT, "tests", file), "utf8")));
    expect(offenders).toEqual([]);
  });
});

/**
 * jest.config.js's two projects: every suite is in exactly one, the suites that start processes or
 * a browser are e2e (`npm run test:e2e`), the rest unit (`npm test`).
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const config = require(path.join(ROOT, "jest.config.js")) as {
  projects: { displayName: string; testMatch: string[]; testPathIgnorePatterns?: string[] }[];
  maxWorkers: string;
};

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(file);
    return entry.name.endsWith(".test.ts") ? [file] : [];
  });
}

const project = (name: string) => config.projects.find((p) => p.displayName === name)!;
const e2e = new Set(project("e2e").testMatch);
const unitIgnored = (file: string) => (project("unit").testPathIgnorePatterns ?? []).some((pattern) => new RegExp(pattern.replace("<rootDir>", ROOT)).test(file));
const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

describe("the unit / e2e split (jest.config.js)", () => {
  const files = testFiles(path.join(ROOT, "tests"));

  it("puts every suite in exactly one project", () => {
    const misplaced = files.filter((file) => e2e.has(file) === !unitIgnored(file)).map(relative);
    expect(misplaced).toEqual([]);
  });

  it("runs the CLI, gateway and browser suites as e2e and pure suites as unit", () => {
    for (const suite of ["tests/preview/offline-preview.test.ts", "tests/local/browser.test.ts", "tests/cli/experience.test.ts"]) {
      expect({ suite, e2e: e2e.has(path.join(ROOT, suite)) }).toEqual({ suite, e2e: true });
    }
    for (const suite of ["tests/domain/value-objects.test.ts", "tests/components/program.test.ts", "tests/speed/layout.test.ts"]) {
      expect({ suite, e2e: e2e.has(path.join(ROOT, suite)) }).toEqual({ suite, e2e: false });
    }
  });

  it("uses every core", () => {
    expect(config.maxWorkers).toBe("100%");
  });

  it("npm test runs typecheck + lint (scripts/check.js: TypeScript 7 and ESLint at the same time, then depcruise) beside the unit project; CI runs the e2e project and the unit project with coverage after it", () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.test).toBe("node scripts/run-parallel.js check test:unit");
    // The same checks as `npm run typecheck` and `npm run lint`: the TypeScript 7 type check and ESLint's rules, then the dependency rules.
    expect(scripts.check).toBe(`node scripts/check.js && ${scripts.lint.split(" && ")[1]}`);
    expect(scripts.lint).toBe("eslint . && depcruise --config .dependency-cruiser.cjs .");
    expect(scripts.typecheck).toBe("node scripts/check.js typecheck");
    expect(scripts["test:unit"]).toContain("--selectProjects unit");
    expect(scripts["test:e2e"]).toContain("--selectProjects e2e");
    // Coverage (and its floors) is CI's: the same unit project, instrumented.
    expect(scripts["test:unit"]).not.toContain("--coverage");
    expect(scripts["test:coverage"]).toBe(scripts["test:unit"].replace("--selectProjects unit", "--coverage --selectProjects unit"));
    const commands = fs.readFileSync(path.join(ROOT, ".ci/run"), "utf8").split("\n").filter((line) => line.trim() && !line.trim().startsWith("#"));
    const at = (command: string) => commands.findIndex((line) => line.startsWith(command));
    expect(at("node_bin=$(bash scripts/node-22.sh)")).toBeGreaterThanOrEqual(0);
    expect(at("npm ci")).toBeGreaterThan(at("node_bin=$(bash scripts/node-22.sh)"));
    expect(at("npm test")).toBeGreaterThan(at("npm ci"));
    // TypeScript 5.9, what `pulumi up` type-checks the program with, in CI only (npm test's is TypeScript 7).
    expect(scripts["typecheck:pulumi"]).toBe("node node_modules/typescript/bin/tsc --noEmit -p tsconfig.json");
    expect(at("npm run typecheck:pulumi")).toBeGreaterThan(at("npm test"));
    expect(at("npm run test:e2e")).toBeGreaterThan(at("npm test"));
    expect(at("npm run test:coverage")).toBeGreaterThan(at("npm test"));
  });
});

/**
 * scripts/check.js (`npm run check` in `npm test`, and `npm run typecheck`): TypeScript 7 type-checks
 * tsconfig.json in a child process while ESLint lints on TypeScript 5.9 programs; each error fails
 * the check (exit 1) and a check that cannot run exits 2. Runs the real script (it starts
 * TypeScript 7's compiler, and ESLint loads eslint.config.mjs with import(), which jest's module
 * system cannot host) on small projects in a temporary folder that use this repository's
 * tsconfig.json options (moduleResolution node10, which TypeScript 7 only takes overridden),
 * eslint.config.mjs and node_modules.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-tscheck-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const CLEAN = 'import * as pulumi from "@pulumi/pulumi";\nexport const name = pulumi.output("a");\nexport const url = pulumi.interpolate`https://${name}`;\n';
const TYPE_ERROR = 'export const n: number = "not a number";\n';
const OUTPUT_IN_TEMPLATE = "export const bad = `https://${name}`;\n";
const NATIVE_VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/typescript-native/package.json"), "utf8")) as { version: string }).version;
const TS_VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/typescript/package.json"), "utf8")) as { version: string }).version;

interface Options {
  files?: Record<string, string>;
  args?: string[];
  /** node_modules without these packages (each other entry linked to the repository's). */
  without?: string[];
  /** Changes the project before the check runs. */
  prepare?: (dir: string) => void;
}

/** A project with tsconfig.json (the repository's options), src/index.ts and an examples/ app with its own tsconfig, checked by scripts/check.js. */
function check(label: string, { files = {}, args = [], without = [], prepare }: Options = {}): { status: number | null; stdout: string; stderr: string } {
  const dir = path.join(tmp, label);
  fs.mkdirSync(path.join(dir, "scripts"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "scripts", "check.js"), path.join(dir, "scripts", "check.js"));
  fs.copyFileSync(path.join(ROOT, "eslint.config.mjs"), path.join(dir, "eslint.config.mjs"));
  if (without.length === 0) fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  else {
    fs.mkdirSync(path.join(dir, "node_modules"));
    for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
      if (!without.includes(entry)) fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(dir, "node_modules", entry));
    }
  }
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as { compilerOptions: Record<string, unknown> };
  const all: Record<string, string> = {
    "tsconfig.json": JSON.stringify({ compilerOptions: { ...tsconfig.compilerOptions, types: ["node"] }, include: ["src"] }),
    "src/index.ts": CLEAN,
    "examples/app/tsconfig.json": JSON.stringify({ extends: "../../tsconfig.json", include: ["src"] }),
    "examples/app/src/main.ts": "export const port = 8080;\n",
    ...files,
  };
  for (const [file, content] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  prepare?.(dir);
  const result = spawnSync(process.execPath, [path.join(dir, "scripts", "check.js"), ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("scripts/check.js: TypeScript 7 type-checks, ESLint lints on TypeScript 5.9", () => {
  it("passes a clean project whose tsconfig.json says moduleResolution node (removed in TypeScript 7), naming both compilers", () => {
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")).compilerOptions.moduleResolution).toBe("node");
    expect(NATIVE_VERSION).toMatch(/^7\./);
    expect(TS_VERSION).toMatch(/^5\.9\./);
    const result = check("clean");
    expect(result.stdout).toMatch(/^typecheck: 0 error\(s\) in [\d.]+ s; eslint: 0 error\(s\) in 2 files, [\d.]+ s; [\d.]+ s in all/m);
    expect(result.stdout).toContain(`TypeScript ${NATIVE_VERSION} checked `);
    expect(result.stdout).toContain(`ESLint's type information from TypeScript ${TS_VERSION}`);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("fails (exit 1) on a type error, printed as tsc prints it, and on an Output in a template literal (a typed Pulumi rule), reporting both", () => {
    const result = check("both", { files: { "src/index.ts": `${CLEAN}${TYPE_ERROR}${OUTPUT_IN_TEMPLATE}` } });
    expect(result.stdout).toMatch(/^src\/index\.ts\(4,14\): error TS2322: Type 'string' is not assignable to type 'number'\.$/m);
    expect(result.stdout).toContain("\nFound 1 error in 1 file.\n");
    expect(result.stdout).toMatch(/5:\d+\s+error\s+pulumi\.Output<T> not permitted in template literals\s+@pulumi\/no-output-in-template-literal/);
    expect(result.stdout).toMatch(/^typecheck: 1 error\(s\) in [\d.]+ s; eslint: 1 error\(s\) in 2 files/m);
    expect(result.status).toBe(1);
  });

  it("fails (exit 1) on a type error alone", () => {
    const result = check("type-error", { files: { "src/index.ts": `${CLEAN}${TYPE_ERROR}` } });
    expect(result.stdout).toMatch(/^typecheck: 1 error\(s\) in [\d.]+ s; eslint: 0 error\(s\)/m);
    expect(result.status).toBe(1);
  });

  it("fails (exit 1) on lint errors alone: an Output in a template literal, and a plain rule in an examples/ file (its own tsconfig's program)", () => {
    const result = check("lint-error", { files: { "src/index.ts": `${CLEAN}${OUTPUT_IN_TEMPLATE}`, "examples/app/src/main.ts": "export const port = 8080;\nconst unused = 1;\n" } });
    expect(result.stdout).toMatch(/src\/index\.ts\n\s+4:\d+\s+error\s+pulumi\.Output<T> not permitted in template literals/);
    expect(result.stdout).toMatch(/examples\/app\/src\/main\.ts\n\s+2:7\s+error\s+'unused' is assigned a value but never used/);
    expect(result.stdout).toMatch(/^typecheck: 0 error\(s\) in [\d.]+ s; eslint: 2 error\(s\)/m);
    expect(result.status).toBe(1);
  });

  it("`typecheck` runs the type check alone: a type error fails it, a lint error does not", () => {
    const failing = check("typecheck-only", { args: ["typecheck"], files: { "src/index.ts": `${CLEAN}${TYPE_ERROR}${OUTPUT_IN_TEMPLATE}` } });
    expect(failing.stdout).toMatch(/^src\/index\.ts\(4,14\): error TS2322/m);
    expect(failing.stdout).toMatch(/^typecheck: 1 error\(s\) in [\d.]+ s; [\d.]+ s in all/m);
    expect(failing.stdout).not.toContain("eslint");
    expect(failing.status).toBe(1);
    const passing = check("typecheck-only-lint-error", { args: ["typecheck"], files: { "src/index.ts": `${CLEAN}${OUTPUT_IN_TEMPLATE}` } });
    expect(passing.stdout).toMatch(/^typecheck: 0 error\(s\)/m);
    expect(passing.status).toBe(0);
  });

  it("exits 2, saying why, when TypeScript 7 or its platform binary is not installed", () => {
    const result = check("no-native", { without: ["typescript-native", ".bin"] });
    expect(result.stderr).toMatch(/typecheck: cannot run: TypeScript 7 \(the typescript-native devDependency\) is not installed \(Cannot find module .typescript-native\/package.json.\); run npm ci\n/);
    expect(result.stdout).toMatch(/^typecheck: cannot run; eslint: 0 error\(s\)/m);
    expect(result.status).toBe(2);
    // npm ci --omit=optional, or a platform TypeScript 7 has no binary for: its launcher cannot start the compiler.
    const binary = `typescript-${process.platform}-${process.arch}`;
    // A copy of TypeScript 7's launcher (a link would find the binary beside the repository's copy).
    const launcherOnly = (dir: string) => {
      for (const part of ["package.json", "bin", "lib"]) fs.cpSync(path.join(ROOT, "node_modules/typescript-native", part), path.join(dir, "node_modules/typescript-native", part), { recursive: true });
    };
    const withoutBinary = check("no-native-binary", { args: ["typecheck"], without: ["@typescript", "typescript-native"], prepare: launcherOnly });
    expect(withoutBinary.stderr).toMatch(new RegExp(`typecheck: cannot run: TypeScript 7 \\(.*\\) exited 1\n[\\s\\S]*Unable to resolve @typescript/${binary}`));
    expect(withoutBinary.status).toBe(2);
  });

  it("exits 2 when tsconfig.json cannot be used, and on an unknown argument", () => {
    const result = check("bad-tsconfig", { files: { "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES1999" }, include: ["src"] }) } });
    expect(result.stderr).toMatch(/typecheck: cannot run: TypeScript 7 .* exited 1: tsconfig\.json cannot be used\ntsconfig\.json\(\d+,\d+\): error TS6046: Argument for '--target' option must be/);
    expect(result.stderr).toMatch(/eslint: cannot run: tsconfig\.json\(\d+,\d+\): error TS6046/);
    expect(result.status).toBe(2);
    const unknown = check("unknown-argument", { args: ["lint"] });
    expect(unknown.stderr).toContain('unknown argument "lint"; allowed: none (type check and ESLint) or "typecheck"');
    expect(unknown.status).toBe(2);
  });
});

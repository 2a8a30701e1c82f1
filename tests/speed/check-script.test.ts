/**
 * scripts/check.js (`npm run check`, in `npm test`): tsc's diagnostics and ESLint's rules from one
 * TypeScript program. Runs the real script on a small project in a temporary folder that uses this
 * repository's eslint.config.mjs and node_modules.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-check-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const CLEAN = 'import * as pulumi from "@pulumi/pulumi";\nexport const name = pulumi.output("a");\nexport const url = pulumi.interpolate`https://${name}`;\n';

/** A project with tsconfig.json (as the repository's), src/index.ts and an examples/ app with its own tsconfig. */
function project(label: string, files: Record<string, string>): { status: number | null; output: string } {
  const dir = path.join(tmp, label);
  fs.mkdirSync(path.join(dir, "scripts"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "scripts", "check.js"), path.join(dir, "scripts", "check.js"));
  fs.copyFileSync(path.join(ROOT, "eslint.config.mjs"), path.join(dir, "eslint.config.mjs"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as { compilerOptions: Record<string, unknown> };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...tsconfig.compilerOptions, types: ["node"] }, include: ["src"] }));
  const all: Record<string, string> = {
    "src/index.ts": CLEAN,
    "examples/app/tsconfig.json": JSON.stringify({ extends: "../../tsconfig.json", include: ["src"] }),
    "examples/app/src/main.ts": "export const port = 8080;\n",
    ...files,
  };
  for (const [file, content] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  const result = spawnSync(process.execPath, [path.join(dir, "scripts", "check.js")], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("scripts/check.js", () => {
  it("passes a clean project, linting the files of every tsconfig (examples/ too)", () => {
    const result = project("clean", {});
    expect(result.output).toMatch(/typecheck: 0 error\(s\) in [\d.]+ s; eslint: 0 error\(s\) in 2 files/);
    expect(result.status).toBe(0);
  });

  it("fails on a type error, printing it as tsc does", () => {
    const result = project("type-error", { "src/index.ts": `${CLEAN}export const n: number = "not a number";\n` });
    expect(result.output).toMatch(/src\/index\.ts\(4,14\): error TS2322: Type 'string' is not assignable to type 'number'/);
    expect(result.output).toMatch(/typecheck: 1 error\(s\)/);
    expect(result.status).toBe(1);
  });

  it("fails on an Output in a template literal: the type-aware Pulumi rule sees tsc's program", () => {
    const result = project("output-in-template", { "src/index.ts": `${CLEAN}export const bad = \`https://\${name}\`;\n` });
    expect(result.output).toMatch(/4:\d+\s+error\s+pulumi\.Output<T> not permitted in template literals\s+@pulumi\/no-output-in-template-literal/);
    expect(result.output).toMatch(/eslint: 1 error\(s\)/);
    expect(result.status).toBe(1);
  });

  it("fails on a plain ESLint error in an examples/ file", () => {
    const result = project("lint-error", { "examples/app/src/main.ts": "export const port = 8080;\nconst unused = 1;\n" });
    expect(result.output).toMatch(/examples\/app\/src\/main\.ts[\s\S]*'unused' is assigned a value but never used/);
    expect(result.status).toBe(1);
  });
});

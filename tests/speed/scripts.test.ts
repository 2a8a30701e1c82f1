/**
 * scripts/ensure-install.js (`npm test`'s pretest: `npm ci` only when needed) and
 * scripts/run-parallel.js (typecheck, lint and jest at once, exit code of the first failure).
 * Both run as real processes on copies in a temporary project, with a stand-in `npm` on PATH.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const SCRIPTS = path.resolve(__dirname, "../../scripts");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-scripts-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A project folder with the script copied into scripts/ and an `npm` that logs its arguments (and runs `run` scripts). */
function project(name: string, scripts: Record<string, string> = {}): { dir: string; run(script: string, args?: string[]): { status: number | null; stdout: string }; npmCalls(): string[] } {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, "scripts"), { recursive: true });
  fs.mkdirSync(path.join(dir, "bin"));
  for (const file of ["ensure-install.js", "run-parallel.js"]) fs.copyFileSync(path.join(SCRIPTS, file), path.join(dir, "scripts", file));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, scripts }));
  const log = path.join(dir, "npm-calls.log");
  // The stand-in npm: logs its arguments; `npm run --silent <name>` runs the package.json script with sh.
  fs.writeFileSync(
    path.join(dir, "bin", "npm"),
    `#!/bin/sh\necho "$*" >> "${log}"\nif [ "$1" = run ]; then name="$3"; cmd=$(node -e 'console.log(require("./package.json").scripts[process.argv[1]])' "$name"); exec sh -c "$cmd"; fi\n`,
    { mode: 0o755 },
  );
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.join(dir, "bin")}${path.delimiter}${process.env.PATH}` };
  delete env.npm_execpath;
  return {
    dir,
    run: (script, args = []) => spawnSync(process.execPath, [path.join(dir, "scripts", script), ...args], { cwd: dir, env, encoding: "utf8" }),
    npmCalls: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : []),
  };
}

describe("scripts/ensure-install.js", () => {
  it("runs npm ci when there is no node_modules", () => {
    const p = project("fresh");
    fs.writeFileSync(path.join(p.dir, "package-lock.json"), "{}");
    expect(p.run("ensure-install.js").status).toBe(0);
    expect(p.npmCalls()).toEqual(["ci --no-audit --no-fund"]);
  });

  it("does nothing when the install is newer than package-lock.json, and installs again once the lock changes", () => {
    const p = project("installed");
    fs.writeFileSync(path.join(p.dir, "package-lock.json"), "{}");
    fs.mkdirSync(path.join(p.dir, "node_modules"));
    fs.writeFileSync(path.join(p.dir, "node_modules", ".package-lock.json"), "{}");
    const earlier = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(p.dir, "package-lock.json"), earlier, earlier);
    expect(p.run("ensure-install.js").status).toBe(0);
    expect(p.npmCalls()).toEqual([]);

    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(p.dir, "package-lock.json"), later, later);
    expect(p.run("ensure-install.js").status).toBe(0);
    expect(p.npmCalls()).toEqual(["ci --no-audit --no-fund"]);
  });
});

describe("scripts/run-parallel.js", () => {
  it("runs the scripts at once, prints each one's output whole, and exits with the failure's code", () => {
    const p = project("parallel", { slow: "sleep 0.3; echo slow-1; echo slow-2", failing: "echo failing-out; exit 3" });
    const started = Date.now();
    const result = p.run("run-parallel.js", ["slow", "failing"]);
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/> failing: FAILED \(exit 3\) in [\d.]+ s\nfailing-out\n/);
    expect(result.stdout).toMatch(/> slow: ok in [\d.]+ s\nslow-1\nslow-2\n/);
    expect(p.npmCalls().sort()).toEqual(["run --silent failing", "run --silent slow"]);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("exits 0 when every script passes", () => {
    const p = project("passing", { a: "true", b: "echo b" });
    expect(p.run("run-parallel.js", ["a", "b"]).status).toBe(0);
  });
});

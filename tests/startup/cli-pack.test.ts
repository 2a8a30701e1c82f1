/**
 * bin/pack.js: the CLI served from its pack behaves as the CLI loaded file by file (same output,
 * same exit codes, the deferral of commander's child_process intact), and the pack is never
 * stale: an edited source, a new file an import now resolves to, a package's new `main`, a corrupt
 * pack or code cache. Every case runs the real binary or a fresh Node with its own pack folder.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/semantest-iac.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-pack-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// `node -r` this: at exit, writes which .ts files Node's loader compiled and whether child_process and esbuild were loaded.
const probe = path.join(tmp, "probe.js");
fs.writeFileSync(
  probe,
  `const Module = require("module"); const compiled = [];
const compile = Module.prototype._compile;
Module.prototype._compile = function (code, filename) { if (filename.endsWith(".ts")) compiled.push(filename); return compile.apply(this, arguments); };
process.on("exit", () => require("fs").writeFileSync(process.env.PROBE_OUT, JSON.stringify({ compiled, childProcess: process.moduleLoadList.includes("NativeModule child_process"), net: process.moduleLoadList.includes("NativeModule net"), esbuild: Object.keys(require.cache).some((f) => f.includes("/node_modules/esbuild/")), loaded: Object.keys(require.cache) })));\n`,
);

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** .ts files Node's loader compiled (none when the pack served them). */
  readonly compiled: readonly string[];
  readonly childProcess: boolean;
  readonly esbuild: boolean;
  readonly loaded: readonly string[];
}

let runs = 0;
function cli(args: readonly string[], packDir: string, env: NodeJS.ProcessEnv = {}): Run {
  const out = path.join(tmp, `probe-${runs++}.json`);
  const result = spawnSync(process.execPath, ["-r", probe, BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", SEMANTEST_PACK_CACHE: packDir, PROBE_OUT: out, ...env },
  });
  const probed = JSON.parse(fs.readFileSync(out, "utf8")) as { compiled: string[]; childProcess: boolean; esbuild: boolean; loaded: string[] };
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ...probed };
}

const visible = (run: Run) => ({ status: run.status, stdout: run.stdout, stderr: run.stderr });

describe("the CLI from its pack", () => {
  const packDir = path.join(tmp, "cli-pack");

  it.each([[["--help"]], [["preview", "--help"]], [["events", "flush", "--help"]], [["--version"]], [["nosuch"]], [["preview", "--env"]], [["status", "--json", "--bogus"]]])(
    "semantest-iac %j: same output and exit code as file by file, then from the pack and its code cache",
    (args) => {
      const unpacked = cli(args, packDir, { SEMANTEST_PACK: "off" });
      const building = cli(args, packDir);
      const packed = cli(args, packDir);
      const cached = cli(args, packDir);
      expect(unpacked.compiled).toContain(path.join(ROOT, "cli/main.ts"));
      for (const run of [building, packed, cached]) expect(visible(run)).toEqual(visible(unpacked));
      // Served from the pack: Node's loader compiled none of the CLI's files.
      expect(packed.compiled).toEqual([]);
      expect(cached.compiled).toEqual([]);
      expect(fs.existsSync(path.join(packDir, "cli.v8"))).toBe(true);
    },
  );

  it("every command's --help is the same from the pack as file by file", () => {
    const main = cli(["--help"], packDir, { SEMANTEST_PACK: "off" }).stdout;
    const commands = [...main.slice(main.indexOf("Commands:")).matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]!).filter((c) => c !== "help");
    expect(commands).toEqual(expect.arrayContaining(["preview", "deploy", "verify", "logs", "invoke", "completion"]));
    cli(["--help"], packDir);
    for (const command of commands) {
      const args = command === "events" ? ["events", "flush", "--help"] : [command, "--help"];
      expect({ command, ...visible(cli(args, packDir)) }).toEqual({ command, ...visible(cli(args, packDir, { SEMANTEST_PACK: "off" })) });
    }
  });

  it("--help loads the registrations only, not the modules of verify, logs and invoke (cli/commands/register-tools.ts)", () => {
    cli(["--help"], packDir);
    const packed = cli(["--help"], packDir);
    expect(packed.loaded).toContain(path.join(ROOT, "cli/commands/register-tools.ts"));
    for (const command of ["verify", "logs", "invoke"]) expect(packed.loaded).not.toContain(path.join(ROOT, `cli/commands/${command}.ts`));
  });

  it("opens stderr only to write to it: with stdout in a file and stderr piped, --help loads no `net` (cli/output.ts)", () => {
    const out = path.join(tmp, "net-probe.json");
    const help = path.join(tmp, "help.txt");
    const stdout = fs.openSync(help, "w");
    try {
      const result = spawnSync(process.execPath, ["-r", probe, BIN, "--help"], { cwd: ROOT, stdio: ["ignore", stdout, "pipe"], env: { ...process.env, NO_COLOR: "1", SEMANTEST_PACK_CACHE: packDir, PROBE_OUT: out } });
      expect(result.status).toBe(0);
    } finally {
      fs.closeSync(stdout);
    }
    expect(fs.readFileSync(help, "utf8")).toContain("Usage: semantest-iac");
    expect((JSON.parse(fs.readFileSync(out, "utf8")) as { net: boolean }).net).toBe(false);
    // An error still reaches the piped stderr.
    const failed = cli(["nosuch"], packDir);
    expect([failed.status, failed.stderr]).toEqual([2, expect.stringContaining("unknown command 'nosuch'")]);
  });

  it("keeps commander's child_process deferred (bin/lazy-modules.js)", () => {
    cli(["--help"], packDir);
    const packed = cli(["--help"], packDir);
    expect(packed.compiled).toEqual([]);
    expect(packed.childProcess).toBe(false);
  });

  it("a corrupt pack or code cache is not used, and the output stays the same", () => {
    const dir = path.join(tmp, "corrupt-pack");
    const expected = visible(cli(["--help"], dir));
    cli(["--help"], dir);
    fs.writeFileSync(path.join(dir, "cli.v8"), "not a code cache");
    expect(visible(cli(["--help"], dir))).toEqual(expected);
    const pack = fs.readFileSync(path.join(dir, "cli.js"), "utf8");
    fs.writeFileSync(path.join(dir, "cli.js"), pack.slice(0, pack.length / 2));
    const afterCut = cli(["--help"], dir);
    expect(visible(afterCut)).toEqual(expected);
    expect(afterCut.compiled).toContain(path.join(ROOT, "cli/main.ts"));
  });

  it("an unwritable pack folder only loses the pack", () => {
    const blocked = path.join(tmp, "a-file");
    fs.writeFileSync(blocked, "");
    const expected = visible(cli(["--help"], path.join(tmp, "writable")));
    for (let i = 0; i < 2; i++) expect(visible(cli(["--help"], path.join(blocked, "pack")))).toEqual(expected);
  });
});

/**
 * A small project loaded through bin/pack.js as bin/semantest-iac.js loads the CLI:
 * main.ts -> ./shared (a folder with index.ts), ./errors, the package tiny (node_modules, main:
 * index.js); main.ts also requires ./late.ts inside a function, which loads ./errors again.
 */
describe("bin/pack.js never serves a stale module", () => {
  const project = path.join(tmp, "project");
  const packDir = path.join(tmp, "project-pack");
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  };
  write("main.ts", `import { shared } from "./shared";\nimport { tiny } from "tiny";\nimport { Failure } from "./errors";\nexport const value = () => [shared, tiny];\nexport const sameClass = () => require("./late").make() instanceof Failure;\n`);
  write("shared/index.ts", `export const shared: string = "folder";\n`);
  write("errors.ts", `export class Failure extends Error {}\n`);
  write("late.ts", `import { Failure } from "./errors";\nexport const make = () => new Failure("x");\n`);
  write("node_modules/tiny/package.json", `{"name":"tiny","main":"index.js"}`);
  write("node_modules/tiny/index.js", `exports.tiny = "index";\n`);
  write("node_modules/tiny/other.js", `exports.tiny = "other";\n`);

  /** `afterRun` runs after the values are printed, before bin/pack.js's saveCodeCache (as bin/semantest-iac.js calls it). */
  function load(afterRun = ""): { value: string[]; sameClass: boolean; compiled: string[]; esbuild: boolean } {
    const out = path.join(tmp, `probe-${runs++}.json`);
    // As bin/semantest-iac.js does: the TypeScript loader is the first entry, packed with the rest.
    const entries = [path.join(ROOT, "bin/ts-hook.js"), path.join(project, "main.ts")];
    const script = `const pack = require(${JSON.stringify(path.join(ROOT, "bin/pack.js"))});
const m = pack.loadPacked(${JSON.stringify(entries)}, "project");
console.log(JSON.stringify({ value: m.value(), sameClass: m.sameClass() }));
${afterRun}
pack.saveCodeCache();`;
    const result = spawnSync(process.execPath, ["-r", probe, "-e", script], {
      encoding: "utf8",
      env: { ...process.env, SEMANTEST_PACK_CACHE: packDir, SEMANTEST_TS_CACHE: path.join(tmp, "ts-cache"), PROBE_OUT: out },
    });
    if (result.status !== 0) throw new Error(result.stderr);
    const probed = JSON.parse(fs.readFileSync(out, "utf8")) as { compiled: string[]; esbuild: boolean };
    return { ...(JSON.parse(result.stdout) as { value: string[]; sameClass: boolean }), compiled: probed.compiled.map((f) => path.relative(project, f)), esbuild: probed.esbuild };
  }
  const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

  it("serves the pack; a module loaded later by Node's loader shares the packed modules' instances", () => {
    // The first run transpiles (bin/ts-hook.js loads esbuild); the pack holds what the entries'
    // top levels required: not esbuild (a function of the loaded hook required it), nor late.ts
    // (required when sameClass runs).
    expect(load()).toEqual({ value: ["folder", "index"], sameClass: true, compiled: ["main.ts", "shared/index.ts", "errors.ts", "late.ts"], esbuild: true });
    const header = fs.readFileSync(path.join(packDir, "project.js"), "utf8").split("\n")[0]!;
    const packed = (JSON.parse(header.slice(header.indexOf("{"))) as { modules: { file: string }[] }).modules.map((m) => m.file);
    expect(packed.sort()).toEqual([path.join(ROOT, "bin/ts-hook.js"), ...["errors.ts", "main.ts", "node_modules/tiny/index.js", "shared/index.ts"].map((f) => path.join(project, f))].sort());
    expect(load()).toEqual({ value: ["folder", "index"], sameClass: true, compiled: ["late.ts"], esbuild: false });
    // Rebuilding the pack with every source already transpiled does not load esbuild either.
    fs.rmSync(path.join(packDir, "project.js"));
    expect(load()).toEqual({ value: ["folder", "index"], sameClass: true, compiled: ["main.ts", "shared/index.ts", "errors.ts", "late.ts"], esbuild: false });
    expect(load()).toEqual({ value: ["folder", "index"], sameClass: true, compiled: ["late.ts"], esbuild: false });
  });

  it("a pack built without esbuild at hand is compacted after a run that had it loaded", () => {
    load();
    const file = path.join(packDir, "project.js");
    const manifest = () => JSON.parse(fs.readFileSync(file, "utf8").split("\n")[0]!.replace(/^[^{]*/, "")) as { compacted: boolean };
    fs.rmSync(packDir, { recursive: true });
    // Every source already transpiled: nothing loads esbuild, the modules are packed as they are.
    expect(load()).toEqual({ value: ["folder", "index"], sameClass: true, compiled: ["main.ts", "shared/index.ts", "errors.ts", "late.ts"], esbuild: false });
    expect(manifest().compacted).toBe(false);
    const raw = fs.statSync(file).size;
    load(`require("esbuild");`);
    expect(manifest().compacted).toBe(true);
    expect(fs.statSync(file).size).toBeLessThan(raw);
    expect(load()).toEqual({ value: ["folder", "index"], sameClass: true, compiled: ["late.ts"], esbuild: false });
  });

  it("a pack whose list of modules does not match what it holds is not trusted", () => {
    load();
    const file = path.join(packDir, "project.js");
    const text = fs.readFileSync(file, "utf8");
    const newline = text.indexOf("\n");
    const prefix = text.slice(0, text.indexOf("{"));
    const manifest = JSON.parse(text.slice(prefix.length, newline)) as { modules: { file: string }[] };
    const rewrite = (modules: { file: string }[]) => fs.writeFileSync(file, `${prefix}${JSON.stringify({ ...manifest, modules })}${text.slice(newline)}`);
    // A module the pack names under another file: that one comes from Node's loader.
    rewrite(manifest.modules.map((m) => (m.file.endsWith(path.join("shared", "index.ts")) ? { ...m, file: path.join(project, "elsewhere.ts") } : m)));
    expect(load()).toEqual({ value: ["folder", "index"], sameClass: true, compiled: ["shared/index.ts", "late.ts"], esbuild: false });
    // One module fewer than the pack holds: not used, rebuilt.
    rewrite(manifest.modules.slice(1));
    expect(load().compiled).toContain("main.ts");
    expect(load()).toEqual({ value: ["folder", "index"], sameClass: true, compiled: ["late.ts"], esbuild: false });
  });

  it.each([
    ["a packed source is edited", () => write("shared/index.ts", `export const shared: string = "edited";\n`), ["edited", "index"]],
    ["a new file takes over an import (shared.ts next to the shared folder)", () => write("shared.ts", `export const shared: string = "file";\n`), ["file", "index"]],
    ["a package's main changes", () => write("node_modules/tiny/package.json", `{"name":"tiny","main":"other.js"}`), ["file", "other"]],
  ])("rebuilds when %s", async (_, change, value) => {
    load();
    expect(load().compiled).toEqual(["late.ts"]);
    await tick();
    change();
    const after = load();
    expect(after.value).toEqual(value);
    expect(after.compiled).toContain("main.ts");
    expect(load()).toEqual({ value, sameClass: true, compiled: ["late.ts"], esbuild: false });
  });
});

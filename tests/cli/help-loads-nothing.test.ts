/**
 * `--help` (building the command tree) loads no adapter, no domain, no SDK: the composition root
 * requires each adapter when a use case first asks for it. Measured in a fresh process, because
 * jest's module registry is shared with the test.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

it("building the CLI (what --help needs) requires none of the adapters, the domain, the events package or an SDK", () => {
  const script = `require("tsx/cjs");
const { buildProgram } = require("./cli/main.ts");
const { processContext } = require("./cli/context.ts");
buildProgram(processContext({ stdout() {}, stderr() {} }, process.cwd(), () => {}));
process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const loaded = (JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as string[]).map((file) => path.relative(ROOT, file));
  expect(loaded).toContain("cli/commands/index.ts");
  expect(loaded.filter((file) => /^(adapters\/(?!compose\.ts)|domain\/|events\/|components\/)|node_modules\/(@pulumi|@aws-sdk|@azure|yaml|ulidx)\//.test(file))).toEqual([]);
});

it("`semantest-iac --help` never opens process.stdout or process.stderr (Node's stream modules): it writes with fs.writeSync", () => {
  // Run as a user runs it (bin/semantest-iac.js, its pack), stdout to a file and to a pipe: each
  // access to process.stdout / stderr is recorded, and the stream modules Node loaded are listed.
  const probe = `const before = new Set(process.moduleLoadList);
for (const name of ["stdout", "stderr"]) {
  const own = Object.getOwnPropertyDescriptor(process, name);
  Object.defineProperty(process, name, { configurable: true, enumerable: own.enumerable, get() { require("fs").appendFileSync(process.env.PROBE_LOG, name + "\\n"); return own.get.call(process); } });
}
process.on("exit", () => require("fs").appendFileSync(process.env.PROBE_LOG, process.moduleLoadList.filter((m) => !before.has(m) && /^NativeModule (stream|internal\\/streams\\/|tty|net)\\b/.test(m)).join("\\n")));`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "help-streams-"));
  fs.writeFileSync(path.join(dir, "probe.js"), probe);
  const log = path.join(dir, "probe.log");
  const help = execFileSync(process.execPath, ["-r", path.join(dir, "probe.js"), path.join(ROOT, "bin", "semantest-iac.js"), "--help"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, PROBE_LOG: log } });
  expect(help).toContain("Usage: semantest-iac");
  expect(fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim() : "").toBe("");
});

/**
 * `--help` (building the command tree) loads no adapter, no domain, no SDK: the composition root
 * requires each adapter when a use case first asks for it. Measured in a fresh process, because
 * jest's module registry is shared with the test.
 */
import { execFileSync } from "child_process";
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

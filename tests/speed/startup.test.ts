/**
 * What the CLI loads (issue 15): a stack loads only its clouds' SDKs, awsx only with `vpc: true`,
 * never the TypeScript compiler or npm's Arborist (the SDK needs them only to serialize closures),
 * and `--help` loads no SDK and no esbuild. Run as the real binary with a module recorder.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/semantest-iac.js");
const RECORDER = path.join(__dirname, "support/record-modules.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-startup-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function loadedModules(args: readonly string[]): string[] {
  const record = path.join(tmp, `modules-${args.join("-").replace(/[^a-z0-9-]/gi, "")}.txt`);
  const result = spawnSync(process.execPath, ["-r", RECORDER, BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", RECORD_MODULES: record }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`semantest-iac ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return fs.readFileSync(record, "utf8").split("\n").map((file) => file.split(path.sep).join("/"));
}

const loads = (modules: readonly string[], fragment: string) => modules.some((file) => file.includes(fragment));

describe("modules the CLI loads", () => {
  it("--help: commander and the command list only", () => {
    const modules = loadedModules(["--help"]);
    expect(loads(modules, "/node_modules/commander/")).toBe(true);
    for (const heavy of ["/node_modules/@pulumi/", "/node_modules/esbuild/", "/node_modules/tsx/", "/cli/artifacts/", "/cli/engine/"]) {
      expect({ heavy, loaded: loads(modules, heavy) }).toEqual({ heavy, loaded: false });
    }
  });

  it("preview of the all-AWS dev stack: @pulumi/aws, no azure-native, no awsx, no TypeScript compiler, no Arborist", () => {
    const modules = loadedModules(["preview", "--env", "dev", "--offline", "--json"]);
    expect(loads(modules, "/node_modules/@pulumi/pulumi/")).toBe(true);
    expect(loads(modules, "/node_modules/@pulumi/aws/")).toBe(true);
    for (const unused of ["/node_modules/@pulumi/azure-native/", "/node_modules/@pulumi/awsx/", "/node_modules/typescript/", "/node_modules/@npmcli/arborist/", "/node_modules/tsx/"]) {
      expect({ unused, loaded: loads(modules, unused) }).toEqual({ unused, loaded: false });
    }
  });

  it("the same stack moved to Azure: azure-native, no @pulumi/aws", () => {
    const modules = loadedModules(["preview", "--env", "dev", "--offline", "--json", "--component", "all", "--provider", "azure"]);
    expect(loads(modules, "/node_modules/@pulumi/azure-native/")).toBe(true);
    expect(loads(modules, "/node_modules/@pulumi/aws/")).toBe(false);
  });
});

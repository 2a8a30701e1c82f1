import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../support/pulumi-harness";

/** jest.config.js's e2e criterion (tests/support/e2e-starters.js) and the lists it gives. */
const { STARTERS, STARTING_MODULES, STARTS_PROCESSES } = require("../support/e2e-starters") as { STARTERS: string[]; STARTING_MODULES: string[]; STARTS_PROCESSES: RegExp };
const config = require("../../jest.config.js") as { projects: { displayName: string; testMatch: string[] }[] };
const e2e = new Set(config.projects.find((p) => p.displayName === "e2e")!.testMatch.map((f) => path.relative(PROJECT_DIR, f)));
const read = (file: string) => fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");

/** The body of `function name(` (or `class name`) in `source`, up to the next top-level declaration. */
function body(source: string, name: string): string {
  const start = source.search(new RegExp(`(function|class)\\s+${name}\\b`));
  expect(start).toBeGreaterThanOrEqual(0);
  const next = source.slice(start + 1).search(/\n(export |async function |function |class )/);
  return next < 0 ? source.slice(start) : source.slice(start, start + 1 + next);
}

describe("e2e detection (jest.config.js)", () => {
  // Each named starter starts a process where tests/support/e2e-starters.js says it does.
  it.each([
    ["runCli", "tests/support/cli.ts", /\b(spawn|runNode)\(/],
    ["runNode", "tests/support/cli.ts", /\bspawn\(/],
    ["startGatewayProcess", "tests/local/support.ts", /\b(spawn|startDevProcess)\(/],
    ["startDevProcess", "tests/local/support.ts", /\bspawn\(/],
    ["FunctionWorker", "runtime/local/worker.ts", /\bfork\(/],
    ["trustTestCertificate", "tests/push/support/tls.ts", /\bselfSignedCertificate\(/],
    ["selfSignedCertificate", "tests/push/support/tls.ts", /\bexecFileSync\(/],
    ["startEntraStorage", "tests/storage/support/entra-storage.ts", /\bspawn\(/],
    ["moduleEdges", "scripts/architecture.ts", /\bexecFileSync\(/],
    ["startAwsHost", "runtime/local/aws/host.ts", /\bLocalLambda\.fromZip\(/],
    ["startAzureHost", "runtime/local/azure/host.ts", /\bLocalFunctionApp\.fromZip\(/],
    ["startAwsRestAzureWebSocketHost", "runtime/local/mixed.ts", /\bstartAwsHost\(/],
  ])("%s (%s) starts a process", (name, file, starts) => {
    expect(STARTERS).toContain(name);
    expect(body(read(file), name)).toMatch(starts);
  });

  it("startGateway's hosts run their functions in FunctionWorkers (runtime/local/aws/lambda.ts, azure/function-app.ts)", () => {
    expect(STARTERS).toContain("startGateway");
    // LocalLambda.fromZip / LocalFunctionApp.fromZip, which the hosts above call.
    expect(read("runtime/local/aws/lambda.ts")).toMatch(/class LocalLambda\b[\s\S]*new FunctionWorker\(/);
    expect(read("runtime/local/azure/function-app.ts")).toMatch(/class LocalFunctionApp\b[\s\S]*new FunctionWorker\(/);
  });

  it("bench/fuzz/support/sigkill-trial's trial starts a child: importing the module makes a suite e2e", () => {
    expect(STARTING_MODULES).toContain("bench/fuzz/support/sigkill-trial");
    expect(read("bench/fuzz/support/sigkill-trial.ts")).toMatch(/\bspawn\(process\.execPath/);
    expect(STARTS_PROCESSES.test('import { trial } from "../../bench/fuzz/support/sigkill-trial";')).toBe(true);
  });

  it.each([
    "tests/local/dev-push.test.ts",
    "tests/push/rest-push.test.ts",
    "tests/auth/local-gateway.test.ts",
    "tests/local/dev-secrets.test.ts",
    "tests/local/worker.test.ts",
    "tests/cli/issue-14-flush.test.ts",
    "tests/storage/package-store.test.ts",
    "tests/canary-azure/local-split.test.ts",
    "tests/events/sigkill-trials.test.ts",
    "tests/docs/architecture.test.ts",
  ])("%s starts a process: e2e", (file) => {
    expect(read(file)).toMatch(STARTS_PROCESSES);
    expect(e2e.has(file)).toBe(true);
  });

  it.each(["tests/components/program.test.ts", "tests/artifacts/build.test.ts", "tests/domain/deployment.test.ts", "tests/speed/artifact-build-cache.test.ts"])(
    "%s runs in-process: unit",
    (file) => {
      expect(fs.existsSync(path.join(PROJECT_DIR, file))).toBe(true);
      expect(e2e.has(file)).toBe(false);
    },
  );

  it("names a call, not a mention: a comment or a string naming a starter without calling it is not one", () => {
    // Calls written out in pieces, or this in-process file would be e2e itself.
    const call = (name: string) => `${name}(`;
    expect(STARTS_PROCESSES.test("// startGateway is e2e")).toBe(false);
    expect(STARTS_PROCESSES.test(`await ${call("startGateway")}{ port: 0 })`)).toBe(true);
    expect(STARTS_PROCESSES.test(`new ${call("FunctionWorker")}{})`)).toBe(true);
    expect(STARTS_PROCESSES.test(call("restartGateway"))).toBe(false);
  });
});

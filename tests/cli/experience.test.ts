import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../support/cli";

const COMMANDS = ["deploy", "preview", "status", "history", "rollback"];

describe("semantest-iac without a Pulumi CLI on PATH (subprocess, real Automation API adapter)", () => {
  let emptyBin: string;
  beforeAll(() => (emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"))));
  afterAll(() => fs.rmSync(emptyBin, { recursive: true, force: true }));
  const env = () => ({ PATH: emptyBin, SEMANTEST_IAC_ENGINE: "automation" });

  it.each([
    ["deploy", ["deploy", "--env", "dev"]],
    ["preview (online)", ["preview", "--env", "dev"]],
    ["status", ["status", "--env", "dev"]],
    ["history", ["history", "--env", "dev"]],
    ["rollback", ["rollback", "--env", "dev", "--to", "3", "--yes"]],
  ])("%s exits 3 and says how to install it", async (_name, args) => {
    const result = await runCli(args, { env: env() });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: the Pulumi CLI is not on PATH: this command drives Pulumi's Automation API\n  fix: install the Pulumi CLI \(curl -fsSL https:\/\/get\.pulumi\.com \| sh/);
  });

  it("says the same as JSON on stdout with --json", async () => {
    const result = await runCli(["history", "--env", "dev", "--json"], { env: env() });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: "NO_PULUMI_CLI", fix: expect.stringContaining("https://www.pulumi.com/docs/install/") });
  });

  it("preview --offline needs no Pulumi CLI", async () => {
    const result = await runCli(["preview", "--env", "dev", "--offline", "--json"], { env: env() });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).mode).toBe("offline");
  });
});

describe("semantest-iac help and usage (subprocess)", () => {
  it.each(COMMANDS)("%s --help shows its flags and examples, exit 0", async (command) => {
    const result = await runCli([command, "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: semantest-iac ${command}`);
    expect(result.stdout).toContain("--json");
    expect(result.stdout).toMatch(new RegExp(`Examples:\\n  \\$ semantest-iac ${command} `));
  });

  it("the top-level help lists the commands and the exit codes", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    expect(result.stdout).toContain("Exit codes: 0 ok, 1 operation failed");
  });

  it("a bad flag value is a usage error (exit 2), as JSON with --json", async () => {
    const result = await runCli(["deploy", "--env", "dev", "--provider", "gcp", "--json"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: "USAGE", message: expect.stringContaining("gcp") });
  });

  it("commands that need a stack say so (exit 2)", async () => {
    for (const args of [["deploy"], ["history"], ["status"], ["rollback"], ["rollback", "--to", "2"]]) {
      const result = await runCli(args, { env: { SEMANTEST_IAC_ENGINE: "automation", PATH: "/nonexistent" } });
      expect([args, result.code]).toEqual([args, 2]);
      expect(result.stderr).toMatch(/^error: .*(--env|--deployment)/m);
    }
  });

  it("refuses an unknown engine name", async () => {
    const result = await runCli(["history", "--env", "dev"], { env: { SEMANTEST_IAC_ENGINE: "real" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: SEMANTEST_IAC_ENGINE=real is not an engine; allowed: automation, fake (tests only)");
  });
});

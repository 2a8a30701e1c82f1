/**
 * Issue 14, CLI findings, as regression tests on the real binary: a reader that closes the pipe
 * early, an unknown command followed by --help, and offline checks before the Pulumi CLI check.
 */
import { spawn } from "child_process";
import { BIN, runCli } from "../support/cli";

/** Runs the binary with its stdout's read end closed before it writes: what `| head -0` does, deterministically. */
function runWithClosedStdout(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("issue 14: the CLI's own edges", () => {
  it.each([[["--help"]], [["deploy", "--help"]], [["events", "flush", "--help"]]])("`semantest-iac %j | head` ends quietly with the command's exit code, no EPIPE stack trace", async (args) => {
    const result = await runWithClosedStdout(args);
    expect(result.stderr).not.toMatch(/EPIPE|Error:|at /);
    expect(result.code).toBe(0);
  });

  it("a usage error still exits 2 when nobody reads stdout", async () => {
    const result = await runWithClosedStdout(["history", "--json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("EPIPE");
  });

  it.each([
    [["nosuch", "--help"], "unknown command 'nosuch'"],
    [["nosuch", "-h", "--json"], "unknown command 'nosuch'"],
    [["events", "nosuch", "--help"], "unknown command 'nosuch' for 'events'"],
    [["--help", "nosuch"], "unknown command 'nosuch'"],
    [["deploy", "nosuch", "--help"], "too many arguments for 'deploy': 'nosuch'"],
    [["deploy", "--env", "dev", "nosuch", "-h"], "too many arguments for 'deploy': 'nosuch'"],
  ])("%j is an unknown command (exit 2), not the main help", async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    const said = args.includes("--json") ? JSON.parse(result.stdout).error.message : result.stderr;
    expect(said).toContain(message);
    expect(result.stdout).not.toContain("Usage: semantest-iac");
  });

  it.each([
    [["deploy", "--env", "dev", "--help"], "Usage: semantest-iac deploy"],
    [["status", "--env=dev", "--help"], "Usage: semantest-iac status"],
    [["events", "flush", "--help"], "Usage: semantest-iac events flush"],
    [["help", "deploy"], "Usage: semantest-iac deploy"],
  ])("%j still prints the help (exit 0): an option's value is not a command", async (args, usage) => {
    const result = await runCli(args);
    expect(result.stdout).toContain(usage);
    expect(result.code).toBe(0);
  });

  it("`deploy --env nowhere --yes` without a Pulumi CLI is a usage error (exit 2), checked before the engine", async () => {
    const result = await runCli(["deploy", "--env", "nowhere", "--yes", "--json"], { env: { PATH: "/nonexistent", SEMANTEST_IAC_ENGINE: "", SEMANTEST_IAC_PULUMI_ROOT: "/nonexistent" } });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: "STACK_FILE", message: expect.stringContaining("Pulumi.nowhere.yaml") });
    const destroy = await runCli(["destroy", "--env", "nowhere", "--yes", "--json"], { env: { PATH: "/nonexistent", SEMANTEST_IAC_ENGINE: "", SEMANTEST_IAC_PULUMI_ROOT: "/nonexistent" } });
    expect(destroy.code).toBe(2);
  });

  it("with a valid stack file and no Pulumi CLI, deploy gets as far as the engine check (exit 3)", async () => {
    const result = await runCli(["deploy", "--env", "dev", "--yes", "--json"], { env: { PATH: "/nonexistent", SEMANTEST_IAC_ENGINE: "", SEMANTEST_IAC_PULUMI_ROOT: "/nonexistent" } });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toBe("NO_PULUMI_CLI");
  });
});

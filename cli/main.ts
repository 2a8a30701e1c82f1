/**
 * semantest-iac: deploy, preview, status, history and rollback for Semantest's infrastructure
 * (DESIGN §7). This file wires commands and maps errors to exit codes; the work is in commands/.
 */
import { Command, CommanderError } from "commander";
import * as path from "path";
import { registerDeploy, registerEvents, registerHistory, registerPreview, registerRollback, registerStatus, registerVerify } from "./commands/register";
import { CommandContext, processContext } from "./context";
import { ExitCodes } from "./exit-codes";
import { CliError, Io, processIo, reportError } from "./output";

export const PROJECT_DIR = path.resolve(__dirname, "..");

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command("semantest-iac")
    .description("Ship Semantest's REST API and WebSocket server to AWS or Azure with Pulumi.")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr })
    .exitOverride()
    .addHelpText(
      "after",
      `
Exit codes: 0 ok, 1 operation failed (deploy, rollback, mandatory policy), 2 usage or invalid config,
3 environment (no Pulumi CLI, not logged in, stack locked). Every command takes --json.

Examples:
  $ semantest-iac preview --env dev --offline
  $ semantest-iac deploy --env staging
  $ semantest-iac history --env production
  $ semantest-iac rollback --env production --to 41

Docs: docs/cli.md, docs/rollback.md`,
    );

  registerPreview(program, ctx);
  registerDeploy(program, ctx);
  registerStatus(program, ctx);
  registerHistory(program, ctx);
  registerRollback(program, ctx);
  registerEvents(program, ctx);
  registerVerify(program, ctx);

  program
    .command("dev")
    .description("Run the REST API and the WebSocket server on localhost exactly as AWS or Azure hosts them (the local gateway; docs/local.md).")
    .option("--provider <provider>", "the cloud whose hosting is emulated: aws | azure", "aws")
    .option("--port <n>", "REST server port; the WebSocket server takes the next one; 0 = free ports", "3000")
    .option("--idle-timeout <seconds>", "WebSocket idle timeout (API Gateway: 600)")
    .option("--no-watch", "do not rebuild and reload on code changes")
    .option("--json", "print the ready line (URLs) as one JSON document")
    .action(async (flags) => {
      // Loaded when run: the local gateway pulls in esbuild and the AWS SDK, which `--help` does not need.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runDev } = require("./commands/dev") as typeof import("./commands/dev");
      ctx.setExitCode(await runDev(flags, ctx.io, ctx.projectDir));
    });
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function run(argv: readonly string[], io: Io = processIo, projectDir = PROJECT_DIR, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let exitCode: number = ExitCodes.ok;
  const json = argv.includes("--json");
  const ctx = processContext(io, projectDir, (code) => (exitCode = code), env);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is a usage error.
      if (error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version") return ExitCodes.ok;
      if (json) reportError(io, new CliError("USAGE", error.message.replace(/^error: /, ""), ExitCodes.usage), true);
      return ExitCodes.usage;
    }
    if (error instanceof CliError) {
      reportError(io, error, json);
      return error.exitCode;
    }
    const unexpected = new CliError("INTERNAL", (error as Error)?.stack ?? String(error), ExitCodes.failed, "this is a bug in semantest-iac; please report it with the output above");
    reportError(io, unexpected, json);
    return ExitCodes.failed;
  }
}

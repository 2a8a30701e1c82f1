/**
 * semantest-iac: deploy, preview, status, history and rollback for Semantest's infrastructure
 * (DESIGN §7). This file wires flags to commands and errors to exit codes; the work is elsewhere.
 */
import { Command, CommanderError, Option } from "commander";
import * as path from "path";
import { previewOffline } from "./commands/preview";
import { ExitCodes } from "./exit-codes";
import { CliError, Io, processIo, reportError } from "./output";

export const PROJECT_DIR = path.resolve(__dirname, "..");

const componentOption = () => new Option("--component <component>", "the component to act on").choices(["rest-api", "websocket", "all"]);
const providerOption = () => new Option("--provider <provider>", "move the component(s) to this cloud").choices(["aws", "azure"]);

export function buildProgram(io: Io, setExitCode: (code: number) => void, projectDir = PROJECT_DIR): Command {
  const program = new Command("semantest-iac")
    .description("Ship Semantest's REST API and WebSocket server to AWS or Azure with Pulumi.")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  program
    .command("preview")
    .description("Show what a deploy would change. --offline evaluates the program under mocks: no cloud, no Pulumi CLI.")
    .option("--env <env>", "stack / environment: selects Pulumi.<env>.yaml")
    .option("--config <file>", "read this stack file instead of Pulumi.<env>.yaml")
    .addOption(componentOption())
    .addOption(providerOption())
    .option("--offline", "evaluate in-process with Pulumi's mocks")
    .option("--json", "print one JSON document on stdout")
    .addHelpText(
      "after",
      `
Examples:
  $ semantest-iac preview --env dev --offline
  $ semantest-iac preview --env production --offline --json
  $ semantest-iac preview --env staging --offline --component websocket --provider aws
  $ semantest-iac preview --config ./Pulumi.qa.yaml --offline`,
    )
    .action(async (flags) => {
      if (!flags.offline) {
        throw new CliError(
          "NO_PULUMI_CLI",
          "an online preview needs the Pulumi CLI, which this build of semantest-iac cannot find on PATH",
          ExitCodes.environment,
          "install it (curl -fsSL https://get.pulumi.com | sh) or run with --offline",
        );
      }
      setExitCode(await previewOffline(flags, io, projectDir));
    });

  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function run(argv: readonly string[], io: Io = processIo, projectDir = PROJECT_DIR): Promise<number> {
  let exitCode: number = ExitCodes.ok;
  const json = argv.includes("--json");
  const program = buildProgram(io, (code) => (exitCode = code), projectDir);
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

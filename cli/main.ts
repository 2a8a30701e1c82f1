/**
 * semantest-iac: deploy, preview, status, history, rollback, destroy and events flush for
 * Semantest's infrastructure. This file wires the commands (commands/index.ts) and maps errors to
 * exit codes (docs/cli.md#exit-codes); each command is flags -> a use case in application/ -> output.
 */
import { Command, CommanderError } from "commander";
import * as fs from "fs";
import * as path from "path";
import { COMMANDS } from "./commands";
import { CommandContext, processContext } from "./context";
import { ExitCodes } from "../application/exit-codes";
import { commanderOutput, OperationError, Io, processIo, reportError } from "./output";

export const PROJECT_DIR = path.resolve(__dirname, "..");

/** The package's own version (package.json next to cli/), for `--version`. */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { version: string }).version;
}

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command("semantest-iac")
    .description("Ship Semantest's REST API and WebSocket server to AWS or Azure with Pulumi.")
    .version(packageVersion(), "-V, --version", "print the version of semantest-iac")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  program
    .configureOutput(commanderOutput(ctx.io, program.configureOutput()))
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

  for (const register of COMMANDS) register(program, ctx);
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function run(argv: readonly string[], io: Io = processIo, projectDir = PROJECT_DIR, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let exitCode: number = ExitCodes.ok;
  const json = argv.includes("--json");
  const ctx = processContext(io, projectDir, (code) => (exitCode = code), env);
  const program = buildProgram(ctx);
  // Node ends a process whose event loop is empty, even with a promise pending. A library may
  // unref its timers (a sink's retry backoff, the outbox lock wait): without this handle the
  // process would exit 0 in the middle of a command, having printed nothing (issue 14).
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  try {
    const unknown = unknownCommand(program, argv);
    if (unknown) throw new OperationError("USAGE", unknown, ExitCodes.usage, "semantest-iac --help lists the commands");
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is a usage error.
      if (error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version") return ExitCodes.ok;
      if (json) reportError(io, new OperationError("USAGE", error.message.replace(/^error: /, ""), ExitCodes.usage), true);
      return ExitCodes.usage;
    }
    if (error instanceof OperationError) {
      reportError(io, error, json);
      return error.exitCode;
    }
    const entry = entryNotFound(error);
    if (entry) {
      reportError(io, entry, json);
      return entry.exitCode;
    }
    const unexpected = new OperationError("INTERNAL", (error as Error)?.stack ?? String(error), ExitCodes.failed, "this is a bug in semantest-iac; please report it with the output above");
    reportError(io, unexpected, json);
    return ExitCodes.failed;
  } finally {
    clearInterval(keepAlive);
  }
}

/**
 * Commander answers `--help` before it resolves the command and its arguments, so
 * `semantest-iac nosuch --help`, `--help nosuch` and `deploy nosuch --help` would print a help and
 * exit 0. Every word that is not an option (or an option's value) must name a command, or be one of
 * the named command's arguments, with or without `--help`.
 */
function unknownCommand(program: Command, argv: readonly string[]): string | undefined {
  let command = program;
  let argumentsSeen = 0;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === "--") return undefined; // what follows is the command's, as written
    if (word.startsWith("-")) {
      // An option that takes a value (`--env dev`): the next word is that value, not a command.
      const option = word.includes("=") ? undefined : command.options.find((o) => o.long === word || o.short === word);
      if (option && (option.required || option.optional) && i + 1 < argv.length && !argv[i + 1].startsWith("-")) i++;
      continue;
    }
    if (command.commands.length > 0) {
      const next = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
      if (!next) {
        if (command === program && word === "help") return undefined;
        const where = command === program ? "" : ` for '${command.name()}'`;
        return `unknown command '${word}'${where}; allowed: ${command.commands.map((c) => c.name()).join(", ")}`;
      }
      command = next;
      continue;
    }
    const accepted = command.registeredArguments;
    if (++argumentsSeen > accepted.length && !accepted.at(-1)?.variadic) {
      const takes = accepted.length === 0 ? "no arguments" : `${accepted.length} argument(s): ${accepted.map((a) => a.name()).join(", ")}`;
      return `too many arguments for '${command.name()}': '${word}'; it takes ${takes}`;
    }
  }
  return undefined;
}

/**
 * A component's `entry` that names no module is a config mistake, not a bug: exit 2 with the
 * field and the path (artifacts/build.ts raises it, possibly from inside the program's evaluation).
 */
function entryNotFound(error: unknown): OperationError | undefined {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e === "object" && e.code === "ENTRY_NOT_FOUND" && typeof e.message === "string") {
      return new OperationError("ENTRY_NOT_FOUND", e.message, ExitCodes.usage, "point the component's entry at your app's module, relative to Pulumi.yaml");
    }
  }
  return undefined;
}

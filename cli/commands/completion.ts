/**
 * `semantest-iac completion bash|zsh|fish`: prints a completion script generated from the
 * registered commands and flags (cli/render/completion.ts), so it never goes stale.
 */
import { Argument, Command } from "commander";
import type { CommandContext } from "../context";
import { completionScript, programSurface, SHELLS, type Shell } from "../render/completion";

export function registerCompletion(program: Command, ctx: CommandContext): void {
  program
    .command("completion")
    .description("Print a shell completion script (bash, zsh or fish) for every command and flag.")
    .addArgument(new Argument("<shell>", "the shell to complete in").choices(SHELLS))
    .addHelpText(
      "after",
      "\nExamples:\n  $ source <(semantest-iac completion bash)\n  $ source <(semantest-iac completion zsh)\n  $ semantest-iac completion fish | source\n",
    )
    .action((shell: Shell) => {
      ctx.io.stdout(completionScript(shell, program.name(), programSurface(program)).replace(/\n$/, ""));
      ctx.setExitCode(0);
    });
}

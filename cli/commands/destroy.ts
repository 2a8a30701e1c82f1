/**
 * `semantest-iac destroy`: flags -> the destroy use case (application/destroy.ts) -> the plan on
 * stderr, then the result (text or --json). Registered by its own `register` (cli/commands/index.ts).
 */
import { Command, Option } from "commander";
import { ExitCodes } from "../../application/exit-codes";
import type { CommandContext } from "../context";
import { pendingLines, printJson, requireEnv } from "./shared";

export interface DestroyFlags {
  readonly env?: string;
  readonly yes?: boolean;
  readonly skipChecks?: boolean;
  readonly purgeArtifacts?: boolean;
  readonly iUnderstandThisDeletesProduction?: boolean;
  readonly json?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command("destroy")
    .description("Preview, confirm and delete every resource of a stack (the program runs, so each deletion is an event). Artifacts are kept unless --purge-artifacts.")
    .option("--env <env>", "the stack / environment to destroy")
    .option("--yes", "do not ask for confirmation")
    .option("--skip-checks", "do not run the doctor checks first (semantest-iac doctor --env <env> runs them alone)")
    .option("--purge-artifacts", "first empty the artifact bucket (every version) / deployment containers")
    .option("--i-understand-this-deletes-production", "required with --yes to destroy a production stack")
    .addOption(new Option("--json", "print one JSON document on stdout (errors too)"))
    .addHelpText(
      "after",
      "\nExamples:\n  $ semantest-iac destroy --env dev\n  $ semantest-iac destroy --env staging --yes --purge-artifacts --json\n  $ semantest-iac destroy --env production --yes --i-understand-this-deletes-production\n\nSee docs/teardown.md for the runbook.\n",
    )
    .action(async (flags: DestroyFlags) => ctx.setExitCode(await destroy(flags, ctx)));
}

export async function destroy(flags: DestroyFlags, ctx: CommandContext): Promise<number> {
  const stack = requireEnv(flags.env, "destroy", "semantest-iac destroy --env dev");
  const json = Boolean(flags.json);
  // Loaded when run, like every command's use case: `--help` stays fast.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { destroy: destroyUseCase } = require("../../application/destroy") as typeof import("../../application/destroy");
  const result = await destroyUseCase(ctx.ports(json), {
    stack,
    yes: flags.yes,
    skipChecks: flags.skipChecks,
    purgeArtifacts: flags.purgeArtifacts,
    confirmProduction: flags.iUnderstandThisDeletesProduction,
    onPlan: json
      ? undefined
      : (plan) => {
          const lines = [`Destroy of stack ${plan.stack} (${plan.environment}): ${plan.resources.length} resource(s) go`];
          for (const step of plan.resources) lines.push(`  - ${step.type}  ${step.urn.split("::").pop()}`);
          if (plan.artifacts.locations.length === 0) lines.push("  artifacts: the stack exports no artifact store");
          else lines.push(`  artifacts: ${plan.artifacts.action === "purge" ? "deleted first from" : "kept in"} ${plan.artifacts.locations.join(", ")}`);
          ctx.io.stderr(lines.join("\n"));
        },
  });
  if (json) printJson(ctx.io, result);
  else {
    const lines = [`Destroy ${result.destroyId} completed: stack ${stack} has no resources left (${result.removed} deleted)`];
    if ("kept" in result.artifacts) {
      if (result.artifacts.kept.length > 0) lines.push(`  artifacts kept in ${result.artifacts.kept.join(", ")} (delete them with --purge-artifacts, see docs/teardown.md)`);
    } else for (const place of result.artifacts.purged) lines.push(`  artifacts: ${place.removed} deleted from ${place.location}`);
    ctx.io.stdout([...lines, ...pendingLines(result.eventsPending)].join("\n"));
  }
  return ExitCodes.ok;
}

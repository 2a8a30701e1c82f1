/**
 * `semantest-iac prune`: flags -> the prune use case (application/prune.ts) -> the plan on stderr,
 * then what was deleted (text or --json). Registered by its own `register` (cli/commands/index.ts).
 */
import { Command, Option } from "commander";
import { ExitCodes } from "../../application/exit-codes";
import type { PrunePlan } from "../../application/release/prune-plan";
import type { CommandContext } from "../context";
import { printJson, requireEnv } from "./shared";

export interface PruneFlags {
  readonly env?: string;
  readonly keep?: string;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly json?: boolean;
}

const EXAMPLE = "semantest-iac prune --env dev --keep 5";

export function register(program: Command, ctx: CommandContext): void {
  program
    .command("prune")
    .description("Delete the artifacts and Lambda versions no rollback needs: keeps the newest --keep releases, the live one and a canary's previous one. Changes no resource.")
    .option("--env <env>", "the stack / environment to prune")
    .option("--keep <n>", "succeeded releases whose artifacts stay, besides the live one (1-100)", "5")
    .option("--dry-run", "print the plan only; delete nothing")
    .option("--yes", "do not ask for confirmation")
    .addOption(new Option("--json", "print one JSON document on stdout (errors too)"))
    .addHelpText("after", `\nExamples:\n  $ semantest-iac prune --env dev --dry-run\n  $ ${EXAMPLE} --yes --json\n\nSee docs/rollback.md#pruning-old-releases.\n`)
    .action(async (flags: PruneFlags) => ctx.setExitCode(await prune(flags, ctx)));
}

export async function prune(flags: PruneFlags, ctx: CommandContext): Promise<number> {
  const stack = requireEnv(flags.env, "prune", EXAMPLE);
  const json = Boolean(flags.json);
  // Loaded when run, like every command's use case: `--help` stays fast.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prune: pruneUseCase } = require("../../application/prune") as typeof import("../../application/prune");
  const result = await pruneUseCase(ctx.ports(json), {
    stack,
    keep: flags.keep,
    dryRun: flags.dryRun,
    yes: flags.yes,
    onPlan: json ? undefined : (plan) => ctx.io.stderr(planLines(stack, plan).join("\n")),
  });
  if (json) printJson(ctx.io, result);
  else {
    const versions = result.removed.versions.length;
    const lines = result.dryRun
      ? [`Dry run: nothing deleted from stack ${stack}`]
      : [`Pruned stack ${stack}: ${result.removed.artifacts.length} artifact(s) and ${versions} function version(s) deleted`];
    for (const note of result.notes) lines.push(`  note: ${note}`);
    ctx.io.stdout(lines.join("\n"));
  }
  return ExitCodes.ok;
}

function planLines(stack: string, plan: PrunePlan): string[] {
  const lines = [`Prune of stack ${stack}: keeps ${plan.releases.length} release(s) (${plan.releases.join(", ") || "none recorded"}), ${plan.artifacts.kept} artifact(s)`];
  for (const artifact of plan.artifacts.remove) lines.push(`  - artifact ${artifact.location}`);
  for (const fn of plan.versions) {
    if (fn.remove.length > 0) lines.push(`  - ${fn.function}: versions ${fn.remove.join(", ")} (keeps ${fn.kept.join(", ") || "none"})`);
  }
  if (plan.artifacts.remove.length === 0 && plan.versions.every((v) => v.remove.length === 0)) lines.push("  nothing to delete");
  return lines;
}

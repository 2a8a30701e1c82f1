/** `semantest-iac rollback`: flags -> the rollback use case (application/rollback.ts) -> text or --json. */
import { ExitCodes } from "../../application/exit-codes";
import { abortRelease } from "../../application/release/abort";
import { rollback as rollbackUseCase, RollbackPlanView } from "../../application/rollback";
import type { CommandContext } from "../context";
import { countFlag, pendingLines, printJson, shortDigest } from "./shared";

export interface RollbackFlags {
  readonly deployment?: string;
  readonly env?: string;
  readonly to?: string;
  readonly yes?: boolean;
  readonly skipChecks?: boolean;
  readonly json?: boolean;
}

export async function rollback(flags: RollbackFlags, ctx: CommandContext): Promise<number> {
  const json = Boolean(flags.json);
  // `rollback --env <env>` alone: abort the release rolled out in steps there (docs/releases.md).
  if (!flags.deployment && flags.to === undefined && flags.env) return abort(flags, ctx);
  const toVersion = flags.deployment ? undefined : countFlag("--to", flags.to, "an update version", "semantest-iac history --env <env> lists the versions");
  const result = await rollbackUseCase(ctx.ports(json), {
    deploymentId: flags.deployment,
    stack: flags.env,
    toVersion: flags.deployment && flags.to !== undefined ? Number(flags.to) : toVersion,
    yes: flags.yes,
    skipChecks: flags.skipChecks,
    onPlan: json ? undefined : (plan, stack) => ctx.io.stderr(planText(plan, stack)),
  });
  if (json) printJson(ctx.io, result);
  else {
    const from = result.restored.deploymentId ? ` (deployment ${result.restored.deploymentId})` : "";
    const lines = [`Rollback ${result.rollbackId} completed: stack ${result.stack} runs the config of version ${result.restored.version}${from} again`];
    for (const [name, url] of Object.entries(result.endpoints)) lines.push(`  ${name}: ${url}`);
    ctx.io.stdout([...lines, ...pendingLines(result.eventsPending)].join("\n"));
  }
  return ExitCodes.ok;
}

async function abort(flags: RollbackFlags, ctx: CommandContext): Promise<number> {
  const json = Boolean(flags.json);
  const result = await abortRelease(ctx.ports(json), { stack: flags.env!, yes: flags.yes, skipChecks: flags.skipChecks });
  if (json) printJson(ctx.io, result);
  else {
    const a = result.aborted;
    const lines = [
      `Rollback ${result.rollbackId} completed: release ${a.releaseId}${a.strategy ? ` (${a.strategy})` : ""} aborted on stack ${result.stack}; 100% back on ${a.previousReleaseId}${result.version ? ` (update v${result.version})` : ""}`,
    ];
    for (const [name, url] of Object.entries(result.endpoints)) lines.push(`  ${name}: ${url}`);
    ctx.io.stdout([...lines, ...pendingLines(result.eventsPending)].join("\n"));
  }
  return ExitCodes.ok;
}

function planText(plan: RollbackPlanView, stack: string): string {
  const t = plan.target;
  const lines = [`Rollback of stack ${stack} to version ${t.version}${t.deploymentId ? ` (deployment ${t.deploymentId}, ${t.startTime})` : ""}`];
  if (plan.changes.length === 0) lines.push("  live config already equals the restored config: the update re-applies it");
  else {
    lines.push("  config        live -> restore");
    for (const change of plan.changes) lines.push(`  ${change.key}`, `    live:    ${abbreviate(change.live)}`, `    restore: ${abbreviate(change.restore)}`);
  }
  for (const component of t.components) lines.push(`  ${component.kind} on ${component.provider}: artifact ${shortDigest(t.artifacts[component.kind])}`);
  return lines.join("\n");
}

function abbreviate(value: string | null): string {
  if (value === null) return "(not set)";
  return value.length > 160 ? `${value.slice(0, 157)}...` : value;
}

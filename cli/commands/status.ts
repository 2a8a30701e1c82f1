/** `semantest-iac status` and `history`: flags -> application/status.ts -> text or --json. */
import { ExitCodes } from "../../application/exit-codes";
import { history as historyUseCase, status as statusUseCase } from "../../application/status";
import type { CommandContext } from "../context";
import { historyTable, statusText } from "../render/records";
import { releaseProgressLines } from "../render/rollout";
import { countFlag, printJson, requireEnv } from "./shared";

export interface StatusFlags {
  readonly env?: string;
  readonly deployment?: string;
  readonly json?: boolean;
  /** Billed cost this month next to the estimate (cli/commands/status-cost.ts). */
  readonly cost?: boolean;
}

export interface HistoryFlags {
  readonly env?: string;
  readonly limit?: string;
  readonly json?: boolean;
}

export async function status(flags: StatusFlags, ctx: CommandContext): Promise<number> {
  const result = await statusUseCase(ctx.ports(Boolean(flags.json)), { stack: flags.env, deploymentId: flags.deployment });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const costs = flags.cost ? (require("./status-cost") as typeof import("./status-cost")) : undefined;
  const cost = costs ? await costs.statusCost(result.stack, ctx) : undefined;
  if (flags.json) printJson(ctx.io, cost ? { ...result, cost } : result);
  else {
    const lines = [statusText(result.stack, result.deployment, result.live, result.endpoints), ...(result.release ? releaseProgressLines(result.release) : [])];
    ctx.io.stdout(lines.join("\n") + (cost && costs ? `\n\n${costs.renderStatusCost(cost)}` : ""));
  }
  return cost && !cost.complete ? ExitCodes.failed : ExitCodes.ok;
}

export async function history(flags: HistoryFlags, ctx: CommandContext): Promise<number> {
  const example = "semantest-iac history --env production --limit 20";
  const stack = requireEnv(flags.env, "history", example);
  const limit = countFlag("--limit", flags.limit, "a count", example);
  const result = await historyUseCase(ctx.ports(Boolean(flags.json)), { stack, limit });
  if (flags.json) printJson(ctx.io, result);
  else ctx.io.stdout(result.deployments.length === 0 ? `stack ${stack} has no updates yet` : historyTable(result.deployments));
  return ExitCodes.ok;
}

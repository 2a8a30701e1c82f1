/**
 * `status --cost`: what the stack has been billed this month, per cloud, component and deployment,
 * next to the estimate for the same days (application/cost/actual over adapters/billing). Kept out of
 * status.ts so that command's edit stays one flag and one call.
 */
import type { ActualCostResult, CloudCost, CloudCostError } from "../../application/cost/actual";
import { colors as pc } from "../colors";
import type { CommandContext } from "../context";

export async function statusCost(stack: string, ctx: CommandContext): Promise<ActualCostResult> {
  // Loaded when asked: the offline evaluation and the billing SDK clients.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { stackCost } = require("../../application/cost/actual") as typeof import("../../application/cost/actual");
  const { billingSources } = require("../../adapters/billing") as typeof import("../../adapters/billing");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ports = ctx.ports(true);
  return stackCost(ports, billingSources(ctx.env), { stack, today: ports.clock.now(), fallbackSubscriptionId: ctx.env.AZURE_SUBSCRIPTION_ID ?? ctx.env.ARM_SUBSCRIPTION_ID });
}

const money = (n: number | null, currency: string | null) => (n === null ? "-" : `${currency === "USD" || currency === null ? "$" : `${currency} `}${n.toFixed(2)}`);

export function renderStatusCost(cost: ActualCostResult): string {
  const { period } = cost;
  const lines = [pc.bold(`Cost this month (${period.from} to ${period.to}, exclusive; day ${period.days} of ${period.daysInMonth})`)];
  const names = Object.keys(cost.byComponent);
  const width = Math.max(9, ...names.map((n) => n.length));
  lines.push(`  ${"component".padEnd(width)}  ${"billed".padStart(10)}  ${"estimate to date".padStart(16)}  ${"estimate/month".padStart(14)}`);
  const row = (name: string, c: ActualCostResult["total"]) =>
    `  ${name.padEnd(width)}  ${money(c.actual, cost.currency).padStart(10)}  ${money(c.estimateToDate, "USD").padStart(16)}  ${money(c.estimateMonthly, "USD").padStart(14)}`;
  for (const name of names) lines.push(row(name, cost.byComponent[name]));
  lines.push(row("total", cost.total));
  for (const [cloud, result] of Object.entries(cost.clouds) as [string, CloudCost | CloudCostError][]) {
    if ("error" in result) {
      lines.push(pc.red(`  ${cloud}: not read: ${result.error}`));
      continue;
    }
    const deployments = Object.entries(result.byDeployment).map(([id, amount]) => `${id} ${money(amount, result.currency)}`);
    lines.push(`  ${cloud}: ${money(result.total, result.currency)}${result.estimated ? " (estimated by the provider)" : ""}; by deployment: ${deployments.join(", ") || "none"}`);
    for (const note of result.notes) lines.push(pc.dim(`  note: ${note}`));
  }
  for (const note of cost.notes) lines.push(pc.dim(`  note: ${note}`));
  return lines.join("\n");
}

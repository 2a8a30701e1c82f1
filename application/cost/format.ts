import type { CostDelta } from "./delta";
import type { CostEstimate } from "./model";

const usd = (n: number): string => `$${n.toFixed(2)}`;
const signed = (n: number): string => `${n < 0 ? "-" : "+"}$${Math.abs(n).toFixed(2)}`;

/** The tree view's cost block: one line per component, then the total (plain text; the CLI colours it). */
export function costLines(estimate: CostEstimate): string[] {
  const entries = Object.entries(estimate.monthly.byComponent);
  const width = Math.max(5, ...entries.map(([name]) => name.length));
  const lines = [`Estimated monthly cost (${estimate.currency}, prices as of ${estimate.prices.asOf}; assumptions in --json)`];
  for (const [name, amount] of entries) lines.push(`  ${name.padEnd(width)}  ${usd(amount).padStart(10)}`);
  lines.push(`  ${"total".padEnd(width)}  ${usd(estimate.monthly.total).padStart(10)}`);
  return lines;
}

/** The cost change as lines (tree view, pull-request comment). */
export function costDeltaLines(delta: CostDelta): string[] {
  const entries = Object.entries(delta.byComponent);
  const width = Math.max(5, ...entries.map(([name]) => name.length));
  const row = (name: string, c: { baseline: number; current: number; delta: number }) =>
    `  ${name.padEnd(width)}  ${usd(c.baseline).padStart(10)} → ${usd(c.current).padStart(10)}  (${signed(c.delta)})`;
  return [`Monthly cost change (${delta.currency})`, ...entries.map(([name, c]) => row(name, c)), row("total", delta.total)];
}

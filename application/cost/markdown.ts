/**
 * The pull-request comment's section for one stack: the monthly cost change as a Markdown table
 * (GitHub-flavoured: pipes escaped, numbers right-aligned), with the resource changes and what the
 * figures rest on. `preview --offline --baseline <file> --markdown` prints it; the pull-request
 * workflow joins one per stack into one comment.
 */
import type { CostDelta } from "./delta";

export interface CostCommentInput {
  readonly stack: string;
  /** null when the baseline had no usable cost (then `note` says why). */
  readonly delta: CostDelta | null;
  readonly note?: string;
  /** Resource changes against the baseline, by op (create, update, replace, delete, same). */
  readonly changes: Readonly<Record<string, number>>;
  readonly pricesAsOf: string;
  readonly mandatoryViolations: number;
}

/** The marker the workflow finds its own comment by (so it edits one comment instead of adding more). */
export const COST_COMMENT_MARKER = "<!-- semantest-iac:cost-comment -->";

const usd = (n: number) => `$${n.toFixed(2)}`;
const signed = (n: number) => (Math.abs(n) < 0.005 ? "$0.00" : `${n < 0 ? "−" : "+"}$${Math.abs(n).toFixed(2)}`);
const percent = (before: number, after: number) => (before === 0 ? (after === 0 ? "" : " (new)") : ` (${after >= before ? "+" : "−"}${Math.abs(((after - before) / before) * 100).toFixed(1)}%)`);
/** Table cells: a pipe or a newline would break the row; backslashes first. */
const cell = (text: string) => text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");

export function costCommentMarkdown(input: CostCommentInput): string {
  const name = `\`${cell(input.stack).replace(/`/g, "'")}\``;
  const count = (op: string) => input.changes[op] ?? 0;
  const resources = `Resources: +${count("create")} to create, ~${count("update")} to update, +-${count("replace")} to replace, -${count("delete")} to delete${input.mandatoryViolations > 0 ? `; **${input.mandatoryViolations} mandatory policy violation(s)**` : ""}.`;
  if (!input.delta) {
    return [`### ${name}: no monthly cost change`, "", `> ${cell(input.note ?? "the baseline preview has no cost estimate")}`, "", resources, ""].join("\n");
  }
  const d = input.delta;
  const rows = Object.entries(d.byComponent).map(([component, c]) => `| ${cell(component)} | ${usd(c.baseline)} | ${usd(c.current)} | ${signed(c.delta)}${percent(c.baseline, c.current)} |`);
  return [
    `### ${name}: ${usd(d.total.current)}/month, ${signed(d.total.delta)}${percent(d.total.baseline, d.total.current)}`,
    "",
    "| component | base branch | this pull request | change |",
    "| --- | ---: | ---: | ---: |",
    ...rows,
    `| **total** | **${usd(d.total.baseline)}** | **${usd(d.total.current)}** | **${signed(d.total.delta)}${percent(d.total.baseline, d.total.current)}** |`,
    "",
    `${resources} Estimated in ${d.currency} at the stack's traffic profile, list prices as of ${cell(input.pricesAsOf)} (docs/cost.md).`,
    "",
  ].join("\n");
}

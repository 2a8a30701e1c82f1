/**
 * `preview --offline --baseline <file>`: read an earlier offline preview's JSON, diff what the
 * program declares now against it (application/diff) and mark the tree. Kept out of preview.ts so
 * that command's edit stays one flag and three calls.
 */
import * as fs from "fs";
import { diffPreviews, parseBaseline, PreviewResources, ResourceChange, ChangeOp, ChangeSummary } from "../../application/diff";
import { colors as pc } from "../colors";
import { ExitCodes } from "../../application/exit-codes";
import type { OfflinePreviewDocument } from "../../application/ports/offline";
import { OperationError } from "../../application/errors";
import { costCommentMarkdown, costDeltaLines, costDeltaOfPreviews, type CostDelta } from "../../application/cost";

const FIX = "pass the file an earlier `semantest-iac preview --env <env> --offline --json > baseline.json` wrote";

/** The baseline's resources (for the diff) and its whole document (its `cost`, when it has one). */
export interface Baseline {
  readonly resources: PreviewResources;
  readonly json: unknown;
}

/** Reads and validates the baseline before anything is evaluated: a bad file exits 2 naming the field. */
export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new OperationError("USAGE", `--baseline ${JSON.stringify(file)} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, ExitCodes.usage, FIX);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new OperationError("USAGE", `--baseline ${JSON.stringify(file)} is not JSON: ${(error as Error).message}`, ExitCodes.usage, FIX);
  }
  const parsed = parseBaseline(raw);
  if (!parsed.ok) throw new OperationError("USAGE", `--baseline ${JSON.stringify(file)}: ${parsed.error}`, ExitCodes.usage, FIX);
  return { resources: parsed.value, json: raw };
}

export type DiffedDocument = OfflinePreviewDocument & {
  readonly changes: readonly ResourceChange[];
  readonly summary: ChangeSummary;
  /** The monthly cost change; null when the baseline has no usable `cost` (then `costDeltaNote` says why). */
  readonly costDelta: CostDelta | null;
  readonly costDeltaNote?: string;
};

/**
 * The preview document with `changes` (every resource, with its op), the `summary` of ops and the
 * `costDelta`. A baseline from before cost estimates has no `cost`: the resource diff still holds,
 * so the cost change is left out with a note instead of failing the preview.
 */
export function withChanges(document: OfflinePreviewDocument, baseline: Baseline): DiffedDocument {
  const diff = diffPreviews(baseline.resources, document);
  const cost = costDeltaOfPreviews(baseline.json, document);
  return { ...document, changes: diff.changes, summary: diff.summary, ...(cost.ok ? { costDelta: cost.value } : { costDelta: null, costDeltaNote: cost.error }) };
}

/** `--markdown`: the pull-request comment's section for this stack (application/cost/markdown.ts). */
export function renderCostComment(diffed: DiffedDocument): string {
  return costCommentMarkdown({
    stack: diffed.stack,
    delta: diffed.costDelta,
    note: diffed.costDeltaNote,
    changes: diffed.summary,
    pricesAsOf: diffed.cost.prices.asOf,
    mandatoryViolations: diffed.policies.violations.filter((v) => v.level === "mandatory").length,
  });
}

/** The tree view's cost-change block, or the note saying why there is none. */
export function renderCostDelta(diffed: DiffedDocument): string {
  if (diffed.costDelta) return costDeltaLines(diffed.costDelta).join("\n");
  return pc.dim(`note: no monthly cost change: ${diffed.costDeltaNote}`);
}

const MARKS: Readonly<Record<ChangeOp, (text: string) => string>> = {
  create: (t) => pc.green(t),
  update: (t) => pc.yellow(t),
  replace: (t) => pc.magenta(t),
  delete: (t) => pc.red(t),
  same: (t) => pc.dim(t),
};
const SYMBOLS: Readonly<Record<ChangeOp, string>> = { create: "+", update: "~", replace: "+-", delete: "-", same: " " };

/** The tree's marker for one resource: its op, and the keys that changed. */
export function changeMarker(changes: readonly ResourceChange[]): (urn: string) => { mark: string; note: string } {
  const byUrn = new Map(changes.map((c) => [c.urn, c]));
  return (urn) => {
    const change = byUrn.get(urn);
    if (!change) return { mark: pc.green("+"), note: "" };
    const keys = change.op === "replace" ? ` [${change.keys.join(", ")}; replaced on ${change.replaceKeys?.join(", ")}]` : change.keys.length > 0 ? ` [${change.keys.join(", ")}]` : "";
    return { mark: MARKS[change.op](SYMBOLS[change.op]), note: keys ? MARKS[change.op](keys) : "" };
  };
}

/** What the baseline had and the program no longer declares (not in the tree). */
export function renderDeletions(changes: readonly ResourceChange[]): string {
  const deleted = changes.filter((c) => c.op === "delete");
  if (deleted.length === 0) return "";
  return [pc.bold("Deleted (in the baseline, no longer declared)"), ...deleted.map((c) => `  ${pc.red("-")} ${c.type}  ${pc.bold(c.name)}`), ""].join("\n");
}

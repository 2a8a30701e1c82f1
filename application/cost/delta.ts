import { err, ok, Result } from "../../domain/shared/result";
import type { CostEstimate } from "./model";
import { round6 } from "./model";

export interface CostChange {
  readonly baseline: number;
  readonly current: number;
  readonly delta: number;
}

/** The monthly cost change between two previews, per component and in total. */
export interface CostDelta {
  readonly currency: "USD";
  readonly total: CostChange;
  readonly byComponent: Readonly<Record<string, CostChange>>;
}

const change = (baseline: number, current: number): CostChange => ({ baseline, current, delta: round6(current - baseline) });

/** Pure: the change from `baseline` to `current`; a component on one side only counts 0 on the other. */
export function costDelta(baseline: CostEstimate, current: CostEstimate): CostDelta {
  const components = [...new Set([...Object.keys(baseline.monthly.byComponent), ...Object.keys(current.monthly.byComponent)])].sort();
  const byComponent: Record<string, CostChange> = {};
  for (const name of components) byComponent[name] = change(baseline.monthly.byComponent[name] ?? 0, current.monthly.byComponent[name] ?? 0);
  return { currency: "USD", total: change(baseline.monthly.total, current.monthly.total), byComponent };
}

/**
 * The delta between two preview JSON documents as read from files: each must carry a `cost` section
 * with a numeric `monthly.total` and a `monthly.byComponent` map of numbers. Never throws.
 */
export function costDeltaOfPreviews(baseline: unknown, current: unknown): Result<CostDelta, string> {
  const before = costOf(baseline, "baseline");
  if (!before.ok) return before;
  const after = costOf(current, "current");
  if (!after.ok) return after;
  return ok(costDelta(before.value, after.value));
}

function costOf(document: unknown, which: string): Result<CostEstimate, string> {
  const cost = isRecord(document) ? document.cost : undefined;
  if (!isRecord(cost)) return err(`${which} preview: cost is ${describe(cost)}; expected the cost section of \`preview --offline --json\` (a preview made before cost estimates has none)`);
  if (cost.currency !== "USD") return err(`${which} preview: cost.currency is ${describe(cost.currency)}; allowed: "USD"`);
  const monthly = cost.monthly;
  if (!isRecord(monthly) || !isAmount(monthly.total)) return err(`${which} preview: cost.monthly.total is ${describe(isRecord(monthly) ? monthly.total : monthly)}; expected a number ≥ 0`);
  if (!isRecord(monthly.byComponent)) return err(`${which} preview: cost.monthly.byComponent is ${describe(monthly.byComponent)}; expected a map of component to number`);
  for (const [name, value] of Object.entries(monthly.byComponent)) {
    if (!isAmount(value)) return err(`${which} preview: cost.monthly.byComponent.${name} is ${describe(value)}; expected a number ≥ 0`);
  }
  return ok(cost as unknown as CostEstimate);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isAmount = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;
function describe(v: unknown): string {
  if (v === undefined) return "missing";
  const json = JSON.stringify(v) ?? String(v);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/**
 * The billed cost of a stack this month so far, per cloud, per component and per deployment, read
 * from the billing APIs by the tags the program puts on every resource (environment, managed-by,
 * component, deployment-id), next to the offline estimate for the same days.
 *
 * Pure apart from the billing port: the caller gives today's date and the estimate.
 */
import { STANDARD_TAG_KEYS } from "../../../domain/config/tags";
import { round6 } from "../model";
import type { CostEstimate } from "../model";
import type { BilledGroup, BillingReader, BillingSources } from "./ports";

export interface ActualCostRequest {
  readonly stack: string;
  /** The stack's environment: its `environment` tag value. */
  readonly environment: string;
  readonly clouds: { readonly aws?: boolean; readonly azure?: { readonly subscriptionId?: string } };
  readonly today: Date;
  /** The offline estimate of the stack as configured (undefined: shown without it). */
  readonly estimate?: CostEstimate;
}

export interface CloudCost {
  readonly currency: string | null;
  readonly total: number;
  readonly byComponent: Readonly<Record<string, number>>;
  readonly byDeployment: Readonly<Record<string, number>>;
  readonly estimated: boolean;
  readonly notes: readonly string[];
}

export interface CloudCostError {
  readonly error: string;
}

export interface ComponentCost {
  /** Billed so far this month, in `currency`; null when no cloud could be read for it. */
  readonly actual: number | null;
  readonly estimateMonthly: number | null;
  /** The monthly estimate for the days elapsed (today included). */
  readonly estimateToDate: number | null;
}

export interface ActualCostResult {
  readonly stack: string;
  readonly environment: string;
  /** Month to date: `from` is the first of the month, `to` the day after today (exclusive). */
  readonly period: { readonly from: string; readonly to: string; readonly days: number; readonly daysInMonth: number };
  readonly tags: Readonly<Record<string, string>>;
  readonly clouds: { readonly aws?: CloudCost | CloudCostError; readonly azure?: CloudCost | CloudCostError };
  /** Per component across clouds; only when every cloud read answered in one currency. */
  readonly currency: string | null;
  readonly byComponent: Readonly<Record<string, ComponentCost>>;
  readonly total: ComponentCost;
  readonly notes: readonly string[];
  /** True when every cloud the stack uses was read. */
  readonly complete: boolean;
}

const UNTAGGED = "(untagged)";
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Month to date in UTC. Cost Explorer's end is exclusive and may not pass the 1st of next month (aws-sdk-js#2732); start must precede end, so the 1st alone is [1st, 2nd) (zoph-io/instance-watcher#18). */
export function monthToDate(today: Date): ActualCostResult["period"] {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const from = new Date(Date.UTC(y, m, 1));
  const to = new Date(Date.UTC(y, m, today.getUTCDate() + 1));
  const daysInMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return { from: iso(from), to: iso(to), days: today.getUTCDate(), daysInMonth };
}

export async function actualCost(sources: BillingSources, request: ActualCostRequest): Promise<ActualCostResult> {
  const period = monthToDate(request.today);
  // The tags every resource of this stack carries (components/events/resource-tags.ts).
  const tags = { environment: request.environment, "managed-by": "semantest-iac" };
  const notes: string[] = [];
  const clouds: { aws?: CloudCost | CloudCostError; azure?: CloudCost | CloudCostError } = {};
  if (request.clouds.aws) clouds.aws = await readCloud(() => sources.aws(), tags, period);
  if (request.clouds.azure) {
    const subscription = request.clouds.azure.subscriptionId;
    clouds.azure = subscription
      ? await readCloud(() => sources.azure(subscription), tags, period)
      : { error: "no subscription id: set azure-native:subscriptionId in the stack file, or AZURE_SUBSCRIPTION_ID / ARM_SUBSCRIPTION_ID" };
  }
  const read = Object.values(clouds).filter((c): c is CloudCost => !("error" in c));
  const currencies = new Set(read.map((c) => c.currency).filter((c): c is string => c !== null));
  const currency = currencies.size === 1 ? [...currencies][0] : currencies.size === 0 ? "USD" : null;
  if (currencies.size > 1) notes.push(`the clouds bill in ${[...currencies].join(" and ")}: no sum across clouds`);
  if (request.estimate && currency !== null && currency !== request.estimate.currency) notes.push(`billed in ${currency}, estimated in ${request.estimate.currency}: compare with care`);
  const share = period.days / period.daysInMonth;
  const components = new Set<string>([...Object.keys(request.estimate?.monthly.byComponent ?? {}), ...read.flatMap((c) => Object.keys(c.byComponent))]);
  const byComponent: Record<string, ComponentCost> = {};
  for (const name of [...components].sort()) {
    const monthly = request.estimate?.monthly.byComponent[name];
    byComponent[name] = {
      actual: currency === null || read.length === 0 ? null : round6(read.reduce((sum, c) => sum + (c.byComponent[name] ?? 0), 0)),
      estimateMonthly: monthly ?? null,
      estimateToDate: monthly === undefined ? null : round6(monthly * share),
    };
  }
  const total: ComponentCost = {
    actual: currency === null || read.length === 0 ? null : round6(read.reduce((sum, c) => sum + c.total, 0)),
    estimateMonthly: request.estimate?.monthly.total ?? null,
    estimateToDate: request.estimate ? round6(request.estimate.monthly.total * share) : null,
  };
  if (Object.values(clouds).some((c) => "error" in c)) notes.push("a cloud's billed cost could not be read: its figures are missing from the sums");
  notes.push("billing data lags by up to a day (Cost Explorer refreshes at least once every 24 hours; Cost Management within 8-24 hours)");
  return { stack: request.stack, environment: request.environment, period, tags, clouds, currency, byComponent, total, notes, complete: read.length === Object.keys(clouds).length };
}

async function readCloud(open: () => BillingReader, tags: Record<string, string>, period: ActualCostResult["period"]): Promise<CloudCost | CloudCostError> {
  try {
    const reader = open();
    const query = { tags, from: period.from, to: period.to };
    const [components, deployments] = await Promise.all([reader.costByTag({ ...query, groupBy: "component" }), reader.costByTag({ ...query, groupBy: "deployment-id" })]);
    const currencies = new Set([...components.groups, ...deployments.groups].map((g) => g.currency));
    if (currencies.size > 1) return { error: `the billing API answered in several currencies (${[...currencies].join(", ")})` };
    const sum = (groups: readonly BilledGroup[]) => {
      const out: Record<string, number> = {};
      for (const g of groups) out[g.value || UNTAGGED] = round6((out[g.value || UNTAGGED] ?? 0) + g.amount);
      return out;
    };
    return {
      currency: currencies.size === 1 ? [...currencies][0] : null,
      total: round6(components.groups.reduce((s, g) => s + g.amount, 0)),
      byComponent: sum(components.groups),
      byDeployment: sum(deployments.groups),
      estimated: components.estimated || deployments.estimated,
      notes: [...new Set([...components.notes, ...deployments.notes])],
    };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    const message = (e?.message ?? String(error)).split("\n")[0];
    return { error: e?.name && e.name !== "Error" && !message.startsWith(e.name) ? `${e.name}: ${message}` : message };
  }
}

/** The tag keys status --cost groups by must stay the ones the program sets. */
export const GROUPED_TAG_KEYS = ["component", "deployment-id"] as const satisfies readonly (typeof STANDARD_TAG_KEYS)[number][];

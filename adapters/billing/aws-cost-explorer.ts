/**
 * AWS Cost Explorer with the official client (@aws-sdk/client-cost-explorer): GetCostAndUsage,
 * UnblendedCost (what the bill shows for the account), monthly, filtered on every given tag and
 * grouped by one tag key, every page. Tag groups come back as `<key>$<value>` ("" after the `$` for
 * cost without the tag); the tags must be activated as cost allocation tags to appear at all
 * (`doctor` checks that). Cost Explorer is one endpoint, us-east-1, for the whole account.
 */
import { CostExplorerClient, GetCostAndUsageCommand, type Expression } from "@aws-sdk/client-cost-explorer";
import type { BilledCost, BilledCostQuery, BilledGroup, BillingReader } from "../../application/cost/actual";

export interface CostExplorerOptions {
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

const MAX_PAGES = 50;

export class CostExplorerReader implements BillingReader {
  private readonly client: CostExplorerClient;

  constructor(options: CostExplorerOptions = {}) {
    this.client = new CostExplorerClient({ region: "us-east-1", maxAttempts: 2, ...(options.endpoint ? { endpoint: options.endpoint } : {}), ...(options.credentials ? { credentials: options.credentials } : {}) });
  }

  async costByTag(query: BilledCostQuery): Promise<BilledCost> {
    const tagFilters: Expression[] = Object.entries(query.tags).map(([Key, value]) => ({ Tags: { Key, Values: [value] } }));
    // An And needs two expressions or more; one tag is the filter itself.
    const Filter: Expression | undefined = tagFilters.length > 1 ? { And: tagFilters } : tagFilters[0];
    const groups: BilledGroup[] = [];
    let estimated = false;
    let token: string | undefined;
    for (let page = 1; ; page += 1) {
      if (page > MAX_PAGES) throw new Error(`GetCostAndUsage returned more than ${MAX_PAGES} pages`);
      const out = await this.client.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: query.from, End: query.to },
          Granularity: "MONTHLY",
          Metrics: ["UnblendedCost"],
          ...(Filter ? { Filter } : {}),
          GroupBy: [{ Type: "TAG", Key: query.groupBy }],
          ...(token ? { NextPageToken: token } : {}),
        }),
      );
      for (const [i, result] of (out.ResultsByTime ?? []).entries()) {
        estimated ||= result.Estimated === true;
        for (const [j, group] of (result.Groups ?? []).entries()) groups.push(readGroup(group, query.groupBy, `ResultsByTime[${i}].Groups[${j}]`));
      }
      token = out.NextPageToken || undefined;
      if (!token) break;
    }
    return { groups, estimated, notes: [] };
  }
}

/** One group of a GetCostAndUsage result grouped by a TAG; throws naming the field. */
export function readGroup(group: { Keys?: string[]; Metrics?: Record<string, { Amount?: string; Unit?: string }> }, key: string, at: string): BilledGroup {
  const raw = Array.isArray(group?.Keys) ? group.Keys[0] : undefined;
  const prefix = `${key}$`;
  if (typeof raw !== "string" || !raw.startsWith(prefix)) throw new Error(`${at}.Keys[0] is ${JSON.stringify(raw)}; expected "${prefix}<value>"`);
  const metric = typeof group.Metrics === "object" && group.Metrics !== null ? group.Metrics.UnblendedCost : undefined;
  const amount = typeof metric?.Amount === "string" && metric.Amount.trim() !== "" ? Number(metric.Amount) : NaN;
  if (typeof metric?.Amount !== "string" || !Number.isFinite(amount)) throw new Error(`${at}.Metrics.UnblendedCost.Amount is ${JSON.stringify(metric?.Amount)}; expected a decimal string`);
  if (typeof metric.Unit !== "string" || metric.Unit === "") throw new Error(`${at}.Metrics.UnblendedCost.Unit is ${JSON.stringify(metric.Unit)}; expected a currency code`);
  return { value: raw.slice(prefix.length), amount, currency: metric.Unit };
}

/**
 * Azure Cost Management with the official client (@azure/arm-costmanagement): the Query API at a
 * subscription's scope, ActualCost over a custom period, aggregated `Cost` (Sum), filtered on every
 * given tag and grouped by one tag key. The answer is a table: `columns` (name, type) and `rows`;
 * a TagKey grouping adds TagKey and TagValue columns, and the Currency column names the billing
 * currency (Azure/azure-rest-api-specs, Microsoft.CostManagement stable 2023-11-01 examples,
 * BillingAccountQueryGrouping.json). Resource tags are in the cost data without any activation
 * (Microsoft Learn, "Group and allocate costs using tag inheritance": tags applied to resources
 * are on their usage records; some resource types do not emit them).
 */
import { CostManagementClient, type QueryDefinition, type QueryFilter } from "@azure/arm-costmanagement";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import type { BilledCost, BilledCostQuery, BilledGroup, BillingReader } from "../../application/cost/actual";

export const ARM_SCOPE = "https://management.azure.com/.default";

export interface CostManagementOptions {
  readonly subscriptionId: string;
  readonly credential?: TokenCredential;
  /** Resource Manager's URL (a local HTTPS recorder in tests). */
  readonly endpoint?: string;
  /** Extra CA certificate (PEM) to trust for `endpoint`. */
  readonly ca?: string;
}

export class CostManagementReader implements BillingReader {
  private readonly client: CostManagementClient;
  private readonly scope: string;

  constructor(options: CostManagementOptions) {
    // The scope without a leading slash, as the API reference writes it ("subscriptions/{id}").
    this.scope = `subscriptions/${options.subscriptionId}`;
    this.client = new CostManagementClient(options.credential ?? new DefaultAzureCredential(), {
      ...(options.endpoint ? { endpoint: options.endpoint, $host: options.endpoint, credentialScopes: [ARM_SCOPE] } : {}),
      ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
      retryOptions: { maxRetries: 1 },
    });
  }

  async costByTag(query: BilledCostQuery): Promise<BilledCost> {
    const tagFilters: QueryFilter[] = Object.entries(query.tags).map(([name, value]) => ({ tags: { name, operator: "In", values: [value] } }));
    const definition: QueryDefinition = {
      type: "ActualCost",
      timeframe: "Custom",
      // `to` is inclusive here: the day before the exclusive end.
      timePeriod: { from: new Date(`${query.from}T00:00:00Z`), to: new Date(Date.parse(`${query.to}T00:00:00Z`) - 1000) },
      dataset: {
        granularity: "None",
        aggregation: { totalCost: { name: "Cost", function: "Sum" } },
        grouping: [{ type: "TagKey", name: query.groupBy }],
        ...(tagFilters.length > 1 ? { filter: { and: tagFilters } } : tagFilters.length === 1 ? { filter: tagFilters[0] } : {}),
      },
    };
    const result = await this.client.query.usage(this.scope, definition);
    const groups = billedGroupsOf(result, query.groupBy);
    return { groups, estimated: false, notes: result.nextLink ? ["Cost Management returned more rows than one page; only the first page is counted"] : [] };
  }
}

/** The rows of a Query answer grouped by one TagKey, read by column name; throws naming the field. */
export function billedGroupsOf(result: { columns?: { name?: string }[]; rows?: unknown[][] }, groupBy: string): BilledGroup[] {
  const columns = (Array.isArray(result.columns) ? result.columns : []).map((c) => (typeof c?.name === "string" ? c.name : ""));
  const cost = columns.findIndex((c) => c === "Cost" || c === "PreTaxCost" || c === "CostUSD");
  const value = columns.indexOf("TagValue");
  const key = columns.indexOf("TagKey");
  const currency = columns.indexOf("Currency");
  if (cost < 0 || value < 0 || currency < 0) throw new Error(`the Cost Management answer has columns ${JSON.stringify(columns)}; expected Cost, TagValue and Currency`);
  const groups: BilledGroup[] = [];
  for (const [i, row] of (Array.isArray(result.rows) ? result.rows : []).entries()) {
    if (!Array.isArray(row)) throw new Error(`rows[${i}] is ${JSON.stringify(row)}; expected an array`);
    const amount = row[cost];
    if (typeof amount !== "number" || !Number.isFinite(amount)) throw new Error(`rows[${i}][${cost}] (${columns[cost]}) is ${JSON.stringify(amount)}; expected a number`);
    if (typeof row[currency] !== "string") throw new Error(`rows[${i}][${currency}] (Currency) is ${JSON.stringify(row[currency])}; expected a currency code`);
    // A row of cost without the tag has an empty (or another) TagKey: it is the untagged share.
    const tagged = key < 0 || row[key] === groupBy;
    groups.push({ value: tagged && typeof row[value] === "string" ? (row[value] as string) : "", amount, currency: row[currency] as string });
  }
  return groups;
}

/**
 * What `status --cost` asks the clouds' billing APIs, in the stack's own terms: the cost of the
 * resources carrying every given tag, grouped by the values of one tag key, over a date range.
 * The adapters (adapters/billing/) ask Cost Explorer and Cost Management with the official SDKs.
 */

export interface BilledCostQuery {
  /** Tags every counted resource carries (the standard tags the program sets, domain/config/tags.ts). */
  readonly tags: Readonly<Record<string, string>>;
  /** The tag key whose values group the cost (`component`, `deployment-id`). */
  readonly groupBy: string;
  /** First day, YYYY-MM-DD. */
  readonly from: string;
  /** Day after the last one (exclusive), YYYY-MM-DD. */
  readonly to: string;
}

export interface BilledGroup {
  /** The tag's value; "" for cost with no such tag. */
  readonly value: string;
  readonly amount: number;
  readonly currency: string;
}

export interface BilledCost {
  readonly groups: readonly BilledGroup[];
  /** The provider says the figures are not final yet (Cost Explorer's `Estimated`). */
  readonly estimated: boolean;
  /** Anything the reader wants the user to know (a result on more than one page...). */
  readonly notes: readonly string[];
}

export interface BillingReader {
  costByTag(query: BilledCostQuery): Promise<BilledCost>;
}

export interface BillingSources {
  /** Cost Explorer (one endpoint, us-east-1, for the whole account). */
  aws(): BillingReader;
  /** Cost Management at the subscription's scope. */
  azure(subscriptionId: string): BillingReader;
}

/**
 * Prices as data: one book per cloud and region (a JSON file beside this one), every figure with
 * the public page it comes from. The estimator never hard-codes a price; `asOf` says when the
 * figures were read, `method` how (by hand from the pages, or by `semantest-iac prices update`
 * from the clouds' price APIs).
 */
export interface Price {
  /** US dollars per `unit`. */
  readonly usd: number;
  readonly unit: string;
  /** The public price page the figure was read from. */
  readonly source: string;
  /** The page's wording, or the API offer the figure came from (`prices update` writes it). */
  readonly note?: string;
}

export const PRICE_METHODS = ["hand", "aws-price-list", "azure-retail-prices"] as const;
export type PriceMethod = (typeof PRICE_METHODS)[number];

export interface PriceBook<K extends string> {
  readonly cloud: "aws" | "azure";
  readonly region: string;
  readonly currency: "USD";
  /** ISO date the figures were read. */
  readonly asOf: string;
  readonly method: PriceMethod;
  readonly prices: Readonly<Record<K, Price>>;
}

/** AWS bills a month as 730 hours; Azure's calculator uses the same figure. */
export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/**
 * Prices as data: one book per cloud and region, every figure with the public page it comes from.
 * The estimator never hard-codes a price; `asOf` says when the figures were read.
 */
export interface Price {
  /** US dollars per `unit`. */
  readonly usd: number;
  readonly unit: string;
  /** The public price page the figure was read from. */
  readonly source: string;
}

export interface PriceBook<K extends string> {
  readonly cloud: "aws" | "azure";
  readonly region: string;
  readonly currency: "USD";
  /** ISO date the figures were read. */
  readonly asOf: string;
  readonly prices: Readonly<Record<K, Price>>;
}

/** AWS bills a month as 730 hours; Azure's calculator uses the same figure. */
export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/**
 * What `prices update` asks of the world, in the books' terms. The adapters (adapters/prices/) ask
 * the real APIs with the official clients; tests point them at local recorders.
 */

/** The AWS Price List Query API (pricing:GetProducts, every page). */
export interface AwsPriceList {
  /** The products of a service matching every TERM_MATCH filter, each parsed from its JSON string. */
  products(serviceCode: string, filters: Readonly<Record<string, string>>): Promise<readonly unknown[]>;
}

/** The Azure Retail Prices API (unauthenticated, https://prices.azure.com/api/retail/prices). */
export interface AzureRetailPrices {
  /** Every page's `Items` for an OData `$filter`. */
  items(filter: string): Promise<readonly unknown[]>;
}

/** Where the books are written: each file replaced whole (write then rename), never half-written. */
export interface PriceBookFiles {
  /** The folder written to (for messages). */
  readonly dir: string;
  write(file: string, text: string): Promise<void>;
}

export interface PriceSources {
  /** Opened only when the AWS book is updated (the client needs AWS credentials). */
  aws(): AwsPriceList;
  azure(): AzureRetailPrices;
}

/**
 * The Azure Retail Prices API (unauthenticated) through @azure/core-rest-pipeline (retries,
 * throttling, redirects as every Azure SDK does them): every page of `Items` for a `$filter`,
 * following `NextPageLink` on the same host only. `url` points it elsewhere (tests: a recorder).
 */
import { createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest, HttpClient, Pipeline } from "@azure/core-rest-pipeline";
import type { AzureRetailPrices } from "../../application/cost/update";

export const RETAIL_PRICES_URL = "https://prices.azure.com/api/retail/prices";
/** Case-sensitive filter values and the full meter set (Microsoft Learn, "Azure Retail Prices overview"). */
export const RETAIL_PRICES_API_VERSION = "2023-01-01-preview";
const MAX_PAGES = 100;

export class AzureRetailPricesClient implements AzureRetailPrices {
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient;

  /** `retryDelayInMs`: the first retry's delay (core-rest-pipeline's exponential backoff; default 1 s). */
  constructor(private readonly url: string = RETAIL_PRICES_URL, retryDelayInMs?: number) {
    this.pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 3, ...(retryDelayInMs !== undefined ? { retryDelayInMs, maxRetryDelayInMs: retryDelayInMs * 8 } : {}) }, userAgentOptions: { userAgentPrefix: "semantest-iac" } });
    this.http = createDefaultHttpClient();
  }

  async items(filter: string): Promise<readonly unknown[]> {
    const origin = new URL(this.url).origin;
    let next: string | undefined = `${this.url}?api-version=${RETAIL_PRICES_API_VERSION}&$filter=${encodeURIComponent(filter)}`;
    const items: unknown[] = [];
    for (let page = 1; next; page += 1) {
      if (page > MAX_PAGES) throw new Error(`the Retail Prices API returned more than ${MAX_PAGES} pages for ${filter}`);
      const request = createPipelineRequest({ url: next, method: "GET", timeout: 30_000, allowInsecureConnection: isLoopback(next) });
      const response = await this.pipeline.sendRequest(this.http, request);
      const text = response.bodyAsText ?? "";
      if (response.status !== 200) throw new Error(`the Retail Prices API answered ${response.status}: ${text.slice(0, 200)}`);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw new Error(`the Retail Prices API's page ${page} is not JSON (${(error as Error).message}): ${text.slice(0, 80)}`);
      }
      const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
      if (!Array.isArray(record.Items)) throw new Error(`the Retail Prices API's page ${page} has no Items array: ${text.slice(0, 120)}`);
      items.push(...record.Items);
      const link = record.NextPageLink;
      if (link === null || link === undefined || link === "") next = undefined;
      else if (typeof link !== "string" || !sameOrigin(link, origin)) throw new Error(`the Retail Prices API's NextPageLink ${JSON.stringify(link)} is not on ${origin}; not followed`);
      else next = link;
    }
    return items;
  }
}

/** Plain HTTP only to this machine (a recorder); the real API is HTTPS. */
function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

function sameOrigin(link: string, origin: string): boolean {
  try {
    const url = new URL(link);
    // The API writes its own links with an explicit :443 (https://prices.azure.com:443/...).
    return url.origin === origin;
  } catch {
    return false;
  }
}

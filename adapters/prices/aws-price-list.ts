/**
 * The AWS Price List Query API with the official client (@aws-sdk/client-pricing): GetProducts,
 * every page. The API is served from us-east-1 (and ap-south-1, eu-central-1); it needs AWS
 * credentials with pricing:GetProducts, from any account. `endpoint` points it elsewhere (tests: a
 * local recorder).
 */
import { PricingClient, paginateGetProducts } from "@aws-sdk/client-pricing";
import type { AwsPriceList } from "../../application/cost/update";

export interface AwsPriceListOptions {
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

/** A guard against a service that never stops paging: far more than any query here returns. */
const MAX_PAGES = 200;

export class AwsPriceListClient implements AwsPriceList {
  private readonly client: PricingClient;

  constructor(options: AwsPriceListOptions = {}) {
    this.client = new PricingClient({ region: "us-east-1", maxAttempts: 3, ...(options.endpoint ? { endpoint: options.endpoint } : {}), ...(options.credentials ? { credentials: options.credentials } : {}) });
  }

  async products(serviceCode: string, filters: Readonly<Record<string, string>>): Promise<readonly unknown[]> {
    const input = {
      ServiceCode: serviceCode,
      FormatVersion: "aws_v1",
      Filters: Object.entries(filters).map(([Field, Value]) => ({ Type: "TERM_MATCH" as const, Field, Value })),
      MaxResults: 100,
    };
    const products: unknown[] = [];
    let pages = 0;
    for await (const page of paginateGetProducts({ client: this.client }, input)) {
      if (++pages > MAX_PAGES) throw new Error(`GetProducts ${serviceCode} returned more than ${MAX_PAGES} pages`);
      for (const [i, entry] of (page.PriceList ?? []).entries()) {
        // Each entry is one product as a JSON string (GetProductsResponse.PriceList); the SDK hands
        // it over as a String object (its LazyJsonString), which is still the text.
        const text: unknown = entry;
        try {
          products.push(typeof text === "string" || text instanceof String ? JSON.parse(String(text)) : text);
        } catch (error) {
          throw new Error(`GetProducts ${serviceCode}: PriceList[${i}] of page ${pages} is not JSON (${(error as Error).message})`);
        }
      }
    }
    return products;
  }
}

/**
 * The price sources of `prices update`, from the environment: the official clients, each loaded
 * when first asked. AWS_ENDPOINT_URL_PRICING (or AWS_ENDPOINT_URL, the SDK's own variables) and
 * SEMANTEST_IAC_AZURE_RETAIL_PRICES_URL point them elsewhere (tests: local recorders).
 */
import type { PriceSources } from "../../application/cost/update";

/* eslint-disable @typescript-eslint/no-require-imports */
export function priceSources(env: NodeJS.ProcessEnv): PriceSources {
  return {
    aws: () => {
      const { AwsPriceListClient } = require("./aws-price-list") as typeof import("./aws-price-list");
      const endpoint = env.AWS_ENDPOINT_URL_PRICING ?? env.AWS_ENDPOINT_URL;
      return new AwsPriceListClient(endpoint ? { endpoint } : {});
    },
    azure: () => {
      const { AzureRetailPricesClient } = require("./azure-retail-prices") as typeof import("./azure-retail-prices");
      return new AzureRetailPricesClient(env.SEMANTEST_IAC_AZURE_RETAIL_PRICES_URL);
    },
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

export { PriceBookFolder, SHIPPED_BOOKS_DIR } from "./files";

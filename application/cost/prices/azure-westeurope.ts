import raw from "./books/azure-westeurope.json";
import { shippedPriceBook } from "./load";

/** The price names the Azure estimators read, in the order the book lists them. */
export const AZURE_PRICE_KEYS = [
  "flexOnDemandGbSecond", "flexOnDemandExecution", "flexAlwaysReadyBaselineGbSecond", "flexAlwaysReadyGbSecond", "flexAlwaysReadyExecution",
  "webPubSubFreeUnitDay", "webPubSubStandardUnitDay", "webPubSubPremiumUnitDay", "webPubSubMessage",
  "blobHotLrsStorage", "logAnalyticsIngestion", "logAnalyticsRetention",
] as const;
export type AzurePriceKey = (typeof AZURE_PRICE_KEYS)[number];

export const AZURE_PRICE_FILE = "azure-westeurope.json";

/**
 * West Europe, pay-as-you-go list prices in USD (the Retail Prices API's default currency), no
 * free grants (Flex Consumption's and Log Analytics' grants are per subscription / billing account).
 * The figures live in books/azure-westeurope.json; `semantest-iac prices update` refreshes them from the
 * Azure Retail Prices API.
 */
export const AZURE_WESTEUROPE = shippedPriceBook<AzurePriceKey>(raw, AZURE_PRICE_KEYS, AZURE_PRICE_FILE);

/** Allowances that come with a Web PubSub unit (not prices; https://azure.microsoft.com/pricing/details/web-pubsub/). */
export const WEB_PUBSUB_INCLUDED_MESSAGES_PER_UNIT_DAY = { Free_F1: 20_000, Standard_S1: 1_000_000, Premium_P1: 1_000_000 } as const;

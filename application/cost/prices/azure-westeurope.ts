import { PriceBook } from "./price-book";

const FUNCTIONS = "https://azure.microsoft.com/pricing/details/functions/";
const WEB_PUBSUB = "https://azure.microsoft.com/pricing/details/web-pubsub/";
const STORAGE = "https://azure.microsoft.com/pricing/details/storage/blobs/";
const MONITOR = "https://azure.microsoft.com/pricing/details/monitor/";

export type AzurePriceKey =
  | "flexOnDemandGbSecond" | "flexOnDemandExecution" | "flexAlwaysReadyBaselineGbSecond" | "flexAlwaysReadyGbSecond" | "flexAlwaysReadyExecution"
  | "webPubSubFreeUnitDay" | "webPubSubStandardUnitDay" | "webPubSubPremiumUnitDay" | "webPubSubMessage"
  | "blobHotLrsStorage" | "logAnalyticsIngestion" | "logAnalyticsRetention";

/**
 * West Europe, pay-as-you-go list prices in USD (the Retail Prices API's default currency), no
 * free grants (Flex Consumption's and Log Analytics' grants are per subscription / billing account).
 */
export const AZURE_WESTEUROPE: PriceBook<AzurePriceKey> = {
  cloud: "azure",
  region: "westeurope",
  currency: "USD",
  asOf: "2026-11-30",
  prices: {
    // Flex Consumption, on demand: execution time $0.000026 per GB-s, $0.40 per million executions.
    // Always ready: baseline $0.000004 per GB-s, execution time $0.000016 per GB-s, $0.40 per million executions.
    flexOnDemandGbSecond: { usd: 0.000026, unit: "GB-second", source: FUNCTIONS },
    flexOnDemandExecution: { usd: 0.4 / 1e6, unit: "execution", source: FUNCTIONS },
    flexAlwaysReadyBaselineGbSecond: { usd: 0.000004, unit: "GB-second (baseline)", source: FUNCTIONS },
    flexAlwaysReadyGbSecond: { usd: 0.000016, unit: "GB-second", source: FUNCTIONS },
    flexAlwaysReadyExecution: { usd: 0.4 / 1e6, unit: "execution", source: FUNCTIONS },
    // Free_F1 $0 (20 connections, 20,000 messages per day); Standard_S1 $1.61 and Premium_P1 $2.00
    // per unit per day, 1,000,000 messages per unit per day included, then $1.00 per million (2 KB units).
    webPubSubFreeUnitDay: { usd: 0, unit: "unit-day", source: WEB_PUBSUB },
    webPubSubStandardUnitDay: { usd: 1.61, unit: "unit-day", source: WEB_PUBSUB },
    webPubSubPremiumUnitDay: { usd: 2.0, unit: "unit-day", source: WEB_PUBSUB },
    webPubSubMessage: { usd: 1.0 / 1e6, unit: "message (2 KB)", source: WEB_PUBSUB },
    // Blob storage, Hot, LRS: $0.0196 per GB-month (first 50 TB).
    blobHotLrsStorage: { usd: 0.0196, unit: "GB-month", source: STORAGE },
    // Log Analytics, Analytics Logs pay-as-you-go: $2.99 per GB ingested; retention beyond the
    // included 31 days (90 with Application Insights) $0.10 per GB-month.
    logAnalyticsIngestion: { usd: 2.99, unit: "GB ingested", source: MONITOR },
    logAnalyticsRetention: { usd: 0.1, unit: "GB-month", source: MONITOR },
  },
};

/** Allowances that come with a Web PubSub unit (not prices). Same page as above. */
export const WEB_PUBSUB_INCLUDED_MESSAGES_PER_UNIT_DAY = { Free_F1: 20_000, Standard_S1: 1_000_000, Premium_P1: 1_000_000 } as const;

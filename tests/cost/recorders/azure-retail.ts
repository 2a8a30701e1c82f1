/**
 * A local stand-in for the Azure Retail Prices API: GET ?api-version=...&$filter=... answered with
 * the API's response shape { BillingCurrency, CustomerEntityId, CustomerEntityType, Items, NextPageLink,
 * Count } and its item fields (currencyCode, tierMinimumUnits, retailPrice, unitPrice, armRegionName,
 * location, effectiveStartDate, meterId, meterName, productId, skuId, productName, skuName,
 * serviceName, serviceId, serviceFamily, unitOfMeasure, type, isPrimaryMeterRegion, armSkuName), as
 * Microsoft Learn "Azure Retail Prices overview" documents them (API response examples, pagination).
 * The $filter's `field eq 'value'` clauses (joined by `and`) select items; pages hold `pageSize`.
 */
import { Recorder, startRecorder } from "./http-recorder";

export interface RetailItem {
  readonly serviceName: string;
  readonly productName: string;
  readonly skuName: string;
  readonly meterName: string;
  readonly unitOfMeasure: string;
  readonly retailPrice: number;
  readonly tierMinimumUnits?: number;
  readonly armRegionName?: string;
  readonly currencyCode?: string;
}

export function itemJson(item: RetailItem, i: number): Record<string, unknown> {
  return {
    currencyCode: item.currencyCode ?? "USD",
    tierMinimumUnits: item.tierMinimumUnits ?? 0,
    retailPrice: item.retailPrice,
    unitPrice: item.retailPrice,
    armRegionName: item.armRegionName ?? "westeurope",
    location: item.armRegionName === undefined || item.armRegionName === "westeurope" ? "EU West" : item.armRegionName,
    effectiveStartDate: "2026-10-01T00:00:00Z",
    meterId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    meterName: item.meterName,
    productId: "DZH318Z0BQ4L",
    skuId: "DZH318Z0BQ4L/0001",
    availabilityId: null,
    productName: item.productName,
    skuName: item.skuName,
    serviceName: item.serviceName,
    serviceId: "DZH3180HX10K",
    serviceFamily: "Compute",
    unitOfMeasure: item.unitOfMeasure,
    type: "Consumption",
    isPrimaryMeterRegion: true,
    armSkuName: "",
  };
}

/** The filter names a field differently from the item it selects: `priceType` filters on `type` (the documented filter list). */
const FILTER_FIELD: Readonly<Record<string, string>> = { priceType: "type" };

/** The $filter's clauses as field -> value (the recorder understands only `eq` joined by `and`). */
export function parseFilter(filter: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const clause of filter.split(/ and /)) {
    const m = /^(\w+) eq '((?:[^']|'')*)'$/.exec(clause.trim());
    if (!m) throw new Error(`unsupported clause ${clause}`);
    out[m[1]] = m[2].replace(/''/g, "'");
  }
  return out;
}

export interface AzureRetailRecorder extends Recorder {
  /** What the recorder answers from; tests change it between calls. */
  readonly state: {
    items: RetailItem[];
    /** Overrides the answer to every request (a broken page). */
    override?: { status: number; body: string };
  };
}

export async function startAzureRetailRecorder(items: RetailItem[], pageSize = 2): Promise<AzureRetailRecorder> {
  const state: AzureRetailRecorder["state"] = { items };
  const recorder = await startRecorder((call, base) => {
    if (state.override) return state.override;
    if (call.path !== "/api/retail/prices") return { status: 404, body: JSON.stringify({ Message: "not found" }) };
    const clauses = parseFilter(call.query.$filter ?? "");
    const all = state.items.map((item, i) => itemJson(item, i)).filter((item) => Object.entries(clauses).every(([k, v]) => item[FILTER_FIELD[k] ?? k] === v));
    const skip = Number(call.query.$skip ?? 0);
    const page = all.slice(skip, skip + pageSize);
    const next = skip + pageSize < all.length ? `${base}/api/retail/prices?api-version=${encodeURIComponent(call.query["api-version"] ?? "")}&$filter=${encodeURIComponent(call.query.$filter ?? "")}&$skip=${skip + pageSize}` : null;
    return { status: 200, body: JSON.stringify({ BillingCurrency: "USD", CustomerEntityId: "Default", CustomerEntityType: "Retail", Items: page, NextPageLink: next, Count: page.length }) };
  });
  return { ...recorder, state };
}

/** westeurope items for every priced figure of the Azure book, at the book's figures, with the free grants as zero-priced first tiers and neighbours a query must not pick. */
export function westEuropeItems(): RetailItem[] {
  const flex = (meterName: string, unitOfMeasure: string, retailPrice: number, tierMinimumUnits = 0): RetailItem => ({ serviceName: "Functions", productName: "Functions Flex Consumption", skuName: "Always Ready", meterName, unitOfMeasure, retailPrice, tierMinimumUnits });
  return [
    { ...flex("On Demand Execution Time", "1 GB Second", 0, 0), skuName: "On Demand" },
    { ...flex("On Demand Execution Time", "1 GB Second", 0.000026, 100000), skuName: "On Demand" },
    { ...flex("On Demand Total Executions", "10", 0, 0), skuName: "On Demand" },
    { ...flex("On Demand Total Executions", "10", 0.000004, 250000), skuName: "On Demand" },
    flex("Always Ready Baseline", "1 GB Second", 0.000004),
    flex("Always Ready Execution Time", "1 GB Second", 0.000016),
    flex("Always Ready Total Executions", "10", 0.000004),
    { serviceName: "Functions", productName: "Functions", skuName: "Standard", meterName: "Standard Execution Time", unitOfMeasure: "1 GB Second", retailPrice: 0.000016 },
    { serviceName: "Web PubSub", productName: "Web PubSub", skuName: "Standard", meterName: "Standard Unit", unitOfMeasure: "1/Day", retailPrice: 1.61 },
    { serviceName: "Web PubSub", productName: "Web PubSub", skuName: "Premium", meterName: "Premium Unit", unitOfMeasure: "1/Day", retailPrice: 2.0 },
    { serviceName: "Web PubSub", productName: "Web PubSub", skuName: "Standard", meterName: "Standard Message", unitOfMeasure: "1M", retailPrice: 1.0 },
    { serviceName: "Web PubSub", productName: "Web PubSub", skuName: "Standard", meterName: "Standard Unit", unitOfMeasure: "1/Day", retailPrice: 1.61, armRegionName: "eastus" },
    { serviceName: "Storage", productName: "Blob Storage", skuName: "Hot LRS", meterName: "Hot LRS Data Stored", unitOfMeasure: "1 GB/Month", retailPrice: 0.0196 },
    { serviceName: "Storage", productName: "Blob Storage", skuName: "Hot LRS", meterName: "Hot LRS Data Stored", unitOfMeasure: "1 GB/Month", retailPrice: 0.0188, tierMinimumUnits: 51200 },
    { serviceName: "Storage", productName: "Blob Storage", skuName: "Cool LRS", meterName: "Cool LRS Data Stored", unitOfMeasure: "1 GB/Month", retailPrice: 0.01 },
    { serviceName: "Log Analytics", productName: "Log Analytics", skuName: "Analytics Logs", meterName: "Analytics Logs Data Ingestion", unitOfMeasure: "1 GB", retailPrice: 0, tierMinimumUnits: 0 },
    { serviceName: "Log Analytics", productName: "Log Analytics", skuName: "Analytics Logs", meterName: "Analytics Logs Data Ingestion", unitOfMeasure: "1 GB", retailPrice: 2.99, tierMinimumUnits: 5 },
    { serviceName: "Log Analytics", productName: "Log Analytics", skuName: "Analytics Logs", meterName: "Analytics Logs Data Retention", unitOfMeasure: "1 GB/Month", retailPrice: 0.1 },
  ];
}

/**
 * Reads one price out of the clouds' price API answers, checking every field it uses. Never
 * throws: an answer that is not what the API documents, or that does not single out one offer in a
 * known unit, is an error naming the price, the field and the value, so nothing half-read is written.
 */
import { err, ok, Result } from "../../../domain/shared/result";
import { describe } from "../prices/load";
import type { AwsOfferQuery, AzureOfferQuery } from "./catalog";

export interface ReadPrice {
  /** US dollars per the book's unit. */
  readonly usd: number;
  /** Which offer it came from (written to the book as the price's `note`). */
  readonly note: string;
}

/** The usage-type prefix a region's products carry where a service uses one (us-east-1: none, or USE1). */
export const AWS_USAGE_PREFIX: Readonly<Record<string, string>> = { "us-east-1": "USE1" };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const twelve = (n: number) => Number(n.toPrecision(12));
/** A field as text for a note: strings as they are, anything else as JSON (String() throws on a null-prototype object). */
const quoted = (v: unknown): string => (typeof v === "string" ? v : describe(v));

/**
 * AWS Price List products (GetProducts' PriceList, each parsed from its JSON string): the one whose
 * usagetype is the query's, and its first-tier on-demand price per the book's unit.
 */
export function awsPrice(name: string, query: AwsOfferQuery, region: string, products: readonly unknown[]): Result<ReadPrice, string> {
  const wanted = [query.usagetype, ...(AWS_USAGE_PREFIX[region] ? [`${AWS_USAGE_PREFIX[region]}-${query.usagetype}`] : [])];
  const seen = new Set<string>();
  const matches: Record<string, unknown>[] = [];
  for (const [i, product] of products.entries()) {
    const attributes = isRecord(product) && isRecord(product.product) ? product.product.attributes : undefined;
    if (!isRecord(attributes) || typeof attributes.usagetype !== "string") return err(`${name}: PriceList[${i}].product.attributes.usagetype is ${describe(isRecord(attributes) ? attributes.usagetype : attributes)}; expected a usage type string (AWS Price List product format aws_v1)`);
    seen.add(attributes.usagetype);
    if (wanted.includes(attributes.usagetype)) matches.push(product as Record<string, unknown>);
  }
  const where = `${query.serviceCode} in ${region} with usagetype ${wanted.join(" or ")}`;
  if (matches.length === 0) return err(`${name}: no product of ${where} among ${products.length} (usage types: ${[...seen].sort().slice(0, 8).join(", ") || "none"})`);
  if (matches.length > 1) return err(`${name}: ${matches.length} products of ${where}; expected exactly one (skus ${matches.map((m) => describe((m.product as Record<string, unknown>).sku)).join(", ")})`);
  const product = matches[0];
  const sku = (product.product as Record<string, unknown>).sku;
  const onDemand = isRecord(product.terms) ? product.terms.OnDemand : undefined;
  if (!isRecord(onDemand) || Object.keys(onDemand).length === 0) return err(`${name}: sku ${describe(sku)}: terms.OnDemand is ${describe(onDemand)}; expected the on-demand offer terms`);
  const firstTier: Record<string, unknown>[] = [];
  for (const [termCode, term] of Object.entries(onDemand)) {
    const dimensions = isRecord(term) ? term.priceDimensions : undefined;
    if (!isRecord(dimensions)) return err(`${name}: sku ${describe(sku)}: terms.OnDemand.${termCode}.priceDimensions is ${describe(dimensions)}; expected a map of price dimensions`);
    for (const [rateCode, dimension] of Object.entries(dimensions)) {
      if (!isRecord(dimension)) return err(`${name}: sku ${describe(sku)}: priceDimensions.${rateCode} is ${describe(dimension)}; expected { unit, beginRange, pricePerUnit }`);
      if ((dimension.beginRange ?? "0") === "0") firstTier.push(dimension);
    }
  }
  if (firstTier.length !== 1) return err(`${name}: sku ${describe(sku)} has ${firstTier.length} on-demand price dimensions starting at 0; expected exactly one`);
  const dimension = firstTier[0];
  const factor = typeof dimension.unit === "string" ? query.units[dimension.unit] : undefined;
  if (factor === undefined) return err(`${name}: sku ${describe(sku)}: unit is ${describe(dimension.unit)}; allowed: ${Object.keys(query.units).join(", ")}`);
  const text = isRecord(dimension.pricePerUnit) ? dimension.pricePerUnit.USD : undefined;
  const usd = typeof text === "string" && /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(usd)) return err(`${name}: sku ${describe(sku)}: pricePerUnit.USD is ${describe(text)}; expected a decimal string such as "0.0000002000"`);
  if (usd === 0) return err(`${name}: sku ${describe(sku)}: pricePerUnit.USD is "${text}"; a zero price is a free-tier dimension, not the list price`);
  const description = typeof dimension.description === "string" ? dimension.description : `${text} USD per ${dimension.unit}`;
  return ok({ usd: twelve(usd / factor), note: `${description} (AWS Price List ${query.serviceCode} sku ${quoted(sku)})` });
}

/**
 * Azure Retail Prices items (the API's `Items`): those of the query's meter in USD, pay-as-you-go;
 * the lowest tier with a non-zero price, per the book's unit.
 */
export function azurePrice(name: string, query: AzureOfferQuery, region: string, items: readonly unknown[]): Result<ReadPrice, string> {
  const matching: Record<string, unknown>[] = [];
  for (const [i, item] of items.entries()) {
    if (!isRecord(item)) return err(`${name}: Items[${i}] is ${describe(item)}; expected a price item`);
    for (const field of ["serviceName", "meterName", "armRegionName", "unitOfMeasure", "currencyCode"] as const) {
      if (typeof item[field] !== "string") return err(`${name}: Items[${i}].${field} is ${describe(item[field])}; expected a string (Azure Retail Prices item)`);
    }
    for (const field of ["retailPrice", "tierMinimumUnits"] as const) {
      if (typeof item[field] !== "number" || !Number.isFinite(item[field]) || (item[field] as number) < 0) return err(`${name}: Items[${i}].${field} is ${describe(item[field])}; expected a number >= 0`);
    }
    const same = item.serviceName === query.serviceName && item.meterName === query.meterName && item.armRegionName === region
      && (query.productName === undefined || item.productName === query.productName) && (query.skuName === undefined || item.skuName === query.skuName)
      && (item.type === undefined || item.type === "Consumption");
    if (!same) continue;
    if (item.currencyCode !== "USD") return err(`${name}: Items[${i}].currencyCode is ${describe(item.currencyCode)}; allowed: "USD" (the books are in US dollars)`);
    matching.push(item);
  }
  const where = `${query.serviceName} "${query.meterName}"${query.skuName ? ` (${query.skuName})` : ""} in ${region}`;
  const paid = matching.filter((item) => (item.retailPrice as number) > 0);
  if (paid.length === 0) return err(`${name}: no priced item for ${where} among ${items.length} (${matching.length} at price 0)`);
  const lowest = Math.min(...paid.map((item) => item.tierMinimumUnits as number));
  const tier = paid.filter((item) => item.tierMinimumUnits === lowest);
  const prices = new Set(tier.map((item) => `${item.retailPrice as number} ${item.unitOfMeasure as string}`));
  if (prices.size > 1) return err(`${name}: ${tier.length} items for ${where} from tier ${lowest} disagree (${[...prices].join("; ")}); expected one price`);
  const item = tier[0];
  const factor = query.units[item.unitOfMeasure as string];
  if (factor === undefined) return err(`${name}: ${where}: unitOfMeasure is ${describe(item.unitOfMeasure)}; allowed: ${Object.keys(query.units).join(", ")}`);
  const note = `${quoted(item.productName ?? query.serviceName)} ${quoted(item.skuName ?? "")} "${query.meterName}": ${item.retailPrice as number} USD per ${item.unitOfMeasure as string}${lowest > 0 ? ` from ${lowest}` : ""} (Azure Retail Prices meterId ${quoted(item.meterId ?? "?")})`;
  return ok({ usd: twelve((item.retailPrice as number) / factor), note: note.replace(/ {2,}/g, " ") });
}

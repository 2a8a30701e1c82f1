/**
 * Reads a price book from its JSON form (the shipped files, or what `prices update` is about to
 * write) and checks every field: a book the estimator reads is complete, in USD, with finite
 * non-negative prices. Never throws; the problems name the field, the value and what is allowed.
 */
import { err, ok, Result } from "../../../domain/shared/result";
import { Price, PRICE_METHODS, PriceBook, PriceMethod } from "./price-book";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parsePriceBook<K extends string>(raw: unknown, keys: readonly K[], label: string): Result<PriceBook<K>, string[]> {
  const problems: string[] = [];
  const at = (field: string, value: unknown, allowed: string) => problems.push(`${label}: ${field} is ${describe(value)}; ${allowed}`);
  if (!isRecord(raw)) return err([`${label}: the book is ${describe(raw)}; expected a JSON object`]);
  if (raw.cloud !== "aws" && raw.cloud !== "azure") at("cloud", raw.cloud, 'allowed: "aws", "azure"');
  if (typeof raw.region !== "string" || raw.region === "") at("region", raw.region, "expected a region name");
  if (raw.currency !== "USD") at("currency", raw.currency, 'allowed: "USD"');
  if (typeof raw.asOf !== "string" || !ISO_DATE.test(raw.asOf) || Number.isNaN(Date.parse(raw.asOf))) at("asOf", raw.asOf, "expected a date as YYYY-MM-DD");
  if (!(PRICE_METHODS as readonly unknown[]).includes(raw.method)) at("method", raw.method, `allowed: ${PRICE_METHODS.join(", ")}`);
  const prices: Partial<Record<K, Price>> = {};
  if (!isRecord(raw.prices)) at("prices", raw.prices, "expected a map of price name to price");
  else {
    for (const key of keys) {
      const price = raw.prices[key];
      const field = `prices.${key}`;
      if (!isRecord(price)) {
        at(field, price, "expected { usd, unit, source }");
        continue;
      }
      if (typeof price.usd !== "number" || !Number.isFinite(price.usd) || price.usd < 0) at(`${field}.usd`, price.usd, "expected a finite number >= 0 (US dollars per unit)");
      if (typeof price.unit !== "string" || price.unit === "") at(`${field}.unit`, price.unit, "expected the unit the price is per");
      if (typeof price.source !== "string" || !/^https:\/\//.test(price.source)) at(`${field}.source`, price.source, "expected the https:// page the price comes from");
      if (price.note !== undefined && typeof price.note !== "string") at(`${field}.note`, price.note, "expected a string or nothing");
      prices[key] = { usd: price.usd as number, unit: price.unit as string, source: price.source as string, ...(typeof price.note === "string" ? { note: price.note } : {}) };
    }
    const unknown = Object.keys(raw.prices).filter((k) => !(keys as readonly string[]).includes(k));
    for (const key of unknown) at(`prices.${key}`, raw.prices[key], `is not a price the estimator reads; allowed: ${keys.join(", ")}`);
  }
  if (problems.length > 0) return err(problems);
  return ok({
    cloud: raw.cloud as "aws" | "azure",
    region: raw.region as string,
    currency: "USD",
    asOf: raw.asOf as string,
    method: raw.method as PriceMethod,
    prices: prices as Record<K, Price>,
  });
}

/** A shipped book: a broken file in the repository is a build error, reported with every problem. */
export function shippedPriceBook<K extends string>(raw: unknown, keys: readonly K[], file: string): PriceBook<K> {
  const parsed = parsePriceBook(raw, keys, file);
  if (!parsed.ok) throw new Error(`the price book ${file} is invalid:\n  - ${parsed.error.join("\n  - ")}`);
  return parsed.value;
}

/**
 * The book as `prices update` writes it: fixed key order (the book's header, then the prices in the
 * estimator's order, each as usd, unit, source, note), two-space indent, a final newline. The same
 * book always gives the same bytes.
 */
export function serializePriceBook<K extends string>(book: PriceBook<K>, keys: readonly K[]): string {
  const prices: Record<string, Price> = {};
  for (const key of keys) {
    const p = book.prices[key];
    prices[key] = { usd: p.usd, unit: p.unit, source: p.source, ...(p.note !== undefined ? { note: p.note } : {}) };
  }
  return `${JSON.stringify({ cloud: book.cloud, region: book.region, currency: book.currency, asOf: book.asOf, method: book.method, prices }, null, 2)}\n`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
export function describe(v: unknown): string {
  if (v === undefined) return "missing";
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch {
    json = undefined; // a BigInt or a cycle
  }
  json ??= typeof v === "object" && v !== null ? Object.prototype.toString.call(v) : String(v);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/**
 * `semantest-iac prices update`: read every price of the books from the clouds' price APIs, check
 * each answer, and only when every price was read write the books (each file replaced whole) and
 * report what changed. One bad answer fails the run naming it, and no file is touched.
 */
import { OperationError } from "../../errors";
import { ExitCodes } from "../../exit-codes";
import { AWS_PRICE_FILE, AWS_PRICE_KEYS, AWS_US_EAST_1, AwsPriceKey } from "../prices/aws-us-east-1";
import { AZURE_PRICE_FILE, AZURE_PRICE_KEYS, AZURE_WESTEUROPE, AzurePriceKey } from "../prices/azure-westeurope";
import { parsePriceBook, serializePriceBook } from "../prices/load";
import type { Price, PriceBook, PriceMethod } from "../prices/price-book";
import { AWS_OFFERS, AZURE_OFFERS, azureFilter, isFixed } from "./catalog";
import { awsPrice, azurePrice, ReadPrice } from "./offers";
import type { PriceBookFiles, PriceSources } from "./ports";

export const PRICE_CLOUDS = ["aws", "azure"] as const;
export type PriceCloud = (typeof PRICE_CLOUDS)[number];

export interface UpdatePricesRequest {
  readonly clouds: readonly PriceCloud[];
  /** The date the prices are read (the books' new `asOf`), YYYY-MM-DD. */
  readonly today: string;
  /** Read and compare, write nothing. */
  readonly dryRun?: boolean;
}

export interface PriceChange {
  readonly price: string;
  readonly before: number;
  readonly after: number;
  readonly unit: string;
}

export interface BookUpdate {
  readonly cloud: PriceCloud;
  readonly region: string;
  readonly file: string;
  readonly asOf: string;
  readonly changes: readonly PriceChange[];
  readonly unchanged: number;
  /** Prices no API states, kept as they were, with why. */
  readonly kept: readonly string[];
}

export interface UpdatePricesResult {
  readonly books: readonly BookUpdate[];
  /** The folder the books were written to; null on a dry run. */
  readonly writtenTo: string | null;
}

export async function updatePrices(sources: PriceSources, files: PriceBookFiles, request: UpdatePricesRequest): Promise<UpdatePricesResult> {
  if (request.clouds.length === 0) throw new OperationError("USAGE", "prices update needs at least one cloud", ExitCodes.usage, "semantest-iac prices update --cloud aws");
  const problems: string[] = [];
  const planned: { update: BookUpdate; text: string }[] = [];
  if (request.clouds.includes("aws")) {
    const read = await readAws(sources, AWS_US_EAST_1.region, problems);
    planned.push(plan(AWS_US_EAST_1, AWS_PRICE_KEYS, AWS_PRICE_FILE, read, {}, "aws-price-list", request.today, problems));
  }
  if (request.clouds.includes("azure")) {
    const read = await readAzure(sources, AZURE_WESTEUROPE.region, problems);
    const kept = Object.fromEntries(AZURE_PRICE_KEYS.flatMap((k) => { const q = AZURE_OFFERS[k]; return isFixed(q) ? [[k, q.fixed]] : []; }));
    planned.push(plan(AZURE_WESTEUROPE, AZURE_PRICE_KEYS, AZURE_PRICE_FILE, read, kept, "azure-retail-prices", request.today, problems));
  }
  if (problems.length > 0) {
    throw new OperationError(
      "PRICES_UNREADABLE",
      `prices update read no usable price for ${problems.length} of the books' figures; nothing was written:\n  - ${problems.join("\n  - ")}`,
      ExitCodes.failed,
      "check the credentials (AWS: pricing:GetProducts) and the network; when an API changed its offers, update application/cost/update/catalog.ts",
      { problems },
    );
  }
  if (request.dryRun) return { books: planned.map((p) => p.update), writtenTo: null };
  for (const p of planned) await files.write(p.update.file, p.text);
  return { books: planned.map((p) => p.update), writtenTo: files.dir };
}

async function readAws(sources: PriceSources, region: string, problems: string[]): Promise<Partial<Record<AwsPriceKey, ReadPrice>>> {
  let client;
  try {
    client = sources.aws();
  } catch (error) {
    problems.push(`aws: ${(error as Error).message}`);
    return {};
  }
  // One GetProducts per service and filter set: several prices share one (API Gateway's WebSocket pair).
  const asked = new Map<string, Promise<readonly unknown[]>>();
  const out: Partial<Record<AwsPriceKey, ReadPrice>> = {};
  let down: string | undefined;
  for (const key of AWS_PRICE_KEYS) {
    const query = AWS_OFFERS[key];
    // Once the API itself failed (after the client's retries), the other prices are not asked: one clear error, fast.
    if (down) {
      problems.push(`aws ${key}: not asked (${down})`);
      continue;
    }
    const filters = { ...query.filters, regionCode: region };
    const id = JSON.stringify([query.serviceCode, filters]);
    if (!asked.has(id)) asked.set(id, client.products(query.serviceCode, filters));
    try {
      const read = awsPrice(`aws ${key}`, query, region, await asked.get(id)!);
      if (read.ok) out[key] = read.value;
      else problems.push(read.error);
    } catch (error) {
      problems.push(`aws ${key}: GetProducts ${query.serviceCode} failed: ${firstLine(error)}`);
      down = `GetProducts failed for aws ${key}`;
    }
  }
  return out;
}

async function readAzure(sources: PriceSources, region: string, problems: string[]): Promise<Partial<Record<AzurePriceKey, ReadPrice>>> {
  const client = sources.azure();
  const out: Partial<Record<AzurePriceKey, ReadPrice>> = {};
  let down: string | undefined;
  for (const key of AZURE_PRICE_KEYS) {
    const query = AZURE_OFFERS[key];
    if (isFixed(query)) continue;
    if (down) {
      problems.push(`azure ${key}: not asked (${down})`);
      continue;
    }
    try {
      const read = azurePrice(`azure ${key}`, query, region, await client.items(azureFilter(query, region)));
      if (read.ok) out[key] = read.value;
      else problems.push(read.error);
    } catch (error) {
      problems.push(`azure ${key}: Retail Prices query failed: ${firstLine(error)}`);
      down = `the Retail Prices API failed for azure ${key}`;
    }
  }
  return out;
}

function plan<K extends string>(
  current: PriceBook<K>,
  keys: readonly K[],
  file: string,
  read: Partial<Record<K, ReadPrice>>,
  kept: Partial<Record<K, string>>,
  method: PriceMethod,
  today: string,
  problems: string[],
): { update: BookUpdate; text: string } {
  const prices = {} as Record<K, Price>;
  const changes: PriceChange[] = [];
  let unchanged = 0;
  for (const key of keys) {
    const before = current.prices[key];
    const found = read[key];
    if (!found) {
      prices[key] = before;
      continue;
    }
    prices[key] = { usd: found.usd, unit: before.unit, source: before.source, note: found.note };
    if (found.usd === before.usd) unchanged += 1;
    else changes.push({ price: key, before: before.usd, after: found.usd, unit: before.unit });
  }
  const next = { ...current, asOf: today, method, prices };
  // The book about to be written must read back as a valid book (the estimator loads it at start).
  const checked = parsePriceBook(JSON.parse(serializePriceBook(next, keys)), keys, file);
  if (!checked.ok) problems.push(...checked.error);
  return {
    update: { cloud: current.cloud, region: current.region, file, asOf: today, changes, unchanged, kept: Object.entries(kept).map(([k, why]) => `${k}: ${String(why)}`) },
    text: serializePriceBook(next, keys),
  };
}

function firstLine(error: unknown): string {
  const e = error as { name?: string; message?: string };
  const message = (e?.message ?? String(error)).split("\n")[0];
  return e?.name && e.name !== "Error" && !message.startsWith(e.name) ? `${e.name}: ${message}` : message;
}

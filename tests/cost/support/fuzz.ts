/**
 * Fuzz families for the cost parsers: the price book loader, the two price API readers, the two
 * billing answer readers and the PR comment renderer. Each family is an arbitrary input and a judge
 * that returns what is wrong with the outcome (undefined when right). tests/cost/*-properties.test.ts
 * run a seeded share in `npm test`; bench/fuzz/cost.ts runs them full size and prints figures.
 */
import fc from "fast-check";
import { readGroup } from "../../../adapters/billing/aws-cost-explorer";
import { billedGroupsOf } from "../../../adapters/billing/azure-cost-management";
import { AWS_PRICE_KEYS, AWS_US_EAST_1, costCommentMarkdown, parsePriceBook, serializePriceBook } from "../../../application/cost";
import { AWS_OFFERS, AZURE_OFFERS, awsPrice, azurePrice } from "../../../application/cost/update";
import { productJson, usEast1Products } from "../recorders/aws-pricing";
import { itemJson, westEuropeItems } from "../recorders/azure-retail";

export interface FuzzFamily<T> {
  readonly name: string;
  readonly input: fc.Arbitrary<T>;
  /** What is wrong with the outcome for this input; undefined when it is right. */
  readonly judge: (input: T) => string | undefined;
}

const anything = fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true });

/** A real-shaped value with one field somewhere replaced by arbitrary junk. */
export function mutate(value: unknown, junk: unknown, pick: number): unknown {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, at: (string | number)[]) => {
    paths.push(at);
    if (typeof v === "object" && v !== null) for (const [k, child] of Object.entries(v)) walk(child, [...at, Array.isArray(v) ? Number(k) : k]);
  };
  walk(value, []);
  const target = paths[pick % paths.length];
  if (target.length === 0) return junk;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cursor = copy;
  for (const key of target.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  cursor[target[target.length - 1]] = junk;
  return copy;
}

/** Runs `work`; a throw is a crash (these functions promise never to throw). */
function never(work: () => string | undefined): string | undefined {
  try {
    return work();
  } catch (error) {
    return `crashed: ${(error as Error)?.message ?? String(error)}`;
  }
}

/** Runs `work`; it may throw an Error naming the field (the billing readers' contract), never a TypeError. */
function namedThrow(work: () => readonly { amount: number; currency: string }[], field: RegExp): string | undefined {
  let groups;
  try {
    groups = work();
  } catch (error) {
    if (!(error instanceof Error) || error instanceof TypeError) return `crashed: ${String(error)}`;
    return field.test(error.message) ? undefined : `an error that names no field: ${error.message}`;
  }
  return groups.every((g) => Number.isFinite(g.amount) && typeof g.currency === "string") ? undefined : `a group without a finite amount or a currency: ${JSON.stringify(groups)}`;
}

const SHIPPED = JSON.parse(serializePriceBook(AWS_US_EAST_1, AWS_PRICE_KEYS));
const PRODUCTS = usEast1Products().map(productJson);
const ITEMS = westEuropeItems().map(itemJson);
const WEB_PUBSUB_MESSAGE = AZURE_OFFERS.webPubSubMessage as Exclude<(typeof AZURE_OFFERS)["webPubSubMessage"], { fixed: string }>;

const priceBook: FuzzFamily<[unknown, number]> = {
  name: "price book",
  input: fc.tuple(anything, fc.nat()),
  judge: ([junk, pick]) =>
    never(() => {
      for (const raw of [junk, mutate(SHIPPED, junk, pick)]) {
        const parsed = parsePriceBook(raw, AWS_PRICE_KEYS, "book");
        if (!parsed.ok && !parsed.error.every((p) => p.startsWith("book: "))) return `a problem that names no book: ${parsed.error.join(" / ")}`;
        if (parsed.ok && !AWS_PRICE_KEYS.every((k) => Number.isFinite(parsed.value.prices[k].usd) && parsed.value.prices[k].usd >= 0)) return "accepted a price that is not a finite amount";
      }
      return undefined;
    }),
};

const awsOffers: FuzzFamily<[unknown, number]> = {
  name: "AWS Price List products",
  input: fc.tuple(anything, fc.nat()),
  judge: ([junk, pick]) =>
    never(() => {
      const answer = mutate(PRODUCTS, junk, pick);
      const read = awsPrice("aws s3Put", AWS_OFFERS.s3Put, "us-east-1", Array.isArray(answer) ? answer : [answer]);
      if (!read.ok) return read.error.startsWith("aws s3Put: ") ? undefined : `an error that names no price: ${read.error}`;
      return Number.isFinite(read.value.usd) && read.value.usd > 0 ? undefined : `read ${read.value.usd}`;
    }),
};

const azureOffers: FuzzFamily<[unknown, number]> = {
  name: "Azure Retail Prices items",
  input: fc.tuple(anything, fc.nat()),
  judge: ([junk, pick]) =>
    never(() => {
      const answer = mutate(ITEMS, junk, pick);
      const read = azurePrice("azure webPubSubMessage", WEB_PUBSUB_MESSAGE, "westeurope", Array.isArray(answer) ? answer : [answer]);
      if (!read.ok) return read.error.startsWith("azure webPubSubMessage: ") ? undefined : `an error that names no price: ${read.error}`;
      return Number.isFinite(read.value.usd) && read.value.usd > 0 ? undefined : `read ${read.value.usd}`;
    }),
};

const amount = fc.oneof(fc.double(), fc.constantFrom("1.5", "0", "", " ", "NaN", "1e3", "-2"), anything);

const costExplorerGroups: FuzzFamily<unknown> = {
  name: "Cost Explorer groups",
  input: fc.oneof(
    fc.record({ Keys: fc.oneof(fc.constant(["component$rest-api"]), fc.array(fc.string(), { maxLength: 2 }), anything), Metrics: fc.oneof(fc.record({ UnblendedCost: fc.record({ Amount: amount, Unit: fc.oneof(fc.constant("USD"), anything) }, { requiredKeys: [] }) }), anything) }, { requiredKeys: [] }),
    anything,
  ),
  judge: (group) => namedThrow(() => [readGroup(group as never, "component", "G")], /^G\.(Keys|Metrics)/),
};

const costManagementRows: FuzzFamily<[unknown, unknown]> = {
  name: "Cost Management rows",
  input: fc.tuple(
    fc.oneof(fc.constant([{ name: "Cost" }, { name: "TagKey" }, { name: "TagValue" }, { name: "Currency" }]), fc.array(fc.record({ name: fc.oneof(fc.constantFrom("Cost", "TagKey", "TagValue", "Currency", "PreTaxCost"), anything) }), { maxLength: 5 }), anything),
    fc.oneof(fc.array(fc.oneof(fc.tuple(amount, fc.constantFrom("component", ""), fc.oneof(fc.string(), anything), fc.oneof(fc.constant("USD"), anything)), anything), { maxLength: 4 }), anything),
  ),
  judge: ([columns, rows]) => namedThrow(() => billedGroupsOf({ columns, rows } as never, "component"), /^(the Cost Management answer has columns|rows\[\d+\])/),
};

const money = fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true });
const commentMarkdown: FuzzFamily<{ stack: string; components: [string, number, number][] }> = {
  name: "PR comment Markdown",
  input: fc.record({ stack: fc.string(), components: fc.array(fc.tuple(fc.string({ minLength: 1 }), money, money), { maxLength: 6 }) }),
  judge: ({ stack, components }) =>
    never(() => {
      const byComponent = Object.fromEntries(components.map(([name, b, c]) => [name, { baseline: b, current: c, delta: c - b }]));
      const total = { baseline: components.reduce((s, [, b]) => s + b, 0), current: components.reduce((s, [, , c]) => s + c, 0), delta: 0 };
      const text = costCommentMarkdown({ stack, delta: { currency: "USD", total: { ...total, delta: total.current - total.baseline }, byComponent }, changes: {}, pricesAsOf: "2026-11-30", mandatoryViolations: 0 });
      const rows = text.split("\n").filter((line) => line.startsWith("| "));
      // Every table row has exactly four cells: an unescaped pipe or a newline in a name would add one.
      const bad = rows.find((row) => row.replace(/\\\|/g, "").split("|").length !== 6);
      if (bad) return `a row that is not four cells: ${bad}`;
      return rows.length === Object.keys(byComponent).length + 3 ? undefined : `${rows.length} rows for ${Object.keys(byComponent).length} components`;
    }),
};

/** Each family with its input type erased: a family only ever judges its own inputs. */
const erase = <T>(family: FuzzFamily<T>): FuzzFamily<unknown> => family as unknown as FuzzFamily<unknown>;
export const COST_FUZZ_FAMILIES: readonly FuzzFamily<unknown>[] = [erase(priceBook), erase(awsOffers), erase(azureOffers), erase(costExplorerGroups), erase(costManagementRows), erase(commentMarkdown)];

/**
 * The price parsers over arbitrary input (seeded, bounded): the book parser and the two offer
 * readers never throw, and a valid book survives serialize -> parse unchanged.
 */
import fc from "fast-check";
import { AWS_PRICE_KEYS, AWS_US_EAST_1, parsePriceBook, serializePriceBook } from "../../application/cost";
import { AWS_OFFERS, AZURE_OFFERS, awsPrice, azurePrice } from "../../application/cost/update";
import { productJson, usEast1Products } from "./recorders/aws-pricing";
import { itemJson, westEuropeItems } from "./recorders/azure-retail";

const RUNS = { seed: 2101, numRuns: 300 };
const anything = fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true });

/** A real-shaped value with one field somewhere replaced by arbitrary junk. */
function mutate(value: unknown, junk: unknown, pick: number): unknown {
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

describe("price parsers", () => {
  it("parsePriceBook never throws, on junk or on a shipped book with one field broken", () => {
    const shipped = JSON.parse(serializePriceBook(AWS_US_EAST_1, AWS_PRICE_KEYS));
    fc.assert(
      fc.property(anything, fc.nat(), (junk, pick) => {
        for (const raw of [junk, mutate(shipped, junk, pick)]) {
          const parsed = parsePriceBook(raw, AWS_PRICE_KEYS, "book");
          if (!parsed.ok) expect(parsed.error.every((p) => p.startsWith("book: "))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("a valid book reads back unchanged after serialization", () => {
    const price = fc.record({ usd: fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }), unit: fc.string({ minLength: 1 }), source: fc.string().map((s) => `https://example.com/${encodeURIComponent(s)}`), note: fc.option(fc.string(), { nil: undefined }) });
    fc.assert(
      fc.property(fc.tuple(...AWS_PRICE_KEYS.map(() => price)), (prices) => {
        const book = { ...AWS_US_EAST_1, prices: Object.fromEntries(AWS_PRICE_KEYS.map((k, i) => [k, prices[i].note === undefined ? { usd: prices[i].usd, unit: prices[i].unit, source: prices[i].source } : prices[i]])) } as typeof AWS_US_EAST_1;
        const parsed = parsePriceBook(JSON.parse(serializePriceBook(book, AWS_PRICE_KEYS)), AWS_PRICE_KEYS, "book");
        expect(parsed).toEqual({ ok: true, value: book });
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it("awsPrice and azurePrice never throw on broken answers, and say which price they were reading", () => {
    const products = usEast1Products().map(productJson);
    const items = westEuropeItems().map(itemJson);
    const azureQuery = AZURE_OFFERS.webPubSubMessage;
    if ("fixed" in azureQuery) throw new Error("webPubSubMessage is read from the API");
    fc.assert(
      fc.property(anything, fc.nat(), fc.nat(), (junk, pick, which) => {
        const awsAnswer = mutate(products, junk, pick);
        const aws = awsPrice("aws s3Put", AWS_OFFERS.s3Put, "us-east-1", Array.isArray(awsAnswer) ? awsAnswer : [awsAnswer]);
        if (!aws.ok) expect(aws.error.startsWith("aws s3Put: ")).toBe(true);
        const azureAnswer = mutate(items, junk, pick + which);
        const azure = azurePrice("azure webPubSubMessage", azureQuery, "westeurope", Array.isArray(azureAnswer) ? azureAnswer : [azureAnswer]);
        if (!azure.ok) expect(azure.error.startsWith("azure webPubSubMessage: ")).toBe(true);
        else expect(Number.isFinite(azure.value.usd)).toBe(true);
      }),
      RUNS,
    );
  });
});

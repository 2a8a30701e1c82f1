/**
 * The cost parsers over arbitrary input, a seeded share in `npm test` (bench/fuzz/cost.ts runs the
 * same families full size): the book loader and the price API readers never throw, the billing
 * readers only throw Errors naming the field, the PR comment's rows stay four cells; and a valid
 * book survives serialize -> parse unchanged.
 */
import fc from "fast-check";
import { AWS_PRICE_KEYS, AWS_US_EAST_1, parsePriceBook, serializePriceBook } from "../../application/cost";
import { AWS_OFFERS, AZURE_OFFERS, awsPrice, azurePrice } from "../../application/cost/update";
import { productJson, usEast1Products } from "./recorders/aws-pricing";
import { itemJson, westEuropeItems } from "./recorders/azure-retail";
import { COST_FUZZ_FAMILIES } from "./support/fuzz";

const RUNS = { seed: 2101, numRuns: 300 };

describe("cost parsers over arbitrary input", () => {
  for (const family of COST_FUZZ_FAMILIES) {
    it(`${family.name}: no crash, no wrong result`, () => {
      fc.assert(fc.property(family.input, (input) => expect(family.judge(input)).toBeUndefined()), RUNS);
    });
  }

  it("regression (found by bench/fuzz/cost.ts): a null-prototype object as a sku or a product name is quoted, not a crash", () => {
    const junk = Object.create(null) as object;
    const products = usEast1Products().map(productJson).map((p) => ((p.product as { sku: string }).sku === "S3TIER1000000001" ? { ...p, product: { ...(p.product as object), sku: junk } } : p));
    expect(awsPrice("aws s3Put", AWS_OFFERS.s3Put, "us-east-1", products)).toMatchObject({ ok: true, value: { note: expect.stringContaining("sku {}") } });
    const items = westEuropeItems().map(itemJson).map((i) => (i.meterName === "Standard Message" ? { ...i, productName: junk } : i));
    const query = AZURE_OFFERS.webPubSubMessage;
    if ("fixed" in query) throw new Error("read from the API");
    expect(azurePrice("azure webPubSubMessage", query, "westeurope", items)).toMatchObject({ ok: true, value: { note: expect.stringMatching(/^\{\} Standard "Standard Message"/) } });
  });

  it("a valid book reads back unchanged after serialization", () => {
    const price = fc.record({ usd: fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((n) => n + 0), unit: fc.string({ minLength: 1 }), source: fc.string().map((s) => `https://example.com/${encodeURIComponent(s)}`), note: fc.option(fc.string(), { nil: undefined }) });
    fc.assert(
      fc.property(fc.tuple(...AWS_PRICE_KEYS.map(() => price)), (prices) => {
        const book = { ...AWS_US_EAST_1, prices: Object.fromEntries(AWS_PRICE_KEYS.map((k, i) => [k, prices[i].note === undefined ? { usd: prices[i].usd, unit: prices[i].unit, source: prices[i].source } : prices[i]])) } as typeof AWS_US_EAST_1;
        expect(parsePriceBook(JSON.parse(serializePriceBook(book, AWS_PRICE_KEYS)), AWS_PRICE_KEYS, "book")).toEqual({ ok: true, value: book });
      }),
      { ...RUNS, numRuns: 100 },
    );
  });
});

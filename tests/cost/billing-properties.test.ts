/**
 * The billing answer readers over arbitrary input (seeded, bounded): each returns groups with
 * finite amounts and a currency, or throws an Error naming the field it could not read; never
 * anything else (a TypeError from a missing property would be a crash).
 */
import fc from "fast-check";
import { readGroup } from "../../adapters/billing/aws-cost-explorer";
import { billedGroupsOf } from "../../adapters/billing/azure-cost-management";

const RUNS = { seed: 2102, numRuns: 500 };
const anything = fc.anything({ maxDepth: 3, withNullPrototype: true });
const amount = fc.oneof(fc.double({ noNaN: false }), fc.constantFrom("1.5", "0", "", " ", "NaN", "1e3", "-2"), anything);

function checked(run: () => readonly { amount: number; currency: string }[] | { amount: number; currency: string }, field: RegExp): void {
  let out;
  try {
    out = run();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(field);
    return;
  }
  for (const g of Array.isArray(out) ? out : [out]) {
    expect(Number.isFinite(g.amount)).toBe(true);
    expect(typeof g.currency).toBe("string");
  }
}

describe("billing answer readers", () => {
  it("Cost Explorer groups", () => {
    const group = fc.record({ Keys: fc.oneof(fc.constant(["component$rest-api"]), fc.array(fc.string(), { maxLength: 2 }), anything), Metrics: fc.oneof(fc.record({ UnblendedCost: fc.record({ Amount: amount, Unit: fc.oneof(fc.constant("USD"), anything) }, { requiredKeys: [] }) }), anything) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(group, anything), (g) => checked(() => readGroup(g as never, "component", "G"), /^G\.(Keys|Metrics)/)), RUNS);
  });

  it("Cost Management rows", () => {
    const columns = fc.oneof(
      fc.constant([{ name: "Cost" }, { name: "TagKey" }, { name: "TagValue" }, { name: "Currency" }]),
      fc.array(fc.record({ name: fc.oneof(fc.constantFrom("Cost", "TagKey", "TagValue", "Currency", "PreTaxCost"), anything) }), { maxLength: 5 }),
      anything,
    );
    const row = fc.oneof(fc.tuple(amount, fc.constantFrom("component", ""), fc.oneof(fc.string(), anything), fc.oneof(fc.constant("USD"), anything)), anything);
    fc.assert(fc.property(columns, fc.oneof(fc.array(row, { maxLength: 4 }), anything), (c, r) => checked(() => billedGroupsOf({ columns: c, rows: r } as never, "component"), /^(the Cost Management answer has columns|rows\[\d+\])/)), RUNS);
  });
});

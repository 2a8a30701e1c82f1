import { costDelta, costDeltaLines, costDeltaOfPreviews, costLines, estimateCost } from "../../application/cost";
import { awsPlatform, awsRestApi, StackBuilder, trafficOf } from "./fixtures";

function previewCost(memorySize: number) {
  const b = new StackBuilder();
  awsPlatform(b);
  awsRestApi(b, { memorySize, architectures: ["arm64"] }, { retention: 30 });
  return estimateCost({ resources: b.resources, traffic: trafficOf("production") });
}

describe("cost change between two previews", () => {
  it("is the difference per component and in total", () => {
    const before = previewCost(1024);
    const after = previewCost(2048);
    const delta = costDelta(before, after);
    // Doubling memory doubles the GB-seconds: 10M x 0.12 s x 1 GB x $0.0000133334 = $16.00008 more.
    expect(delta.byComponent["rest-api"].delta).toBeCloseTo(16.00008, 4);
    expect(delta.byComponent["aws-platform"].delta).toBe(0);
    expect(delta.total.delta).toBeCloseTo(16.00008, 4);
    expect(costDeltaLines(delta).find((l) => l.includes("rest-api"))).toMatch(/rest-api .*→ .*\(\+\$16\.00\)/);
  });

  it("counts a component present on one side only as 0 on the other", () => {
    const empty = estimateCost({ resources: [], traffic: trafficOf("dev") });
    const delta = costDelta(previewCost(1024), empty);
    expect(delta.byComponent["rest-api"].current).toBe(0);
    expect(delta.total.delta).toBeLessThan(0);
  });

  it("reads preview documents and refuses one without a cost section, naming it", () => {
    const current = { cost: previewCost(1024) };
    expect(costDeltaOfPreviews({ cost: previewCost(512) }, current).ok).toBe(true);
    expect(costDeltaOfPreviews({ stack: "dev" }, current)).toEqual({ ok: false, error: expect.stringMatching(/^baseline preview: cost is missing; expected the cost section/) });
    expect(costDeltaOfPreviews(current, { cost: { currency: "USD", monthly: { total: 1, byComponent: { x: -2 } } } }))
      .toEqual({ ok: false, error: "current preview: cost.monthly.byComponent.x is -2; expected a number ≥ 0" });
    expect(costDeltaOfPreviews(null, "garbage").ok).toBe(false);
  });

  it("renders a line per component and the total", () => {
    const text = costLines(previewCost(1024));
    expect(text[0]).toMatch(/^Estimated monthly cost \(USD, prices as of \d{4}-\d{2}-\d{2}/);
    expect(text.slice(1).map((l) => l.trim().split(/\s+/)[0])).toEqual(["aws-platform", "rest-api", "total"]);
  });
});

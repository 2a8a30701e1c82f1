import { monthlyBudget } from "../../policy/governance/budget";
import { check, fake, messages, urnOf } from "../policy/support";

/** A production REST API on x86 1024 MB with a VPC of three NAT gateways (≈ $180/month at default traffic). */
function expensiveStack(stack = "production") {
  const parent = urnOf(stack, "semantest:components:RestApi", "rest-api");
  return [
    fake("semantest:components:RestApi", "rest-api", {}, { stack }),
    fake("aws:lambda/function:Function", "rest-api-function", { memorySize: 1024, architectures: ["x86_64"] }, { stack, parent }),
    fake("awsx:ec2:Vpc", "rest-api-vpc", { natGateways: { strategy: "OnePerAz" }, numberOfAvailabilityZones: 3 }, { stack, parent }),
  ];
}

const budget = (usd: unknown, extra: Record<string, unknown> = {}) => ({ "monthly-budget": { enforcementLevel: "advisory" as const, monthlyBudgetUsd: { production: usd }, ...extra } });

describe("monthly-budget policy", () => {
  it("trips, advisory, when the estimate exceeds the environment's budget, naming the components", async () => {
    const violations = await check(monthlyBudget(), expensiveStack(), { environment: "production", config: budget(100) });
    expect(violations).toHaveLength(1);
    expect(violations[0].level).toBe("advisory");
    expect(violations[0].message).toMatch(/^estimated monthly cost \$\d+\.\d\d exceeds the production budget of \$100\.00 \(rest-api \$\d+\.\d\d\)\.$/);
  });

  it("passes within the budget", async () => {
    expect(messages(await check(monthlyBudget(), expensiveStack(), { environment: "production", config: budget(1000) }))).toEqual([]);
  });

  it("is mandatory when configured so", async () => {
    const config = { "monthly-budget": { enforcementLevel: "mandatory" as const, monthlyBudgetUsd: { production: 1 } } };
    const violations = await check(monthlyBudget(), expensiveStack(), { environment: "production", config });
    expect(violations.map((v) => v.level)).toEqual(["mandatory"]);
  });

  it("checks nothing in an environment without a budget", async () => {
    expect(await check(monthlyBudget(), expensiveStack("dev"), { environment: "dev", config: budget(1) })).toEqual([]);
  });

  it("estimates with the config's traffic when given: zero traffic leaves the NAT gateways' fixed cost", async () => {
    const zero = { "rest-api": { requestsPerMonth: 0 }, natDataGbPerMonth: 0 };
    // 3 NAT x 730 h x ($0.045 + $0.005) = $109.50: over $100, under $110.
    expect(await check(monthlyBudget(), expensiveStack(), { environment: "production", config: budget(110, { traffic: zero }) })).toEqual([]);
    expect(messages(await check(monthlyBudget(), expensiveStack(), { environment: "production", config: budget(100, { traffic: zero }) })))
      .toEqual(["estimated monthly cost $109.50 exceeds the production budget of $100.00 (rest-api $109.50)."]);
  });

  it("reports a bad budget or traffic setting instead of crashing", async () => {
    expect(messages(await check(monthlyBudget(), expensiveStack(), { environment: "production", config: budget("lots") })))
      .toEqual(['monthlyBudgetUsd.production is "lots"; expected a number of US dollars ≥ 0.']);
    const bad = messages(await check(monthlyBudget(), expensiveStack(), { environment: "production", config: budget(1, { traffic: { storageGb: -1 } }) }));
    expect(bad).toEqual(["the policy's traffic setting is invalid: semantest:traffic.storageGb: -1 is negative; allowed: 0 to 1000000000000000"]);
  });
});

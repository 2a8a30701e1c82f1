/**
 * `status --cost`: the billed cost of a stack this month, by the tags the program sets, read with
 * the real Cost Explorer client (@aws-sdk/client-cost-explorer) and the real Cost Management client
 * (@azure/arm-costmanagement) against local recorders, next to the estimate; every failure of a
 * billing API is reported per cloud, never a crash, and makes the command exit 1.
 */
import { CostExplorerReader } from "../../adapters/billing/aws-cost-explorer";
import { CostManagementReader } from "../../adapters/billing/azure-cost-management";
import { actualCost, BillingSources, monthToDate } from "../../application/cost/actual";
import type { CostEstimate } from "../../application/cost";
import * as api from "../../api";
import { renderStatusCost } from "../../cli/commands/status-cost";
import { run } from "../../cli/main";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { createWorld, object, stackConfig, update, ULID_A, World } from "../cli/fake-world";
import { CostExplorerRecorder, CostManagementRecorder, credential, LineItem, startCostExplorerRecorder, startCostManagementRecorder } from "./recorders/billing";

const SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };
const tags = (environment: string, component?: string, deployment?: string) => ({ environment, "managed-by": "semantest-iac", ...(component ? { component } : {}), ...(deployment ? { "deployment-id": deployment } : {}) });
const DEP_A = "01JD0000000000000000000AAA";
const DEP_B = "01JD0000000000000000000BBB";

const AWS_ITEMS: LineItem[] = [
  { tags: tags("production", "rest-api", DEP_A), amount: 10.5 },
  { tags: tags("production", "rest-api", DEP_B), amount: 1.25 },
  { tags: tags("production", "aws-platform", DEP_A), amount: 0.75 },
  { tags: tags("production"), amount: 0.5 }, // a resource without component / deployment tags
  { tags: tags("staging", "rest-api", DEP_A), amount: 100 }, // another stack
  { tags: { environment: "production", "managed-by": "someone-else", component: "rest-api" }, amount: 1000 },
];
const AZURE_ITEMS: LineItem[] = [
  { tags: tags("production", "websocket", DEP_A), amount: 40 },
  { tags: tags("production", "azure-platform", DEP_A), amount: 5.5 },
  { tags: tags("dev", "websocket", DEP_A), amount: 7 },
];
const ESTIMATE = {
  currency: "USD",
  monthly: { total: 300, byComponent: { "rest-api": 60, websocket: 120, "aws-platform": 0, "azure-platform": 120 }, byResource: {} },
  assumptions: [],
  prices: { source: [], asOf: "2026-11-30" },
} as CostEstimate;

describe("actual cost against the Cost Explorer and Cost Management recorders", () => {
  let ce: CostExplorerRecorder;
  let cm: CostManagementRecorder;
  let sources: BillingSources;
  beforeAll(async () => {
    ce = await startCostExplorerRecorder(AWS_ITEMS);
    cm = await startCostManagementRecorder(SUBSCRIPTION, AZURE_ITEMS);
    sources = {
      aws: () => new CostExplorerReader({ endpoint: ce.url, credentials: CREDENTIALS }),
      azure: (subscriptionId) => new CostManagementReader({ subscriptionId, credential, endpoint: cm.endpoint, ca: cm.ca }),
    };
  });
  afterAll(async () => {
    await ce.close();
    await cm.close();
  });
  beforeEach(() => {
    ce.state.items = AWS_ITEMS;
    ce.state.failWith = undefined;
    ce.calls.length = 0;
    cm.state.items = AZURE_ITEMS;
    cm.state.status = undefined;
    cm.state.columns = undefined;
    cm.calls.length = 0;
  });

  const production = (today = new Date("2026-11-15T12:00:00Z")) =>
    actualCost(sources, { stack: "production", environment: "production", clouds: { aws: true, azure: { subscriptionId: SUBSCRIPTION } }, today, estimate: ESTIMATE });

  it("month to date: the end is exclusive, never past the 1st of next month, and after the start", () => {
    expect(monthToDate(new Date("2026-11-15T23:59:59Z"))).toEqual({ from: "2026-11-01", to: "2026-11-16", days: 15, daysInMonth: 30 });
    expect(monthToDate(new Date("2026-12-01T00:00:00Z"))).toEqual({ from: "2026-12-01", to: "2026-12-02", days: 1, daysInMonth: 31 });
    expect(monthToDate(new Date("2026-12-31T10:00:00Z"))).toEqual({ from: "2026-12-01", to: "2027-01-01", days: 31, daysInMonth: 31 });
    expect(monthToDate(new Date("2028-02-29T10:00:00Z"))).toEqual({ from: "2028-02-01", to: "2028-03-01", days: 29, daysInMonth: 29 });
  });

  it("sums each cloud by component and by deployment, only this stack's tagged resources, next to the estimate for the days elapsed", async () => {
    const result = await production();
    expect(result.complete).toBe(true);
    expect(result.clouds.aws).toEqual({
      currency: "USD",
      total: 13,
      byComponent: { "(untagged)": 0.5, "aws-platform": 0.75, "rest-api": 11.75 },
      byDeployment: { "(untagged)": 0.5, [DEP_A]: 11.25, [DEP_B]: 1.25 },
      estimated: true,
      notes: [],
    });
    expect(result.clouds.azure).toEqual({ currency: "USD", total: 45.5, byComponent: { "azure-platform": 5.5, websocket: 40 }, byDeployment: { [DEP_A]: 45.5 }, estimated: false, notes: [] });
    // Day 15 of 30: half of each monthly estimate.
    expect(result.byComponent["rest-api"]).toEqual({ actual: 11.75, estimateMonthly: 60, estimateToDate: 30 });
    expect(result.byComponent.websocket).toEqual({ actual: 40, estimateMonthly: 120, estimateToDate: 60 });
    expect(result.total).toEqual({ actual: 58.5, estimateMonthly: 300, estimateToDate: 150 });
    expect(result.currency).toBe("USD");
  });

  it("asks Cost Explorer for UnblendedCost of the stack's tags, grouped by one tag, month to date, every page", async () => {
    await production();
    const asked = ce.calls.map((c) => JSON.parse(c.body));
    expect(asked[0]).toMatchObject({
      TimePeriod: { Start: "2026-11-01", End: "2026-11-16" },
      Granularity: "MONTHLY",
      Metrics: ["UnblendedCost"],
      Filter: { And: [{ Tags: { Key: "environment", Values: ["production"] } }, { Tags: { Key: "managed-by", Values: ["semantest-iac"] } }] },
    });
    expect(new Set(asked.map((a) => a.GroupBy[0].Key))).toEqual(new Set(["component", "deployment-id"]));
    expect(asked.filter((a) => a.NextPageToken).length).toBeGreaterThan(0);
    expect(ce.calls[0].headers["x-amz-target"]).toBe("AWSInsightsIndexService.GetCostAndUsage");
  });

  it("asks Cost Management for ActualCost at the subscription, filtered by both tags, grouped by TagKey, with a bearer token", async () => {
    await production();
    expect(cm.calls[0].path).toBe(`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.CostManagement/query`);
    expect(cm.calls[0].authorization).toMatch(/^Bearer /);
    expect(cm.calls[0].body).toMatchObject({
      type: "ActualCost",
      timeframe: "Custom",
      timePeriod: { from: "2026-11-01T00:00:00.000Z", to: "2026-11-15T23:59:59.000Z" },
      dataset: {
        granularity: "None",
        aggregation: { totalCost: { name: "Cost", function: "Sum" } },
        filter: { and: [{ tags: { name: "environment", operator: "In", values: ["production"] } }, { tags: { name: "managed-by", operator: "In", values: ["semantest-iac"] } }] },
      },
    });
  });

  it("a billing API that refuses (no Cost Explorer access, no Cost Management role) is that cloud's error; the other cloud's figures stay", async () => {
    ce.state.failWith = { status: 400, type: "AccessDeniedException", message: "User: arn:aws:iam::123456789012:user/ada is not authorized to perform: ce:GetCostAndUsage" };
    cm.state.status = 403;
    const result = await production();
    expect(result.complete).toBe(false);
    expect(result.clouds.aws).toEqual({ error: "AccessDeniedException: User: arn:aws:iam::123456789012:user/ada is not authorized to perform: ce:GetCostAndUsage" });
    expect(result.clouds.azure).toEqual({ error: expect.stringContaining("does not have authorization to perform action 'Microsoft.CostManagement/query/action'") });
    expect(result.total.actual).toBeNull();
    ce.state.failWith = undefined;
    const partly = await production();
    expect(partly.total.actual).toBe(13);
    expect(partly.notes).toContain("a cloud's billed cost could not be read: its figures are missing from the sums");
  });

  it("an answer without the columns it needs, or in two currencies, is named, not summed", async () => {
    cm.state.columns = [{ name: "PreTaxCost", type: "Number" }, { name: "ResourceGroup", type: "String" }, { name: "Currency", type: "String" }];
    expect((await production()).clouds.azure).toEqual({ error: 'the Cost Management answer has columns ["PreTaxCost","ResourceGroup","Currency"]; expected Cost, TagValue and Currency' });
    cm.state.columns = undefined;
    cm.state.items = AZURE_ITEMS.map((i) => ({ ...i, currency: "EUR" }));
    const result = await production();
    expect(result.currency).toBeNull();
    expect(result.byComponent.websocket.actual).toBeNull();
    expect(result.notes).toContain("the clouds bill in USD and EUR: no sum across clouds");
  });

  it("an Azure stack without a subscription id says how to set it", async () => {
    const result = await actualCost(sources, { stack: "staging", environment: "staging", clouds: { azure: {} }, today: new Date("2026-11-15T00:00:00Z") });
    expect(result.clouds.azure).toEqual({ error: "no subscription id: set azure-native:subscriptionId in the stack file, or AZURE_SUBSCRIPTION_ID / ARM_SUBSCRIPTION_ID" });
  });

  describe("status --cost through the CLI (in-process, fake engine, Cost Explorer recorder)", () => {
    let w: World;
    const saved = { ...process.env };
    beforeAll(() => Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret" }));
    afterAll(() => {
      for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) if (saved[key] === undefined) delete process.env[key];
    });
    beforeEach(() => {
      w = createWorld((eventsFile) => {
        const config = stackConfig(eventsFile, { "rest-api": { provider: "aws" }, websocket: { provider: "aws" } }, { "semantest:release": object({ id: ULID_A, artifacts: {} }) });
        return { stacks: { dev: { config, history: [update(1, `semantest-iac deploy ${ULID_A}`, config)], outputs: { restApiUrl: "https://a.example" } } } };
      });
      ce.state.items = [{ tags: tags("dev", "rest-api", ULID_A), amount: 0.12 }, { tags: tags("dev", "websocket", ULID_A), amount: 0.08 }];
    });
    afterEach(() => w.cleanup());
    const cli = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await run(argv, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) }, PROJECT_DIR, { ...process.env, NO_COLOR: "1", ...w.env, AWS_ENDPOINT_URL_COST_EXPLORER: ce.url });
      return { code, stdout: out.join("\n"), stderr: err.join("\n") };
    };

    it("--json carries the billed cost as `cost`; the tree's table renders the same result", async () => {
      const json = await cli(["status", "--env", "dev", "--cost", "--json"]);
      expect(json.code).toBe(0);
      const document = JSON.parse(json.stdout);
      expect(document.deployment.deploymentId).toBe(ULID_A);
      expect(document.cost.byComponent["rest-api"].actual).toBe(0.12);
      expect(document.cost.byComponent["rest-api"].estimateMonthly).toBeGreaterThan(0);
      expect(document.cost.tags).toEqual({ environment: "dev", "managed-by": "semantest-iac" });
      // The text view is this same result rendered (one offline evaluation saved: they are slow).
      const text = renderStatusCost(document.cost);
      expect(text).toMatch(/Cost this month \(\d{4}-\d{2}-01 to \d{4}-\d{2}-\d{2}, exclusive; day \d+ of \d+\)/);
      expect(text).toMatch(/^ {2}rest-api +\$0\.12 +\$\d+\.\d\d +\$0\.29$/m);
      expect(text).toMatch(/^ {2}total +\$0\.20 /m);
      expect(text).toContain(`aws: $0.20 (estimated by the provider); by deployment: ${ULID_A} $0.20`);
    });

    it("exits 1 when the billing API refuses, still printing the status and naming the error", async () => {
      ce.state.failWith = { status: 400, type: "DataUnavailableException", message: "Data is not available. Please try to adjust the time period." };
      const result = await cli(["status", "--env", "dev", "--cost"]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(ULID_A);
      expect(result.stdout).toContain("aws: not read: DataUnavailableException: Data is not available. Please try to adjust the time period.");
      ce.state.failWith = undefined;
    });

    it("the programmatic API's cost() is the same reading (day 15 of November here)", async () => {
      const result = await api.cost({ stack: "dev", today: new Date("2026-11-15T08:00:00Z") }, { env: { ...process.env, AWS_ENDPOINT_URL_COST_EXPLORER: ce.url } });
      expect(result).toMatchObject({ stack: "dev", environment: "dev", period: { from: "2026-11-01", to: "2026-11-16", days: 15, daysInMonth: 30 }, complete: true });
      expect(result.byComponent["rest-api"].actual).toBe(0.12);
      expect(result.byComponent["rest-api"].estimateToDate).toBeCloseTo((result.byComponent["rest-api"].estimateMonthly ?? 0) / 2, 6);
    });

    it("without --cost asks no billing API", async () => {
      ce.calls.length = 0;
      expect((await cli(["status", "--env", "dev"])).code).toBe(0);
      expect(ce.calls).toEqual([]);
    });
  });
});

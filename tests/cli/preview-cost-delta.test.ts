/**
 * `preview --offline --baseline <file>` reports the monthly cost change (costDelta in --json, the
 * "Monthly cost change" block in the tree), through the real CLI; a baseline from before cost
 * estimates (no `cost`) or with a malformed one still diffs the resources and says why there is no
 * cost change, never failing the preview.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../support/cli";

jest.setTimeout(120_000);

interface Change {
  baseline: number;
  current: number;
  delta: number;
}

describe("preview --offline --baseline: cost change", () => {
  let dir: string;
  let baselineFile: string;
  let baseline: { cost: { monthly: { total: number; byComponent: Record<string, number> } } } & Record<string, unknown>;
  const write = (name: string, document: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(document));
    return file;
  };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-cost-delta-"));
    const result = await runCli(["preview", "--env", "dev", "--offline", "--json"]);
    expect(result.code).toBe(0);
    baseline = JSON.parse(result.stdout);
    baselineFile = write("dev.json", baseline);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is zero for the same config against its own preview", async () => {
    const result = await runCli(["preview", "--env", "dev", "--offline", "--json", "--baseline", baselineFile]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.costDelta.total).toEqual({ baseline: baseline.cost.monthly.total, current: baseline.cost.monthly.total, delta: 0 });
    for (const change of Object.values(document.costDelta.byComponent) as Change[]) expect(change.delta).toBe(0);
    expect(document).not.toHaveProperty("costDeltaNote");
  });

  it("moving the WebSocket to Azure: the delta is current minus baseline, per component and in total, in JSON and tree", async () => {
    const args = ["preview", "--env", "dev", "--offline", "--component", "websocket", "--provider", "azure", "--baseline", baselineFile];
    const json = await runCli([...args, "--json"]);
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout);
    const total = document.costDelta.total as Change;
    expect(total.baseline).toBe(baseline.cost.monthly.total);
    expect(total.current).toBe(document.cost.monthly.total);
    expect(total.delta).toBeCloseTo(total.current - total.baseline, 6);
    expect(total.delta).toBeGreaterThan(0);
    // A component on one side only counts 0 on the other: the Azure platform is new here.
    expect(document.costDelta.byComponent["azure-platform"]).toMatchObject({ baseline: 0, current: document.cost.monthly.byComponent["azure-platform"] });

    const tree = await runCli(args);
    expect(tree.code).toBe(0);
    expect(tree.stdout).toContain("Monthly cost change (USD)");
    const usd = (n: number) => `$${n.toFixed(2)}`;
    expect(tree.stdout).toMatch(new RegExp(`^  total +\\${usd(total.baseline)} → +\\${usd(total.current)}  \\(\\+\\${usd(total.delta)}\\)$`, "m"));
  });

  it.each([
    ["without cost (made before cost estimates)", (b: Record<string, unknown>) => ({ ...b, cost: undefined }), "cost is missing"],
    ["with a malformed cost", (b: Record<string, unknown>) => ({ ...b, cost: { ...(b.cost as object), currency: "EUR" } }), "cost.currency"],
  ])("a baseline %s still diffs the resources and notes why there is no cost change", async (_what, edit, named) => {
    const file = write("old.json", edit(baseline));
    const json = await runCli(["preview", "--env", "dev", "--offline", "--json", "--baseline", file]);
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout);
    expect(document.costDelta).toBeNull();
    expect(document.costDeltaNote).toContain(named);
    expect(document.summary.same).toBe(document.resources.length);

    const tree = await runCli(["preview", "--env", "dev", "--offline", "--baseline", file]);
    expect(tree.code).toBe(0);
    expect(tree.stdout).toMatch(new RegExp(`^note: no monthly cost change: baseline preview: .*${named.replace(".", "\\.")}`, "m"));
    expect(tree.stdout).not.toContain("Monthly cost change");
    expect(tree.stdout).toMatch(/^Plan: \+0 to create/m);
  });
});

/** The estimate in the real offline preview: the production stack file, through the CLI. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../support/cli";

const PRODUCTION = fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.production.yaml"), "utf8");

describe("preview --offline prints the cost estimate", () => {
  it("JSON: a cost section whose components add up to the total, priced per declared resource; the tree has a line per component and the total", async () => {
    const json = await runCli(["preview", "--env", "production", "--offline", "--json"]);
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout);
    const cost = document.cost;
    expect(cost.currency).toBe("USD");
    expect(cost.prices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cost.prices.source).toEqual(expect.arrayContaining(["https://aws.amazon.com/lambda/pricing/", "https://azure.microsoft.com/pricing/details/web-pubsub/"]));
    const sum = Object.values(cost.monthly.byComponent as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(cost.monthly.total).toBeCloseTo(sum, 5);
    // Production: REST API on AWS (Lambda arm64 1024 MB), WebSocket on Azure (Flex + Standard_S1).
    expect(Object.keys(cost.monthly.byComponent).sort()).toEqual(["aws-platform", "azure-platform", "rest-api", "websocket"]);
    expect(cost.monthly.byResource["rest-api-function"].lines.map((l: { item: string }) => l.item)).toEqual(["requests", "duration (arm64)"]);
    expect(cost.monthly.byResource["websocket-pubsub"].lines[0]).toMatchObject({ item: "units", unitPrice: 1.61 });
    const names = new Set(document.resources.map((r: { name: string }) => r.name));
    for (const name of Object.keys(cost.monthly.byResource)) expect([name, names.has(name)]).toEqual([name, true]);

    const tree = await runCli(["preview", "--env", "production", "--offline"]);
    expect(tree.code).toBe(0);
    const block = tree.stdout.slice(tree.stdout.indexOf("Estimated monthly cost"));
    for (const [name, amount] of Object.entries(cost.monthly.byComponent as Record<string, number>)) {
      expect(block).toMatch(new RegExp(`\\n  ${name}\\s+\\$${amount.toFixed(2).replace(".", "\\.")}\\n`));
    }
    expect(block).toMatch(new RegExp(`\\n  total\\s+\\$${cost.monthly.total.toFixed(2).replace(".", "\\.")}\\n`));
  });

  it("reads semantest:traffic from the stack file, and refuses a bad figure naming it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-"));
    const file = path.join(dir, "traffic.yaml");
    fs.writeFileSync(file, `${PRODUCTION}  semantest:traffic:\n    rest-api:\n      requestsPerMonth: 0\n    websocket:\n      messagesPerMonth: -5\n`);
    const bad = await runCli(["preview", "--env", "production", "--offline", "--json", "--config", file]);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain("semantest:traffic.websocket.messagesPerMonth: -5 is negative; allowed: 0 to 1000000000000000");

    fs.writeFileSync(file, `${PRODUCTION}  semantest:traffic:\n    rest-api:\n      requestsPerMonth: 0\n`);
    const good = await runCli(["preview", "--env", "production", "--offline", "--json", "--config", file]);
    expect(good.code).toBe(0);
    const lambda = JSON.parse(good.stdout).cost.monthly.byResource["rest-api-function"];
    expect(lambda.monthly).toBe(0); // no requests: no Lambda charge
  });
});

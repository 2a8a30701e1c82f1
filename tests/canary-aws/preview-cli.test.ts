/**
 * What a user sees (issue 20, "done when"): `semantest-iac preview --offline` on a production stack
 * with both components on AWS, against a baseline without the release's traffic, shows what a
 * canary adds (the canary alarms, the alias weights); against the canary step, what a rollback
 * changes (one update: the aliases and the WebSocket close). The real CLI binary, offline.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { runCli } from "../support/cli";
import { allAwsConfig, traffic } from "./fixtures";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "canary-aws-preview-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A `Pulumi.production.yaml` in its own folder (the file name gives the stack). */
function stackFile(name: string, releaseTraffic?: unknown): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "Pulumi.production.yaml");
  fs.writeFileSync(file, stringify({ config: allAwsConfig(releaseTraffic) }));
  return file;
}

async function previewJson(file: string): Promise<string> {
  const result = await runCli(["preview", "--config", file, "--offline", "--json"]);
  expect(result.code).toBe(0);
  const out = path.join(path.dirname(file), "preview.json");
  fs.writeFileSync(out, result.stdout);
  return out;
}

interface Change {
  readonly name: string;
  readonly type: string;
  readonly op: string;
  readonly keys?: string[];
}

describe("preview --offline of a canary on AWS", () => {
  let allAtOnce: string;
  let step: string;
  beforeAll(async () => {
    allAtOnce = await previewJson(stackFile("all-at-once"));
    step = await previewJson(stackFile("step", traffic(0.1)));
  }, 180_000);

  it("shows the resources a canary step adds and the alias weights it sets, with no policy violation", async () => {
    const result = await runCli(["preview", "--config", stackFile("step-tree", traffic(0.1)), "--offline", "--baseline", allAtOnce]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\+ aws:cloudwatch\/metricAlarm:MetricAlarm {2}rest-api-canary-errors/);
    expect(result.stdout).toMatch(/\+ aws:cloudwatch\/metricAlarm:MetricAlarm {2}websocket-canary-errors/);
    expect(result.stdout).toMatch(/~ aws:lambda\/alias:Alias {2}rest-api-live.*functionVersion.*routingConfig/);
    expect(result.stdout).toContain('liveVersions: {"rest-api":"7","websocket":"7"}');
    expect(result.stdout).toMatch(/releaseAlarms: \{"aws":\["rest-api-canary-errors-[0-9a-f]{7}","websocket-canary-errors-[0-9a-f]{7}"\]\}/);
    expect(result.stdout).toContain("Policies: no violations");
  }, 120_000);

  it("measures a rollback from the canary step as one update of at most 2 resources per component", async () => {
    const result = await runCli(["preview", "--config", stackFile("rollback", traffic(0)), "--offline", "--baseline", step, "--json"]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { changes: Change[]; summary: Record<string, number> };
    const changed = doc.changes.filter((c) => c.op !== "same").map((c) => `${c.op} ${c.name}`).sort();
    expect(changed).toEqual(["create websocket-close-canary", "update rest-api-live", "update websocket-live"]);
    expect(doc.summary).toMatchObject({ create: 1, update: 2, replace: 0, delete: 0 });
  }, 120_000);
});

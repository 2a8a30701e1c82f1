/**
 * The program under Pulumi's mocks with `semantest:release.traffic` (issue 20, AWS): the `live`
 * alias splits between the previous and the new version, the canary alarms gate the shift, the
 * stack outputs carry what the CLI reads back, and a rollback (`weight: 0`) is one update of at
 * most two resources per component.
 */
import { rollbackFootprint } from "../../application/release/footprint";
import { runPolicies } from "../../policy/offline";
import { runProgram, type Run } from "../support/pulumi-harness";
import { allAwsConfig, MOCK_PUBLISHED_VERSION, PREVIOUS_VERSION, traffic } from "./fixtures";

const ALIAS = "aws:lambda/alias:Alias";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("a canary step on AWS (weight 0.1)", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram("production", allAwsConfig(traffic(0.1)));
  }, 120_000);

  it.each(["rest-api", "websocket"])("keeps %s's live alias on the previous version and sends 10% to the new one", (name) => {
    const alias = run.get(ALIAS, `${name}-live`).inputs;
    expect(alias.functionVersion).toBe(PREVIOUS_VERSION);
    expect(alias.routingConfig).toEqual({ additionalVersionWeights: { [MOCK_PUBLISHED_VERSION]: 0.1 } });
  });

  it("declares one canary alarm per component on the new version's errors behind the alias", () => {
    for (const name of ["rest-api", "websocket"]) {
      const alarm = run.get(ALARM, `${name}-canary-errors`).inputs;
      const dimensions = alarm.dimensions as Record<string, string>;
      expect(alarm).toMatchObject({ namespace: "AWS/Lambda", metricName: "Errors", statistic: "Sum", period: 60, threshold: 1, treatMissingData: "notBreaching" });
      expect(dimensions.ExecutedVersion).toBe(MOCK_PUBLISHED_VERSION);
      expect(dimensions.Resource).toBe(`${dimensions.FunctionName}:live`);
      expect(alarm.alarmActions).toBeUndefined(); // gates poll; the standing alarms page people
    }
  });

  it("exports liveVersions (the stable share) and releaseAlarms.aws (the canary alarms' names)", () => {
    expect(run.outputs.liveVersions).toEqual({ "rest-api": PREVIOUS_VERSION, websocket: PREVIOUS_VERSION });
    const names = (run.outputs.releaseAlarms as { aws: string[] }).aws;
    expect(names).toHaveLength(2);
    expect(names.map((n) => n.replace(/-[0-9a-f]{7}$/, "")).sort()).toEqual(["rest-api-canary-errors", "websocket-canary-errors"]);
  });

  it("lets the WebSocket function invoke its own published versions only (the pinning forwarder)", () => {
    const doc = JSON.parse(run.get("aws:iam/rolePolicy:RolePolicy", "websocket-forward").inputs.policy as string);
    expect(doc.Statement).toEqual([{ Sid: "ForwardToOwnVersions", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: expect.stringMatching(/^arn:aws:lambda:us-east-1:\d{12}:function:websocket-function(-[0-9a-f]{7})?:\*$/) }]);
  });

  it("closes no connection while shifting forward", () => {
    expect(run.all("aws:lambda/invocation:Invocation")).toHaveLength(0);
  });

  it("passes the pack's alias rule as declared, and trips it when the split breaks a Lambda rule", async () => {
    const mandatory = { environment: "production" as const, config: { all: "mandatory" as const } };
    const aliasViolations = async (resources: typeof run.resources) =>
      (await runPolicies(resources, mandatory)).filter((v) => v.policy === "lambda-alias-routing-valid").map((v) => v.message.replace(/ \(urn:[^)]*\)/, ""));
    expect(await aliasViolations(run.resources)).toEqual([]);
    const broken = run.resources.map((r) =>
      r.name === "rest-api-live" ? { ...r, inputs: { ...r.inputs, functionVersion: "$LATEST", routingConfig: { additionalVersionWeights: { "1": 1, "2": 0.5 } } } } : r,
    );
    expect(await aliasViolations(broken)).toEqual([
      "Lambda alias 'rest-api-live': routingConfig.additionalVersionWeights has 2 versions; allowed: at most 1 (an alias points at two versions at most)",
      'Lambda alias \'rest-api-live\': functionVersion "$LATEST" is not a published version; a weighted alias cannot point at $LATEST',
      "Lambda alias 'rest-api-live': the weight of version 1 is 1; allowed: a number between 0 and 1, both excluded",
    ]);
  });
});

describe("no release traffic (all-at-once)", () => {
  it("points the alias at the new version, with no routing, no canary alarm and liveVersions = the new version", async () => {
    const run = await runProgram("production", allAwsConfig());
    const alias = run.get(ALIAS, "rest-api-live").inputs;
    expect(alias.functionVersion).toBe(MOCK_PUBLISHED_VERSION);
    expect(alias.routingConfig).toBeUndefined();
    expect(run.all(ALARM).filter((a) => a.name.includes("canary"))).toHaveLength(0);
    expect(run.outputs.liveVersions).toEqual({ "rest-api": MOCK_PUBLISHED_VERSION, websocket: MOCK_PUBLISHED_VERSION });
    expect(run.outputs.releaseAlarms).toEqual({});
  }, 120_000);
});

describe("rollback during a canary (weight 0.1 -> 0)", () => {
  let step: Run;
  let rollback: Run;
  beforeAll(async () => {
    step = await runProgram("production", allAwsConfig(traffic(0.1)));
    rollback = await runProgram("production", allAwsConfig(traffic(0)));
  }, 240_000);

  it("puts every alias back on the previous version alone", () => {
    for (const name of ["rest-api", "websocket"]) {
      const alias = rollback.get(ALIAS, `${name}-live`).inputs;
      expect(alias.functionVersion).toBe(PREVIOUS_VERSION);
      expect(alias.routingConfig).toBeUndefined();
    }
  });

  it("closes the canary's WebSocket connections once, on the canary version, after the alias moved", () => {
    const invocation = rollback.get("aws:lambda/invocation:Invocation", "websocket-close-canary");
    expect(invocation.inputs.qualifier).toBe(MOCK_PUBLISHED_VERSION);
    const command = JSON.parse(invocation.inputs.input as string);
    expect(command.semantestRelease).toMatchObject({ action: "close-version", version: MOCK_PUBLISHED_VERSION, keep: PREVIOUS_VERSION });
    expect(command.semantestRelease.endpoint).toMatch(/^https:\/\/[a-z0-9]+\.execute-api\.us-east-1\.amazonaws\.com\/production$/);
    expect(invocation.dependencies).toContain(rollback.get(ALIAS, "websocket-live").urn);
  });

  it("is one update changing at most 2 resources per component (the alias, and the WebSocket close)", () => {
    const footprint = rollbackFootprint(step.resources, rollback.resources);
    const byComponent = Object.fromEntries(footprint.map((f) => [f.component, f.changes.map((c) => `${c.change} ${c.name}`).sort()]));
    expect(byComponent["rest-api"]).toEqual(["update rest-api-live"]);
    expect(byComponent.websocket).toEqual(["create websocket-close-canary", "update websocket-live"]);
    for (const f of footprint) expect(f.changes.length).toBeLessThanOrEqual(2);
  });
});

describe("traffic the alias cannot take", () => {
  it("refuses a split without the previous version, naming the field and the output to copy", async () => {
    await expect(runProgram("production", allAwsConfig(traffic(0.5, { websocket: PREVIOUS_VERSION })))).rejects.toThrow(
      /semantest:release\.traffic\.previous\.versions\.rest-api: missing; a weight of 0\.5 on AWS needs .*liveVersions\.rest-api/,
    );
  }, 120_000);

  it("refuses $LATEST as the previous version", async () => {
    await expect(runProgram("production", allAwsConfig(traffic(0.5, { "rest-api": "$LATEST", websocket: "3" })))).rejects.toThrow(/"\$LATEST" is not a published Lambda version/);
  }, 120_000);
});

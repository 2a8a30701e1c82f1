import { dynamodbPointInTimeRecovery } from "../../policy/aws/dynamodb";
import { productionAlarms } from "../../policy/reliability/alarms";
import { lambdaLogGroupDeclared, logRetention } from "../../policy/reliability/log-retention";
import { lambdaTimeoutWithinIntegration } from "../../policy/reliability/timeouts";
import { check, fake, messages } from "./support";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

describe("log-retention-set", () => {
  const policy = logRetention();
  const group = (stack: string, retentionInDays?: number) => fake(LOG_GROUP, "rest-api-logs", retentionInDays === undefined ? {} : { retentionInDays }, { stack });

  it("accepts 365 days in production and 7 elsewhere", async () => {
    expect(await check(policy, [group("production", 365), group("dev", 7), group("staging", 30)])).toEqual([]);
  });
  it("refuses too short a retention, per environment", async () => {
    expect(messages(await check(policy, [group("production", 30)]))).toEqual([
      expect.stringMatching(/CloudWatch log group 'rest-api-logs' \(urn:pulumi:production::.*\) keeps logs 30 days; production needs at least 365/),
    ]);
    expect(await check(policy, [group("dev", 3)])).toHaveLength(1);
  });
  it("refuses a log group without retention (kept forever), but not an App Insights component that follows its workspace", async () => {
    expect(messages(await check(policy, [group("dev")]))[0]).toContain("sets no retentionInDays; dev needs at least 7");
    expect(await check(policy, [fake("azure-native:insights:Component", "insights", { kind: "web" })])).toEqual([]);
    expect(await check(policy, [fake("azure-native:operationalinsights:Workspace", "logs", {}, { stack: "production" })])).toHaveLength(1);
  });
  it("takes its minimums and the environment from config", async () => {
    expect(await check(policy, [group("production", 90)], { config: { "log-retention-set": { productionMinimumDays: 90 } } })).toEqual([]);
    expect(await check(policy, [group("dev", 30)], { config: { "log-retention-set": { minimumDays: 60 } } })).toHaveLength(1);
    // A stack not named after its environment: the config (or the offline runner) says which it is.
    expect(await check(policy, [group("prod-eu", 30)], { environment: "staging" })).toEqual([]);
    expect(await check(policy, [group("prod-eu", 30)])).toHaveLength(1); // unknown stack name -> production rules
  });
});

describe("production-alarms", () => {
  const policy = productionAlarms();
  const stackOf = (stack: string, withAlarm: boolean) => {
    const api = fake("aws:apigatewayv2/api:Api", "rest-api-api", { protocolType: "HTTP" }, { stack });
    const fn = fake("aws:lambda/function:Function", "rest-api-function", { runtime: "nodejs22.x", name: "rest-api-fn" }, { stack });
    const alarm = fake("aws:cloudwatch/metricAlarm:MetricAlarm", "rest-api-errors", { metricName: "Errors", namespace: "AWS/Lambda", dimensions: { FunctionName: "rest-api-fn" } }, { stack });
    return withAlarm ? [api, fn, alarm] : [api, fn];
  };

  it("accepts a production function watched by an alarm (by dimension or by dependency)", async () => {
    expect(await check(policy, stackOf("production", true))).toEqual([]);
    const [api, fn] = stackOf("production", false);
    const byDependency = fake("aws:cloudwatch/metricAlarm:MetricAlarm", "x", { metricName: "Throttles" }, { stack: "production", dependsOn: [fn!] });
    expect(await check(policy, [api!, fn!, byDependency])).toEqual([]);
  });
  it("refuses a production API function without alarms, reported at the function", async () => {
    const found = await check(policy, stackOf("production", false));
    expect(found).toHaveLength(1);
    expect(found[0]!.urn).toBe(stackOf("production", false)[1]!.urn);
    expect(found[0]!.message).toMatch(/Lambda function 'rest-api-function'.*no CloudWatch alarm/);
  });
  it("does not apply without an API or outside production", async () => {
    expect(await check(policy, stackOf("dev", false))).toEqual([]);
    expect(await check(policy, [stackOf("production", false)[1]!])).toEqual([]);
  });
  it("extends to staging by config", async () => {
    expect(await check(policy, stackOf("staging", false), { config: { "production-alarms": { environments: ["staging", "production"] } } })).toHaveLength(1);
  });
});

describe("dynamodb-point-in-time-recovery", () => {
  const policy = dynamodbPointInTimeRecovery();
  const table = (stack: string, pitr?: boolean) => fake("aws:dynamodb/table:Table", "websocket-connections", pitr === undefined ? {} : { pointInTimeRecovery: { enabled: pitr } }, { stack });
  it("accepts PITR in production and its absence in dev", async () => {
    expect(await check(policy, [table("production", true), table("dev")])).toEqual([]);
  });
  it("refuses production tables without PITR (false or missing)", async () => {
    expect(messages(await check(policy, [table("production", false), table("production")]))).toEqual([
      expect.stringMatching(/DynamoDB table 'websocket-connections'.*no point-in-time recovery in production/),
      expect.any(String),
    ]);
  });
  it("extends to staging by config", async () => {
    expect(await check(policy, [table("staging")], { config: { "dynamodb-point-in-time-recovery": { environments: ["staging"] } } })).toHaveLength(1);
  });
});

describe("lambda-timeout-within-integration-timeout", () => {
  const policy = lambdaTimeoutWithinIntegration();
  const wire = (protocolType: string, timeout: number | undefined, integrationTimeout?: number) => {
    const api = fake("aws:apigatewayv2/api:Api", "api", { protocolType });
    const fn = fake("aws:lambda/function:Function", "fn", timeout === undefined ? {} : { timeout });
    const integration = fake("aws:apigatewayv2/integration:Integration", "integration", { integrationType: "AWS_PROXY", ...(integrationTimeout ? { timeoutMilliseconds: integrationTimeout } : {}) }, { dependsOn: [api, fn] });
    return [api, fn, integration];
  };
  it("accepts 29 s behind HTTP (30 s) and WebSocket (29 s), and the 3 s default", async () => {
    expect(await check(policy, wire("HTTP", 29))).toEqual([]);
    expect(await check(policy, wire("WEBSOCKET", 29))).toEqual([]);
    expect(await check(policy, wire("WEBSOCKET", undefined))).toEqual([]);
  });
  it("refuses a Lambda outliving its integration", async () => {
    expect(messages(await check(policy, wire("WEBSOCKET", 30)))[0]).toMatch(/Lambda function 'fn'.*after 30 s but its WEBSOCKET integration 'integration'.*after 29 s/);
    expect(await check(policy, wire("HTTP", 60))).toHaveLength(1);
  });
  it("uses the integration's own timeoutMilliseconds, and follows an alias to its function", async () => {
    expect(await check(policy, wire("HTTP", 10, 5000))).toHaveLength(1);
    const fn = fake("aws:lambda/function:Function", "fn", { timeout: 60 });
    const alias = fake("aws:lambda/alias:Alias", "live", { functionName: "fn" }, { dependsOn: [fn] });
    const integration = fake("aws:apigatewayv2/integration:Integration", "integration", {}, { dependsOn: [alias] });
    expect(await check(policy, [fn, alias, integration])).toHaveLength(1);
  });
  it("is advisory by config", async () => {
    expect((await check(policy, wire("HTTP", 60), { config: { all: "advisory" } }))[0]!.level).toBe("advisory");
  });
});

describe("lambda-log-group-declared", () => {
  const policy = lambdaLogGroupDeclared();
  const group = fake(LOG_GROUP, "rest-api-logs", { retentionInDays: 7 });
  it("accepts loggingConfig pointing at a declared group, or a declared /aws/lambda/<name>", async () => {
    const viaConfig = fake("aws:lambda/function:Function", "fn", { loggingConfig: { logFormat: "JSON", logGroup: "rest-api-logs-1a5fe35" } }, { dependsOn: [group] });
    const byName = fake("aws:lambda/function:Function", "named", { name: "semantest-rest" });
    const namedGroup = fake(LOG_GROUP, "named-logs", { name: "/aws/lambda/semantest-rest", retentionInDays: 7 });
    expect(await check(policy, [group, viaConfig, byName, namedGroup])).toEqual([]);
  });
  it("refuses a function logging to a group the stack does not declare, or to Lambda's own", async () => {
    const stray = fake("aws:lambda/function:Function", "fn", { loggingConfig: { logGroup: "someone-elses" } });
    const bare = fake("aws:lambda/function:Function", "bare", {});
    expect(messages(await check(policy, [stray, bare]))).toEqual([
      expect.stringMatching(/Lambda function 'fn'.*logs to 'someone-elses', which the stack does not declare/),
      expect.stringMatching(/'bare'.*Lambda creates itself, with no retention/),
    ]);
  });
  it("is advisory by config", async () => {
    expect((await check(policy, [fake("aws:lambda/function:Function", "bare", {})], { config: { all: "advisory" } }))[0]!.level).toBe("advisory");
  });
});

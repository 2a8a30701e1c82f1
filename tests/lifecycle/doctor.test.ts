/**
 * The doctor use case (application/doctor) over the real adapters pointed at the local recorders:
 * each check passes, fails with its fix, or is skipped when the stack does not need it.
 */
import { AwsSdkAccountProbe, AzureSdkAccountProbe } from "../../adapters/account";
import { compareVersions, DeclaredResource, PulumiCliProbe, runDoctor, StackNeeds, stackNeeds } from "../../application/doctor";
import { DeploymentConfiguration } from "../../domain";
import { AwsRecorder, DEFAULT_WORLD, startAwsRecorder } from "./recorders/aws-recorder";
import { AZURE_WORLD, AzureRecorder, credential, startAzureRecorder } from "./recorders/azure-recorder";

const pulumi = (version: string | undefined, loggedIn = true): PulumiCliProbe => ({
  version: async () => version,
  whoami: async () => {
    if (!loggedIn) throw new Error("PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions");
    return { user: "ada", url: "https://app.pulumi.com/ada" };
  },
});

const configuration = (components: Record<string, unknown>, environment = "production") => {
  const parsed = DeploymentConfiguration.parse({ project: "semantest-infrastructure", stack: environment, values: { "semantest:environment": environment, "semantest:components": components, "aws:region": "us-east-1", "azure-native:location": "westeurope" } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
};
const WS_STAGE: DeclaredResource[] = [
  { type: "aws:apigatewayv2/api:Api", inputs: { protocolType: "WEBSOCKET" } },
  { type: "aws:apigatewayv2/stage:Stage", inputs: { accessLogSettings: { destinationArn: "arn" } } },
];

describe("stackNeeds", () => {
  it("asks AWS only for what the declared resources need", () => {
    const needs = stackNeeds(configuration({ "rest-api": { provider: "aws" }, websocket: { provider: "aws" } }), [
      ...WS_STAGE,
      { type: "awsx:ec2:Vpc", inputs: { numberOfAvailabilityZones: 3, natGateways: { strategy: "OnePerAz" } } },
      { type: "awsx:ec2:Vpc", inputs: { natGateways: { strategy: "Single" } } },
      { type: "aws:lambda/function:Function", inputs: { reservedConcurrentExecutions: 50 } },
      { type: "aws:lambda/function:Function", inputs: { reservedConcurrentExecutions: -1 } },
    ]);
    expect(needs.aws).toMatchObject({ region: "us-east-1", webSocketAccessLogs: true, managesCloudWatchRole: false, elasticIps: 4, reservedConcurrency: 50 });
    expect(needs.azure).toBeUndefined();
  });

  it("asks Azure for the providers, Flex Consumption, and Web PubSub only with the WebSocket there", () => {
    const rest = stackNeeds(configuration({ "rest-api": { provider: "azure" } }), []);
    expect(rest.azure).toMatchObject({ location: "westeurope", flexConsumption: true, webPubSub: false });
    expect(rest.azure?.providers).toContain("Microsoft.App");
    expect(stackNeeds(configuration({ websocket: { provider: "azure" } }), []).azure?.webPubSub).toBe(true);
  });
});

describe("compareVersions", () => {
  it.each([
    ["v3.200.0", "3.182.0", 1],
    ["v3.182.0", "3.182.0", 0],
    ["3.181.9", "3.182.0", -1],
    ["v3.182.1-alpha.x", "3.182.0", 1],
    ["v4", "3.182.0", 1],
  ])("%s vs %s", (a, b, expected) => expect(compareVersions(a, b)).toBe(expected));
});

describe("runDoctor over the SDK adapters and the recorders", () => {
  let aws: AwsRecorder;
  let azure: AzureRecorder;
  beforeAll(async () => {
    aws = await startAwsRecorder();
    azure = await startAzureRecorder();
  });
  afterAll(async () => {
    await aws.close();
    await azure.close();
  });
  beforeEach(() => {
    aws.world = structuredClone(DEFAULT_WORLD);
    aws.calls.length = 0;
    azure.world = structuredClone(AZURE_WORLD);
  });
  const probes = (version: string | null = "v3.200.0", loggedIn = true) => ({
    pulumi: pulumi(version ?? undefined, loggedIn),
    aws: () => new AwsSdkAccountProbe({ region: "us-east-1", endpoint: aws.endpoint, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } }),
    azure: () => new AzureSdkAccountProbe({ subscriptionId: azure.world.subscriptionId, credential, endpoint: azure.endpoint, ca: azure.ca }),
  });
  const status = (report: Awaited<ReturnType<typeof runDoctor>>) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
  const allAws = (declared = WS_STAGE) => stackNeeds(configuration({ "rest-api": { provider: "aws" }, websocket: { provider: "aws" } }), declared);

  it("fails the WebSocket's access logs without API Gateway's CloudWatch role, naming the fix", async () => {
    const report = await runDoctor(allAws(), probes());
    expect(report.ok).toBe(false);
    const check = report.checks.find((c) => c.id === "aws-apigateway-cloudwatch-role")!;
    expect(check).toMatchObject({ status: "fail", detail: expect.stringContaining("not set in us-east-1") });
    expect(check.fix).toContain("aws apigateway update-account --region us-east-1");
    // Nothing in this stack needs Elastic IPs or reserved concurrency: not asked.
    // (The cost allocation tag check asks Cost Explorer; this recorder does not know it: INFO, never a failure.)
    expect(aws.calls.map((c) => c.operation)).toEqual(["GetCallerIdentity", "GetAccount", "POST / AWSInsightsIndexService.ListCostAllocationTags"]);
    expect(status(report)).toMatchObject({ "pulumi-version": "pass", "pulumi-login": "pass", "aws-credentials": "pass", "aws-elastic-ip-quota": "skip", "aws-lambda-concurrency": "skip", azure: "skip" });
  });

  it("passes with the role set, and reports it as managed when the program declares the account setting", async () => {
    aws.world = { ...aws.world, cloudwatchRoleArn: "arn:aws:iam::123456789012:role/apigw" };
    const set = await runDoctor(allAws(), probes());
    expect([set.ok, status(set)["aws-apigateway-cloudwatch-role"]]).toEqual([true, "pass"]);
    aws.world = { ...aws.world, cloudwatchRoleArn: undefined };
    const managed = await runDoctor(allAws([...WS_STAGE, { type: "aws:apigateway/account:Account", inputs: {} }]), probes());
    expect([managed.ok, status(managed)["aws-apigateway-cloudwatch-role"]]).toEqual([true, "info"]);
  });

  it("fails when the NAT gateways need more Elastic IPs than the quota leaves, counting the stack's own as reusable", async () => {
    aws.world = { ...aws.world, cloudwatchRoleArn: "arn:r", addresses: [1, 2, 3, 4].map((i) => ({ publicIp: `203.0.113.${i}`, tags: i === 4 ? { environment: "production", "managed-by": "semantest-iac" } : ({} as Record<string, string>) })) };
    const vpcs = [{ type: "awsx:ec2:Vpc", inputs: { numberOfAvailabilityZones: 3, natGateways: { strategy: "OnePerAz" } } }];
    const report = await runDoctor(allAws([...WS_STAGE, ...vpcs]), probes());
    const check = report.checks.find((c) => c.id === "aws-elastic-ip-quota")!;
    expect(check).toMatchObject({ status: "fail", detail: "3 needed, 3 used by others, quota 5 (L-0263D0A3) in us-east-1" });
    expect(check.fix).toContain("--quota-code L-0263D0A3 --desired-value 6");
    aws.world = { ...aws.world, elasticIpQuota: 10 };
    expect(status(await runDoctor(allAws([...WS_STAGE, ...vpcs]), probes()))["aws-elastic-ip-quota"]).toBe("pass");
  });

  it("fails reserved concurrency that would leave fewer than 100 unreserved", async () => {
    aws.world = { ...aws.world, cloudwatchRoleArn: "arn:r", lambda: { limit: 10, unreserved: 10 } };
    const reserved = [...WS_STAGE, { type: "aws:lambda/function:Function", inputs: { reservedConcurrentExecutions: 5 } }];
    expect(status(await runDoctor(allAws(reserved), probes()))["aws-lambda-concurrency"]).toBe("fail");
    aws.world = { ...aws.world, lambda: { limit: 1000, unreserved: 1000 } };
    expect(status(await runDoctor(allAws(reserved), probes()))["aws-lambda-concurrency"]).toBe("pass");
  });

  it("fails without AWS credentials and skips what needs them", async () => {
    aws.world = { ...aws.world, identity: undefined };
    const report = await runDoctor(allAws(), probes());
    expect(report.checks.find((c) => c.id === "aws-credentials")).toMatchObject({ status: "fail", detail: expect.stringContaining("InvalidClientTokenId") });
    expect(status(report)["aws-account"]).toBe("skip");
  });

  it("checks the Pulumi CLI version and login", async () => {
    const needs: StackNeeds = { stack: "dev", environment: "dev" };
    expect(status(await runDoctor(needs, probes(null)))).toMatchObject({ "pulumi-version": "fail", "pulumi-login": "skip" });
    const old = await runDoctor(needs, probes("v3.150.0"));
    expect(old.checks[0]).toMatchObject({ status: "fail", detail: "v3.150.0 is older than 3.182.0 (the resource hooks the deployment events use)" });
    expect(status(await runDoctor(needs, probes("v3.200.0", false)))["pulumi-login"]).toBe("fail");
    const ok = await runDoctor(needs, probes());
    expect([ok.ok, ok.summary]).toEqual([true, { pass: 2, fail: 0, skip: 2, info: 0 }]);
  });

  it("on Azure: fails unregistered providers (Microsoft.App) and a Contributor without role-assignment rights", async () => {
    const needs = stackNeeds(configuration({ "rest-api": { provider: "azure" }, websocket: { provider: "azure" } }), []);
    const report = await runDoctor(needs, probes());
    expect(status(report)).toMatchObject({
      "azure-credentials": "pass",
      "azure-provider-Microsoft.Web": "pass",
      "azure-provider-Microsoft.App": "fail",
      "azure-provider-Microsoft.OperationalInsights": "fail",
      "azure-operator-roles": "fail",
      "azure-flex-consumption-region": "pass",
      "azure-web-pubsub-region": "pass",
      aws: "skip",
    });
    expect(report.checks.find((c) => c.id === "azure-provider-Microsoft.App")!.fix).toBe("az provider register --namespace Microsoft.App --wait (needs */register/action: Contributor or Owner)");
  });

  it("on Azure: passes with every provider registered and Owner, and fails a region without Flex Consumption", async () => {
    azure.world = {
      ...azure.world,
      registrations: Object.fromEntries(Object.keys(azure.world.registrations).map((ns) => [ns, "Registered"])),
      roles: { "0a0a0a0a-0000-4000-8000-00000000ada0": ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635"] },
    };
    const needs = stackNeeds(configuration({ websocket: { provider: "azure" } }), []);
    const report = await runDoctor(needs, probes());
    expect([report.ok, report.summary.fail]).toEqual([true, 0]);
    azure.world = { ...azure.world, flexRegions: ["East US"] };
    const moved = await runDoctor(needs, probes());
    expect(moved.checks.find((c) => c.id === "azure-flex-consumption-region")).toMatchObject({ status: "fail", fix: "set azure-native:location to one of: East US" });
  });
});

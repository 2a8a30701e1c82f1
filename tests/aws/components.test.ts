import { runProgram, type Run } from "../support/pulumi-harness";
import type { RecordedResource } from "../../adapters/engine/offline/evaluate";

interface Doc {
  Statement: { Sid: string; Effect: string; Action: string | string[]; Resource?: string | string[] }[];
}
const policyOf = (r: RecordedResource): Doc => JSON.parse(r.inputs.policy as string) as Doc;
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const names = (run: Run, parent: RecordedResource) => run.childrenOf(parent).map((r) => `${r.type} ${r.name}`).sort();

/** Both components on AWS, production sizes, private networking for the REST API. */
const PRODUCTION_ON_AWS = {
  "aws:region": "us-east-1",
  "semantest:environment": "production",
  "semantest:components": {
    "rest-api": { provider: "aws", vpc: true, cors: { allowOrigins: ["https://semantest.com", "chrome-extension://*"] } },
    websocket: { provider: "aws" },
  },
};

const FUNCTION_SET = (name: string) => [
  `aws:cloudwatch/logGroup:LogGroup ${name}-access-logs`,
  `aws:cloudwatch/logGroup:LogGroup ${name}-logs`,
  `aws:iam/role:Role ${name}-role`,
  `aws:iam/rolePolicy:RolePolicy ${name}-role-policy`,
  `aws:lambda/alias:Alias ${name}-live`,
  `aws:lambda/function:Function ${name}-function`,
  `aws:lambda/permission:Permission ${name}-invoke`,
  `aws:s3/bucketObject:BucketObject ${name}-artifact`,
  `aws:apigatewayv2/api:Api ${name}-api`,
  `aws:apigatewayv2/integration:Integration ${name}-integration`,
  `aws:apigatewayv2/stage:Stage ${name}-stage`,
];

describe("AWS components in the dev stack", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram("dev");
  });

  it("declares exactly the REST API's resources, no alarms and no VPC", () => {
    expect(names(run, run.get("semantest:components:RestApi", "rest-api"))).toEqual(
      [...FUNCTION_SET("rest-api"), "aws:apigatewayv2/route:Route rest-api-default-route"].sort(),
    );
  });

  it("declares exactly the WebSocket server's resources", () => {
    expect(names(run, run.get("semantest:components:WebSocket", "websocket"))).toEqual(
      [
        ...FUNCTION_SET("websocket"),
        "aws:apigatewayv2/deployment:Deployment websocket-deployment",
        "aws:apigatewayv2/route:Route websocket-route-connect",
        "aws:apigatewayv2/route:Route websocket-route-default",
        "aws:apigatewayv2/route:Route websocket-route-disconnect",
        "aws:dynamodb/table:Table websocket-connections",
        "aws:iam/rolePolicy:RolePolicy websocket-forward",
      ].sort(),
    );
  });

  it("keeps the artifact bucket private, encrypted and TLS-only, without versioning in dev", () => {
    const platform = run.get("semantest:aws:Platform", "aws-platform");
    expect(names(run, platform)).toEqual([
      "aws:apigateway/account:Account aws-platform-apigateway-settings",
      "aws:iam/role:Role aws-platform-apigateway-cloudwatch-role",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment aws-platform-apigateway-cloudwatch-policy",
      "aws:s3/bucket:Bucket aws-platform-artifacts",
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls aws-platform-artifacts-ownership",
      "aws:s3/bucketPolicy:BucketPolicy aws-platform-artifacts-tls-only",
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock aws-platform-artifacts-public-access",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration aws-platform-artifacts-encryption",
    ]);
    expect(run.get("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws-platform-artifacts-public-access").inputs).toMatchObject({
      blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    const deny = policyOf(run.get("aws:s3/bucketPolicy:BucketPolicy", "aws-platform-artifacts-tls-only")).Statement[0];
    expect(deny).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
  });

  it("uploads each artifact under its digest and keeps it on delete, and points the function at it", () => {
    for (const name of ["rest-api", "websocket"]) {
      const object = run.get("aws:s3/bucketObject:BucketObject", `${name}-artifact`);
      expect(object.inputs.key).toMatch(new RegExp(`^artifacts/${name}/[0-9a-f]{64}\\.zip$`));
      expect(object.options.retainOnDelete).toBe(true);
      const fn = run.get("aws:lambda/function:Function", `${name}-function`);
      expect(fn.inputs.s3Key).toBe(object.inputs.key);
      const hex = (object.inputs.key as string).split("/")[2].replace(".zip", "");
      expect(fn.inputs.sourceCodeHash).toBe(Buffer.from(hex, "hex").toString("base64"));
    }
  });

  it("runs each function on nodejs22.x arm64 with traces, settings from config, and its own log group", () => {
    const fn = run.get("aws:lambda/function:Function", "rest-api-function");
    expect(fn.inputs).toMatchObject({
      runtime: "nodejs22.x", architectures: ["arm64"], handler: "index.handler", memorySize: 512, timeout: 10,
      publish: true, tracingConfig: { mode: "Active" }, tags: { environment: "dev", component: "rest-api", "managed-by": "semantest-iac" },
    });
    expect(fn.inputs.vpcConfig).toBeUndefined();
    const logs = run.get("aws:cloudwatch/logGroup:LogGroup", "rest-api-logs");
    expect(logs.inputs.retentionInDays).toBe(7);
    expect((fn.inputs.loggingConfig as { logGroup: string }).logGroup).toMatch(/^rest-api-logs-/);
  });

  it("routes every request to the live alias, never $LATEST", () => {
    const alias = run.get("aws:lambda/alias:Alias", "rest-api-live");
    expect(alias.inputs).toMatchObject({ name: "live", functionVersion: "1" });
    const integration = run.get("aws:apigatewayv2/integration:Integration", "rest-api-integration");
    expect(integration.inputs).toMatchObject({ integrationType: "AWS_PROXY", payloadFormatVersion: "2.0" });
    expect(integration.inputs.integrationUri).toMatch(/:function:rest-api-function-[0-9a-f]+:live$/);
    expect(run.get("aws:apigatewayv2/route:Route", "rest-api-default-route").inputs).toEqual({
      apiId: "rest-api-api-id", routeKey: "$default", target: "integrations/rest-api-integration-id",
    });
    const ws = run.get("aws:apigatewayv2/integration:Integration", "websocket-integration");
    expect(ws.inputs.integrationUri).toMatch(/functions\/arn:aws:lambda:.*:websocket-function-[0-9a-f]+:live\/invocations$/);
    for (const route of ["connect", "disconnect", "default"]) {
      expect(run.get("aws:apigatewayv2/route:Route", `websocket-route-${route}`).inputs).toMatchObject({
        routeKey: `$${route}`, target: "integrations/websocket-integration-id",
      });
    }
  });

  it("lets only this API invoke the alias", () => {
    const api = run.get("aws:apigatewayv2/api:Api", "rest-api-api");
    expect(api.inputs).toMatchObject({ protocolType: "HTTP", corsConfiguration: { allowOrigins: ["*"] } });
    expect((run.get("aws:lambda/function:Function", "rest-api-function").inputs.environment as { variables: object }).variables).not.toHaveProperty("SEMANTEST_CORS");
    expect(run.get("aws:lambda/permission:Permission", "rest-api-invoke").inputs).toMatchObject({
      action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", qualifier: "live",
      sourceArn: expect.stringMatching(/^arn:aws:execute-api:us-east-1:123456789012:[a-z0-9]{10}\/\*\/\*$/),
    });
    expect(run.get("aws:lambda/permission:Permission", "websocket-invoke").inputs.sourceArn).toMatch(/^arn:aws:execute-api:us-east-1:123456789012:[a-z0-9]{10}\/dev\/\*$/);
  });

  it("auto-deploys the $default HTTP stage with access logs and default-route throttling", () => {
    expect(run.get("aws:apigatewayv2/stage:Stage", "rest-api-stage").inputs).toMatchObject({
      name: "$default", autoDeploy: true,
      accessLogSettings: { destinationArn: expect.stringMatching(/:log-group:\/aws\/vendedlogs\/apigateway\/semantest-infrastructure\/dev\/rest-api-access$/) },
      defaultRouteSettings: { throttlingRateLimit: 50, throttlingBurstLimit: 100 },
    });
    expect(run.get("aws:apigatewayv2/stage:Stage", "websocket-stage").inputs).toMatchObject({
      name: "dev", deploymentId: "websocket-deployment-id",
      defaultRouteSettings: { throttlingRateLimit: 50, throttlingBurstLimit: 100 },
    });
    expect(run.get("aws:apigatewayv2/api:Api", "websocket-api").inputs).toMatchObject({ protocolType: "WEBSOCKET", routeSelectionExpression: "$request.body.action" });
  });

  it("keeps the connections table on demand, encrypted, with TTL, without PITR in dev", () => {
    expect(run.get("aws:dynamodb/table:Table", "websocket-connections").inputs).toMatchObject({
      billingMode: "PAY_PER_REQUEST", hashKey: "pk", rangeKey: "sk",
      ttl: { attributeName: "expiresAt", enabled: true }, serverSideEncryption: { enabled: true }, pointInTimeRecovery: { enabled: false },
    });
    const fn = run.get("aws:lambda/function:Function", "websocket-function");
    expect((fn.inputs.environment as { variables: Record<string, string> }).variables.CONNECTIONS_TABLE).toMatch(/^websocket-connections-/);
  });

  it("grants the REST function only its log group, traces and the push to its WebSocket connections", () => {
    const doc = policyOf(run.get("aws:iam/rolePolicy:RolePolicy", "rest-api-role-policy"));
    // Push* (components/push, tests/push/topology-previews.test.ts): registry reads and @connections of one stage.
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["WriteOwnLogs", "WriteTraces", "PushReadsConnectionRegistry", "PushToConnections"]);
    expect(doc.Statement[0].Resource).toMatch(/^arn:aws:logs:us-east-1:123456789012:log-group:rest-api-logs-[0-9a-f]+:\*$/);
  });

  it("grants the WebSocket function only its table and this stage's connections", () => {
    const doc = policyOf(run.get("aws:iam/rolePolicy:RolePolicy", "websocket-role-policy"));
    const bySid = Object.fromEntries(doc.Statement.map((s) => [s.Sid, s]));
    expect(list(bySid.ConnectionRegistry.Resource)).toEqual([expect.stringMatching(/^arn:aws:dynamodb:us-east-1:123456789012:table\/websocket-connections-/)]);
    expect(list(bySid.ManageOwnConnections.Action)).toEqual(["execute-api:ManageConnections"]);
    expect(list(bySid.ManageOwnConnections.Resource)).toEqual([
      expect.stringMatching(/:[a-z0-9]{10}\/dev\/POST\/@connections\/\*$/),
      expect.stringMatching(/:[a-z0-9]{10}\/dev\/DELETE\/@connections\/\*$/),
    ]);
  });

  it("never grants a * action, and a * resource only to X-Ray", () => {
    for (const rp of run.all("aws:iam/rolePolicy:RolePolicy")) {
      for (const s of policyOf(rp).Statement) {
        expect(list(s.Action).some((a) => a === "*" || a.endsWith(":*"))).toBe(false);
        if (list(s.Resource).includes("*")) expect(s.Sid).toBe("WriteTraces");
      }
    }
    const trust = JSON.parse(run.get("aws:iam/role:Role", "rest-api-role").inputs.assumeRolePolicy as string) as Doc & { Statement: { Principal: unknown; Condition: unknown }[] };
    expect(trust.Statement[0]).toMatchObject({ Principal: { Service: "lambda.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } });
  });

  it("exports an https REST URL and a wss WebSocket URL with the stage", () => {
    expect(run.outputs.restApiUrl).toMatch(/^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    expect(run.outputs.webSocketUrl).toMatch(/^wss:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/dev$/);
  });
});

describe("AWS components in production", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram("production", PRODUCTION_ON_AWS);
  });

  it("adds alarms on an SNS topic: errors, throttles and API 5xx / WebSocket errors", () => {
    expect(run.all("aws:sns/topic:Topic").map((t) => t.name).sort()).toEqual(["rest-api-alarms", "websocket-alarms"]);
    const metrics = (prefix: string) => run.all("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name.startsWith(prefix)).map((a) => a.inputs.metricName).sort();
    expect(metrics("rest-api-")).toEqual(["5xx", "Errors", "Throttles"]);
    expect(metrics("websocket-")).toEqual(["Errors", "ExecutionError", "IntegrationError", "Throttles"]);
    for (const alarm of run.all("aws:cloudwatch/metricAlarm:MetricAlarm")) {
      expect(alarm.inputs.alarmActions).toEqual([expect.stringMatching(/^arn:aws:sns:us-east-1:123456789012:(rest-api|websocket)-alarms-/)]);
    }
  });

  it("keeps logs a year, turns on PITR and bucket versioning", () => {
    expect(run.get("aws:cloudwatch/logGroup:LogGroup", "rest-api-logs").inputs.retentionInDays).toBe(365);
    expect(run.get("aws:dynamodb/table:Table", "websocket-connections").inputs.pointInTimeRecovery).toEqual({ enabled: true });
    expect(run.get("aws:s3/bucketVersioning:BucketVersioning", "aws-platform-artifacts-versioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
    expect(run.get("aws:lambda/function:Function", "rest-api-function").inputs).toMatchObject({ memorySize: 1024, timeout: 29 });
  });

  it("moves CORS into the function when an origin is a pattern the HTTP API cannot express (chrome-extension://*)", () => {
    expect(run.get("aws:apigatewayv2/api:Api", "rest-api-api").inputs.corsConfiguration).toBeUndefined();
    const variables = (run.get("aws:lambda/function:Function", "rest-api-function").inputs.environment as { variables: Record<string, string> }).variables;
    expect(JSON.parse(variables.SEMANTEST_CORS)).toMatchObject({ allowOrigins: ["https://semantest.com", "chrome-extension://*"] });
  });

  it("puts the REST function (vpc: true) in private subnets with an egress-only group, NAT per AZ", () => {
    const vpc = run.get("awsx:ec2:Vpc", "aws-platform-vpc");
    expect(vpc.inputs).toMatchObject({ natGateways: { strategy: "OnePerAz" }, numberOfAvailabilityZones: 3 });
    const sg = run.get("aws:ec2/securityGroup:SecurityGroup", "rest-api-egress");
    expect(sg.inputs.ingress ?? []).toEqual([]);
    expect(sg.inputs.egress).toEqual([expect.objectContaining({ protocol: "-1", cidrBlocks: ["0.0.0.0/0"] })]);
    const fn = run.get("aws:lambda/function:Function", "rest-api-function");
    const vpcConfig = fn.inputs.vpcConfig as { subnetIds: string[]; securityGroupIds: string[] };
    expect(vpcConfig.subnetIds).toHaveLength(3);
    expect(vpcConfig.subnetIds.every((id) => id.startsWith("subnet-"))).toBe(true);
    expect(vpcConfig.securityGroupIds).toEqual(["rest-api-egress-id"]);
    // The WebSocket function did not ask for a VPC.
    expect(run.all("awsx:ec2:Vpc")).toHaveLength(1);
    expect(run.get("aws:lambda/function:Function", "websocket-function").inputs.vpcConfig).toBeUndefined();
  });

  it("scopes the network-interface rights to the VPC's subnets and groups; only Describe* get *, with the reason in the Sid", () => {
    const doc = policyOf(run.get("aws:iam/rolePolicy:RolePolicy", "rest-api-vpc-access"));
    const bySid = Object.fromEntries(doc.Statement.map((s) => [s.Sid, s]));
    const describe = bySid.WildcardResourceEc2DescribeHasNoResourceLevelPermissions;
    expect(list(describe.Action).every((a) => a.startsWith("ec2:Describe"))).toBe(true);
    expect(describe.Resource).toBe("*");
    const create = list(bySid.CreateInterfacesInOwnSubnets.Resource);
    expect(create).toContain("arn:aws:ec2:us-east-1:123456789012:network-interface/*");
    expect(create.filter((r) => r.includes(":subnet/subnet-"))).toHaveLength(3);
    expect(bySid.CreateInterfacesWithGroupsOfOwnVpc.Resource).toBe("arn:aws:ec2:us-east-1:123456789012:security-group/*");
    expect(bySid.ManageOwnInterfaces.Resource).toBe("arn:aws:ec2:us-east-1:123456789012:network-interface/*");
    expect(policyOf(run.get("aws:iam/rolePolicy:RolePolicy", "rest-api-role-policy")).Statement.map((s) => s.Sid)).toEqual(["WriteOwnLogs", "WriteTraces", "PushReadsConnectionRegistry", "PushToConnections"]);
  });

  it("tags every taggable resource with the component's standard tags", () => {
    for (const r of run.resources.filter((x) => x.parent && x.inputs.tags !== undefined)) {
      expect(r.inputs.tags).toMatchObject({ environment: "production", "managed-by": "semantest-iac" });
    }
  });
});

describe("AWS components in staging and on rollback", () => {
  it("has alarms in staging", async () => {
    const run = await runProgram("staging", { ...PRODUCTION_ON_AWS, "semantest:environment": "staging" });
    expect(run.all("aws:cloudwatch/metricAlarm:MetricAlarm").length).toBeGreaterThan(0);
  });

  it("uses a single NAT gateway in dev", async () => {
    const run = await runProgram("dev", { ...PRODUCTION_ON_AWS, "semantest:environment": "dev" });
    expect(run.get("awsx:ec2:Vpc", "aws-platform-vpc").inputs).toMatchObject({ natGateways: { strategy: "Single" }, numberOfAvailabilityZones: 2 });
    expect(run.all("aws:cloudwatch/metricAlarm:MetricAlarm")).toHaveLength(0);
  });

  it("points at the existing object and declares no upload when the release's zip is not on this machine", async () => {
    const digest = `sha256:${"b".repeat(64)}`;
    const run = await runProgram("dev", {
      "aws:region": "us-east-1",
      "semantest:components": { "rest-api": { provider: "aws" } },
      "semantest:release": { id: "01ROLLBACK", artifacts: { "rest-api": digest } },
    });
    expect(run.all("aws:s3/bucketObject:BucketObject")).toHaveLength(0);
    expect(run.get("aws:lambda/function:Function", "rest-api-function").inputs).toMatchObject({
      s3Key: `artifacts/rest-api/${"b".repeat(64)}.zip`,
      sourceCodeHash: Buffer.from("b".repeat(64), "hex").toString("base64"),
    });
  });
});

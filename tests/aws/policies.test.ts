import * as fc from "fast-check";
import { alarmSpecs } from "../../components/aws/alarms";
import { corsConfiguration, gatewayExpressesCors } from "../../components/aws/rest-api";
import {
  accessLogFormat, accessLogGroupName, artifactKey, integrationTimeoutMs, manageConnectionsStatements, natGatewayStrategy, sourceCodeHash, vpcStatements,
} from "../../components/aws/policies";
import { defaultCorsPolicy } from "../../domain";

const hex = fc.stringMatching(/^[0-9a-f]{64}$/);

describe("AWS naming and policy helpers", () => {
  it("keys an artifact by kind and digest, and gives Lambda the same digest as base64", () => {
    fc.assert(fc.property(hex, (h) => {
      expect(artifactKey("websocket", `sha256:${h}`)).toBe(`artifacts/websocket/${h}.zip`);
      expect(Buffer.from(sourceCodeHash(`sha256:${h}`), "base64").toString("hex")).toBe(h);
    }));
  });

  it("keeps the integration timeout within API Gateway's maximum", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 900 }), (t) => {
      expect(integrationTimeoutMs(t, "rest-api")).toBeLessThanOrEqual(30000);
      expect(integrationTimeoutMs(t, "websocket")).toBeLessThanOrEqual(29000);
    }));
    expect(integrationTimeoutMs(10, "rest-api")).toBe(11000);
  });

  it("uses one NAT gateway in dev only", () => {
    expect([natGatewayStrategy("dev"), natGatewayStrategy("staging"), natGatewayStrategy("production")]).toEqual(["Single", "OnePerAz", "OnePerAz"]);
  });

  it("writes access logs as JSON with the fields of each API kind", () => {
    expect(JSON.parse(accessLogFormat("rest-api"))).toMatchObject({ requestId: "$context.requestId", path: "$context.path" });
    expect(JSON.parse(accessLogFormat("websocket"))).toMatchObject({ routeKey: "$context.routeKey", connectionId: "$context.connectionId" });
  });

  it("allows POST and DELETE on this stage's @connections only", () => {
    expect(manageConnectionsStatements("arn:aws:execute-api:eu-west-1:1:abc", "dev")[0].Resource).toEqual([
      "arn:aws:execute-api:eu-west-1:1:abc/dev/POST/@connections/*",
      "arn:aws:execute-api:eu-west-1:1:abc/dev/DELETE/@connections/*",
    ]);
  });

  it("names access-log groups under /aws/vendedlogs/, per project, stack and component", () => {
    expect(accessLogGroupName("semantest-infrastructure", "production", "rest-api")).toBe("/aws/vendedlogs/apigateway/semantest-infrastructure/production/rest-api-access");
  });

  it("scopes ENI creation to the given subnets and to security groups of the given VPC", () => {
    const [describe, create, groups] = vpcStatements({ partition: "aws", region: "eu-west-1", accountId: "1", vpcId: "vpc-1", subnetIds: ["subnet-a"] });
    expect(describe.Sid).toMatch(/^WildcardResource.+/);
    expect(create.Resource).toEqual(["arn:aws:ec2:eu-west-1:1:network-interface/*", "arn:aws:ec2:eu-west-1:1:subnet/subnet-a"]);
    expect(groups).toMatchObject({ Resource: "arn:aws:ec2:eu-west-1:1:security-group/*", Condition: { ArnEquals: { "ec2:Vpc": "arn:aws:ec2:eu-west-1:1:vpc/vpc-1" } } });
  });

  it("alarms on 5xx for HTTP APIs and on execution/integration errors for WebSocket APIs", () => {
    expect(alarmSpecs("rest-api").map((a) => a.metricName)).toEqual(["Errors", "Throttles", "5xx"]);
    expect(alarmSpecs("websocket").map((a) => a.metricName)).toEqual(["Errors", "Throttles", "ExecutionError", "IntegrationError"]);
  });

  it("leaves to API Gateway only the origins its CORS accepts", () => {
    expect(gatewayExpressesCors(defaultCorsPolicy(["*"]))).toBe(true);
    expect(gatewayExpressesCors(defaultCorsPolicy(["https://semantest.com", "http://localhost:3000", "https://*"]))).toBe(true);
    expect(gatewayExpressesCors(defaultCorsPolicy([]))).toBe(true);
    expect(gatewayExpressesCors(defaultCorsPolicy(["https://semantest.com", "chrome-extension://*"]))).toBe(false);
    expect(gatewayExpressesCors(defaultCorsPolicy(["https://*.semantest.com"]))).toBe(false);
  });

  it("configures no CORS when no origin is allowed, and copies the policy otherwise", () => {
    expect(corsConfiguration(defaultCorsPolicy([]))).toBeUndefined();
    expect(corsConfiguration(defaultCorsPolicy(["https://semantest.com"]))).toMatchObject({ allowOrigins: ["https://semantest.com"], maxAge: 600, allowCredentials: false });
  });
});

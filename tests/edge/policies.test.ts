/**
 * Issue 22's policies: each on synthetic, provider-shaped inputs (compliant, non-compliant, missing
 * property, environment), and each tripped on the real program's resources with one input broken.
 */
import { apigatewayDomainTls } from "../../policy/aws/apigateway";
import { runPolicies } from "../../policy/offline";
import { check, fake, messages } from "../policy/support";
import { runProgram, type Run } from "../support/pulumi-harness";
import { productionAllAwsWithDomains } from "./stacks";

const DOMAIN = "aws:apigatewayv2/domainName:DomainName";
const ACM = "arn:aws:acm:us-east-1:123456789012:certificate/abc";

describe("apigateway-domain-tls", () => {
  const policy = apigatewayDomainTls();

  it("accepts a REGIONAL TLS_1_2 domain with an ACM certificate, and one whose certificate is not known yet", async () => {
    const configuration = { endpointType: "REGIONAL", securityPolicy: "TLS_1_2", certificateArn: ACM };
    expect(await check(policy, [fake(DOMAIN, "d", { domainNameConfiguration: configuration })])).toEqual([]);
    expect(await check(policy, [fake(DOMAIN, "d", { domainNameConfiguration: { ...configuration, certificateArn: undefined } })])).toEqual([]);
  });

  it("refuses an edge endpoint, TLS 1.0 and a non-ACM certificate, quoting the resource", async () => {
    const found = messages(await check(policy, [fake(DOMAIN, "rest-api-domain", { domainNameConfiguration: { endpointType: "EDGE", securityPolicy: "TLS_1_0", certificateArn: "arn:aws:iam::1:server-certificate/x" } })]));
    expect(found).toEqual([
      expect.stringMatching(/^API Gateway domain name 'rest-api-domain' \(urn:.*\) has endpointType 'EDGE'; API Gateway v2 serves REGIONAL domain names only\.$/),
      expect.stringContaining("has securityPolicy 'TLS_1_0'; TLS_1_2 is required."),
      expect.stringContaining("uses the certificate 'arn:aws:iam::1:server-certificate/x', which is not an ACM certificate ARN."),
    ]);
  });

  it("refuses a domain without its configuration", async () => {
    expect(messages(await check(policy, [fake(DOMAIN, "d", {})]))).toEqual([expect.stringContaining("endpointType 'missing'"), expect.stringContaining("securityPolicy 'missing'")]);
  });
});

describe("the pack on a production stack with domains and notification targets", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram("production", productionAllAwsWithDomains());
  }, 120_000);

  it("passes every policy as the program declares it", async () => {
    const violations = await runPolicies(run.resources, { environment: "production", config: { all: "mandatory" } });
    expect(violations.filter((v) => v.policy !== "monthly-budget")).toEqual([]);
  });

  it.each([
    ["apigateway-domain-tls", "rest-api-domain", (r: Record<string, unknown>) => void ((r.domainNameConfiguration as Record<string, unknown>).securityPolicy = "TLS_1_0")],
  ])("%s trips when %s is broken", async (policy, name, change) => {
    const resources = run.resources.map((r) => {
      if (r.name !== name) return r;
      const inputs = structuredClone(r.inputs) as Record<string, unknown>;
      change(inputs);
      return { ...r, inputs };
    });
    const violations = await runPolicies(resources, { environment: "production", config: { all: "mandatory" } });
    expect(violations.filter((v) => v.policy === policy).map((v) => v.message)).toEqual([expect.stringContaining(`'${name}'`)]);
  });
});

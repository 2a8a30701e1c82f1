/**
 * Issue 22, custom domains on AWS: the certificate (validated through Route 53 when a zone is
 * given), the regional TLS 1.2 domain name, the mapping to the stage, the alias record, and the
 * stack outputs on the custom URLs. Evaluated under mocks (tests/support/pulumi-harness.ts).
 */
import { runProgram, type Run } from "../support/pulumi-harness";
import { CERT_ARN, productionAllAwsWithDomains } from "./stacks";

const DOMAIN = "aws:apigatewayv2/domainName:DomainName";
const MAPPING = "aws:apigatewayv2/apiMapping:ApiMapping";
const RECORD = "aws:route53/record:Record";

describe("custom domains on AWS (production, both components on AWS)", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runProgram("production", productionAllAwsWithDomains());
  }, 120_000);

  it("REST: requests an ACM certificate validated by DNS in the Route 53 zone, and the domain waits for the validation", () => {
    const certificate = run.get("aws:acm/certificate:Certificate", "rest-api-certificate");
    expect(certificate.inputs).toMatchObject({ domainName: "api.extension.semantest.com", validationMethod: "DNS" });
    const record = run.get(RECORD, "rest-api-certificate-validation-record");
    expect(record.inputs).toMatchObject({ zoneId: "Z0123456789ABCDEFGHIJ", type: "CNAME", ttl: 60 });
    expect(String(record.inputs.name)).toMatch(/^_[0-9a-f]{8}\.api\.extension\.semantest\.com\.$/);
    const validation = run.get("aws:acm/certificateValidation:CertificateValidation", "rest-api-certificate-validation");
    expect(validation.inputs.validationRecordFqdns).toEqual([String(record.inputs.name).replace(/\.$/, "")]);
    const domain = run.get(DOMAIN, "rest-api-domain");
    expect(domain.inputs).toMatchObject({
      domainName: "api.extension.semantest.com",
      domainNameConfiguration: { endpointType: "REGIONAL", securityPolicy: "TLS_1_2", certificateArn: expect.stringMatching(/^arn:aws:acm:us-east-1:/) },
    });
    expect(domain.dependencies).toContain(validation.urn);
  });

  it("REST: maps the domain's root to the HTTP API's $default stage and aliases the name in the zone", () => {
    const mapping = run.get(MAPPING, "rest-api-domain-mapping");
    expect(mapping.inputs).toMatchObject({ domainName: "api.extension.semantest.com", stage: "$default" });
    expect(mapping.inputs.apiId).toBe("rest-api-api-id");
    const alias = run.get(RECORD, "rest-api-domain-alias");
    expect(alias.inputs).toMatchObject({
      zoneId: "Z0123456789ABCDEFGHIJ",
      name: "api.extension.semantest.com",
      type: "A",
      aliases: [{ name: expect.stringMatching(/^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/), zoneId: "Z1UJRXOUMOOFQ8", evaluateTargetHealth: false }],
    });
  });

  it("WebSocket with an issued certificate and no zone: no certificate, validation or record is declared; the mapping targets its stage", () => {
    expect(run.all("aws:acm/certificate:Certificate").map((r) => r.name)).toEqual(["rest-api-certificate"]);
    expect(run.all(RECORD).map((r) => r.name).sort()).toEqual(["rest-api-certificate-validation-record", "rest-api-domain-alias"]);
    expect(run.get(DOMAIN, "websocket-domain").inputs.domainNameConfiguration).toMatchObject({ certificateArn: CERT_ARN, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" });
    expect(run.get(MAPPING, "websocket-domain-mapping").inputs).toMatchObject({ domainName: "ws.extension.semantest.com", stage: "production" });
  });

  it("switches the stack outputs to the custom URLs and names each domain's DNS target", () => {
    expect(run.outputs.restApiUrl).toBe("https://api.extension.semantest.com");
    expect(run.outputs.webSocketUrl).toBe("wss://ws.extension.semantest.com");
    expect(run.outputs.customDomains).toEqual({
      "rest-api": { name: "api.extension.semantest.com", target: expect.stringMatching(/^d-.*\.execute-api\.us-east-1\.amazonaws\.com$/) },
      websocket: { name: "ws.extension.semantest.com", target: expect.stringMatching(/^d-.*\.execute-api\.us-east-1\.amazonaws\.com$/) },
    });
  });
});

describe("without a domain", () => {
  it("declares none of the domain resources and keeps the execute-api URLs", async () => {
    const run = await runProgram("dev");
    for (const type of [DOMAIN, MAPPING, RECORD, "aws:acm/certificate:Certificate"]) expect(run.all(type)).toEqual([]);
    expect(String(run.outputs.restApiUrl)).toMatch(/\.execute-api\.us-east-1\.amazonaws\.com$/);
    expect(run.outputs.customDomains).toBeUndefined();
  }, 120_000);
});

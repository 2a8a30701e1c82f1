import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { CustomDomain, Tags } from "../../domain";

/**
 * What a custom domain of an API Gateway v2 API must be, as the provider validates it
 * (hashicorp/terraform-provider-aws internal/service/apigatewayv2/domain_name.go:
 * `endpoint_type` accepts only `REGIONAL` and `security_policy` only `TLS_1_2`), which is also
 * what the service allows for WebSocket APIs (API Gateway Developer Guide, "Custom domain names
 * for WebSocket APIs": "Only Regional custom domain names are supported", "only TLS 1.2").
 * policy/aws/apigateway.ts holds every declared domain to the same.
 */
export const API_DOMAIN_ENDPOINT_TYPE = "REGIONAL";
export const API_DOMAIN_SECURITY_POLICY = "TLS_1_2";

export interface AwsCustomDomainArgs {
  readonly domain: CustomDomain;
  /** The API whose stage the name serves. */
  readonly apiId: pulumi.Input<string>;
  /** `$default` for the HTTP API; the WebSocket API's stage name. */
  readonly stage: pulumi.Input<string>;
  readonly tags: Tags;
}

export interface AwsCustomDomain {
  /** `api.example.com`: the host clients use. */
  readonly hostName: string;
  /** The regional API Gateway name the host must resolve to (the Route 53 alias target, or your CNAME's). */
  readonly target: pulumi.Output<string>;
  /** What must exist before the name answers (the mapping, the alias record). */
  readonly ready: pulumi.Resource[];
}

/**
 * A custom domain for one API Gateway v2 API: an ACM certificate validated by DNS (when a Route 53
 * zone is given; otherwise the issued `certificateArn`), the regional domain name with TLS 1.2, the
 * mapping of the domain's root to the stage, and the Route 53 alias record.
 *
 * The certificate is requested in the provider's region, which is the API's: a regional custom
 * domain uses a certificate of its own region (API Gateway Developer Guide, "Set up a Regional
 * custom domain name"). The domain name waits for the `CertificateValidation`, so it is created
 * only with an issued certificate.
 */
export function createAwsCustomDomain(name: string, args: AwsCustomDomainArgs, parent: pulumi.Resource): AwsCustomDomain {
  const { domain, tags } = args;
  const opts = { parent };
  const certificateArn = domain.certificateArn ?? requestCertificate(name, domain.name, domain.hostedZoneId!, tags, parent);

  const domainName = new aws.apigatewayv2.DomainName(`${name}-domain`, {
    domainName: domain.name,
    domainNameConfiguration: {
      certificateArn,
      endpointType: API_DOMAIN_ENDPOINT_TYPE,
      securityPolicy: API_DOMAIN_SECURITY_POLICY,
    },
    tags,
  }, opts);
  // No mapping key: the domain's root is the stage, so `https://api.example.com/health` is the API's `/health`.
  const mapping = new aws.apigatewayv2.ApiMapping(`${name}-domain-mapping`, {
    apiId: args.apiId,
    domainName: domainName.domainName,
    stage: args.stage,
  }, opts);
  const target = domainName.domainNameConfiguration.targetDomainName;
  const ready: pulumi.Resource[] = [mapping];
  if (domain.hostedZoneId) {
    ready.push(new aws.route53.Record(`${name}-domain-alias`, {
      zoneId: domain.hostedZoneId,
      name: domain.name,
      type: "A",
      aliases: [{
        name: target,
        zoneId: domainName.domainNameConfiguration.hostedZoneId,
        evaluateTargetHealth: false,
      }],
    }, opts));
  }
  return { hostName: domain.name, target, ready };
}

/** An ACM certificate for `hostName`, validated through a record in the Route 53 zone; its ARN once issued. */
function requestCertificate(name: string, hostName: string, zoneId: string, tags: Tags, parent: pulumi.Resource): pulumi.Output<string> {
  const certificate = new aws.acm.Certificate(`${name}-certificate`, {
    domainName: hostName,
    validationMethod: "DNS",
    tags,
  }, { parent });
  // One name, one validation option (ACM DescribeCertificate, DomainValidationOptions: one per name).
  const option = certificate.domainValidationOptions.apply((options) => options?.[0]);
  const record = new aws.route53.Record(`${name}-certificate-validation-record`, {
    zoneId,
    name: option.apply((o) => o?.resourceRecordName ?? ""),
    type: option.apply((o) => o?.resourceRecordType ?? "CNAME"),
    records: [option.apply((o) => o?.resourceRecordValue ?? "")],
    ttl: 60,
    // Another certificate for the same name (a previous stack, a re-created certificate) writes the
    // same CNAME; ACM reuses it, so taking it over is safe (pulumi-aws acm.CertificateValidation example).
    allowOverwrite: true,
  }, { parent });
  const validation = new aws.acm.CertificateValidation(`${name}-certificate-validation`, {
    certificateArn: certificate.arn,
    validationRecordFqdns: [record.fqdn],
  }, { parent });
  return validation.certificateArn;
}

/** The component's URL on its custom domain: `https://<host>` for REST, `wss://<host>` for the WebSocket stage. */
export function customDomainUrl(scheme: "https" | "wss", domain: AwsCustomDomain): pulumi.Output<string> {
  return pulumi.output(pulumi.all(domain.ready.map((r) => r.urn))).apply(() => `${scheme}://${domain.hostName}`);
}

/** AWS API Gateway v2: custom domain names serve TLS 1.2 from the API's own region. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, quote, resourcePolicy } from "../lib/policy";

interface DomainNameProps {
  domainNameConfiguration?: { certificateArn?: string; endpointType?: string; securityPolicy?: string };
}

/** ACM is the only certificate source API Gateway takes (AWS::ApiGatewayV2::DomainName DomainNameConfiguration, CertificateArn). */
const ACM_ARN = /^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\//;

export function apigatewayDomainTls(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "apigateway-domain-tls",
      concern: "security",
      severity: "high",
      description: "API Gateway v2 custom domain names are REGIONAL, use the TLS_1_2 security policy and an ACM certificate.",
      remediationSteps:
        "Set domainNameConfiguration: { endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2', certificateArn: <ACM certificate in the API's region> } (components/aws/domain.ts does).",
    },
    forTypes<DomainNameProps>(["aws:apigatewayv2/domainName:DomainName"], (props, args, reportViolation) => {
      const configuration = props.domainNameConfiguration;
      // The only values the provider accepts for API Gateway v2 (hashicorp/terraform-provider-aws
      // internal/service/apigatewayv2/domain_name.go validates endpoint_type against REGIONAL and
      // security_policy against TLS_1_2); WebSocket APIs take nothing else (API Gateway Developer
      // Guide, "Custom domain names for WebSocket APIs"). Anything else fails at apply time.
      if (configuration?.endpointType !== "REGIONAL") {
        reportViolation(`API Gateway domain name ${quote(args)} has endpointType '${configuration?.endpointType ?? "missing"}'; API Gateway v2 serves REGIONAL domain names only.`);
      }
      if (configuration?.securityPolicy !== "TLS_1_2") {
        reportViolation(`API Gateway domain name ${quote(args)} has securityPolicy '${configuration?.securityPolicy ?? "missing"}'; TLS_1_2 is required.`);
      }
      const arn = configuration?.certificateArn;
      // Unknown during a preview of a new stack (the validation's output): nothing to judge yet.
      if (typeof arn === "string" && arn !== "" && !ACM_ARN.test(arn)) {
        reportViolation(`API Gateway domain name ${quote(args)} uses the certificate '${arn}', which is not an ACM certificate ARN.`);
      }
    }),
  );
}

/**
 * Stack configs issue 22's edge tests evaluate: production stacks with custom domains and
 * notification targets, on AWS only and on the production topology (REST on AWS, WebSocket on Azure).
 */
import { PRODUCTION_ALL_AWS } from "../aws/production-all-aws";

export const CERT_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
export const DNS_ZONE_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/semantest.com";
export const VAULT_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-semantest";
export const NOTIFICATIONS = { email: ["oncall@semantest.com"], webhooks: ["https://hooks.semantest.com/alerts"] };

type Components = Record<string, Record<string, unknown>>;

/** Production routes need an authorizer (policy production-route-authorization): the issuer Pulumi.production.yaml names. */
const AUTH = { issuer: "https://auth.semantest.com/", audiences: ["https://api.extension.semantest.com"] };

/** Production, both components on AWS: REST with a Route 53 zone, WebSocket with an issued certificate. */
export function productionAllAwsWithDomains(): Record<string, unknown> {
  const components = PRODUCTION_ALL_AWS["semantest:components"] as Components;
  return {
    ...PRODUCTION_ALL_AWS,
    "semantest:components": {
      "rest-api": { ...components["rest-api"], vpc: false, domain: { name: "api.extension.semantest.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } },
      websocket: { ...components.websocket, vpc: false, domain: { name: "ws.extension.semantest.com", certificateArn: CERT_ARN } },
    },
    "semantest:notifications": NOTIFICATIONS,
  };
}

/** The production topology (REST on AWS, WebSocket on Azure Premium) with a domain on each and notification targets. */
export function productionSplitWithDomains(): Record<string, unknown> {
  return {
    "aws:region": "us-east-1",
    "azure-native:location": "westeurope",
    "semantest:environment": "production",
    "semantest:components": {
      "rest-api": {
        provider: "aws",
        cors: { allowOrigins: ["https://semantest.com", "chrome-extension://*"] },
        domain: { name: "api.extension.semantest.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
        auth: { ...AUTH, routes: { "GET /health": "public" } },
      },
      websocket: {
        provider: "azure",
        auth: AUTH,
        sku: "Premium_P1",
        domain: { name: "ws.extension.semantest.com", dnsZoneId: DNS_ZONE_ID, keyVaultCertificate: { vaultId: VAULT_ID, name: "ws-extension-semantest" } },
      },
    },
    "semantest:tags": { "cost-center": "semantest-platform" },
    "semantest:release": { id: "01JD00000000000000000EDGE1" },
    "semantest:notifications": NOTIFICATIONS,
  };
}

/**
 * The stack issue 12's "done when" names: production, both components on AWS, `vpc: true` on both,
 * alarms (on by default in production), 8 config tags and a release id. Used by the tests that must
 * pass the offline preview and the policy pack with it (tests/aws/production-all-aws.test.ts).
 */
export const RELEASE_ID = "01JD00000000000000000PROD1";

export const PRODUCTION_ALL_AWS_TAGS = {
  "cost-center": "semantest-platform",
  owner: "devops@semantest.com",
  team: "platform",
  product: "semantest",
  "data-classification": "internal",
  "business-unit": "engineering",
  compliance: "soc2",
  "on-call": "platform-primary",
} as const;

export const PRODUCTION_ALL_AWS: Readonly<Record<string, unknown>> = {
  "aws:region": "us-east-1",
  "semantest:environment": "production",
  "semantest:components": {
    "rest-api": {
      provider: "aws",
      memoryMb: 1024,
      timeoutSeconds: 29,
      vpc: true,
      alarms: true,
      cors: { allowOrigins: ["https://semantest.com", "chrome-extension://*"] },
      throttling: { rateLimit: 2000, burstLimit: 5000 },
      // Production routes need authorization (policy production-route-authorization, docs/auth.md).
      auth: { issuer: "https://auth.semantest.com/", audiences: ["https://api.extension.semantest.com"], routes: { "GET /health": "public" } },
    },
    websocket: { provider: "aws", memoryMb: 1024, vpc: true, alarms: true, timeoutSeconds: 10, auth: { issuer: "https://auth.semantest.com/", audiences: ["https://api.extension.semantest.com"] } },
  },
  "semantest:tags": PRODUCTION_ALL_AWS_TAGS,
  "semantest:release": { id: RELEASE_ID },
};

/** The same stack as a Pulumi.production.yaml `config:` block (for `preview --config`). */
export function productionAllAwsStackFile(): { config: Readonly<Record<string, unknown>> } {
  return { config: PRODUCTION_ALL_AWS };
}

/** Stack configs for the AWS canary tests: both components on AWS, a release with a traffic split. */
export const NEW_RELEASE = "01JD0000000000000000CANARY";
export const PREVIOUS_RELEASE = "01JD000000000000000STABLE1";
/** The Lambda version serving the previous release (the mocks publish version "1" for the new code). */
export const PREVIOUS_VERSION = "7";
export const MOCK_PUBLISHED_VERSION = "1";

const DIGEST = (c: string) => `sha256:${c.repeat(64)}`;

export function traffic(weight: number, versions: Record<string, string> = { "rest-api": PREVIOUS_VERSION, websocket: PREVIOUS_VERSION }) {
  return { previous: { id: PREVIOUS_RELEASE, artifacts: { "rest-api": DIGEST("a"), websocket: DIGEST("b") }, versions }, weight };
}

/** Production sizes, both components on AWS (alarms on, as production has them). */
const AUTH = { issuer: "https://auth.semantest.com/", audiences: ["https://api.extension.semantest.com"] };

export function allAwsConfig(releaseTraffic?: unknown): Record<string, unknown> {
  return {
    "aws:region": "us-east-1",
    "semantest:environment": "production",
    "semantest:components": {
      // Production routes need an authorizer (policy production-route-authorization, docs/auth.md).
      "rest-api": { provider: "aws", cors: { allowOrigins: ["https://semantest.com"] }, auth: { ...AUTH, routes: { "GET /health": "public" } } },
      websocket: { provider: "aws", auth: AUTH },
    },
    "semantest:release": { id: NEW_RELEASE, ...(releaseTraffic === undefined ? {} : { traffic: releaseTraffic }) },
  };
}

import { AWS_ESTIMATORS } from "./aws";
import { AZURE_ESTIMATORS } from "./azure";
import { invocationsOf } from "./invocations";
import { CostEstimate, CostInput, CostResource, ResourceContext, ResourceCost, round6, TrafficKind } from "./model";
import { AWS_US_EAST_1 } from "./prices/aws-us-east-1";
import { AZURE_WESTEUROPE } from "./prices/azure-westeurope";

const ESTIMATORS = { ...AWS_ESTIMATORS, ...AZURE_ESTIMATORS };
const BOOKS = { aws: AWS_US_EAST_1, azure: AZURE_WESTEUROPE } as const;
const KIND_OF_COMPONENT: Readonly<Record<string, TrafficKind>> = {
  "semantest:components:RestApi": "rest-api",
  "semantest:components:WebSocket": "websocket",
};
/** The function resources whose invocations feed a cloud's shared log workspace. */
const FUNCTION_TYPES = { aws: "aws:lambda/function:Function", azure: "azure-native:web:WebApp" } as const;

/**
 * The monthly estimate of a deployment: each declared resource priced from the price books and the
 * traffic profile. Pure: the same resources and traffic always give the same figures, and nothing
 * here reads a file, a clock or the network.
 */
export function estimateCost(input: CostInput): CostEstimate {
  const byUrn = new Map(input.resources.map((r) => [r.urn, r]));
  const rootOf = (resource: CostResource): CostResource => {
    let current = resource;
    const seen = new Set<string>();
    while (current.parent !== null && byUrn.has(current.parent) && !seen.has(current.urn)) {
      seen.add(current.urn);
      current = byUrn.get(current.parent)!;
    }
    return current;
  };

  const assumptions = new Set<string>(baseAssumptions(input));
  const invocations = { aws: 0, azure: 0 };
  for (const resource of input.resources) {
    for (const cloud of ["aws", "azure"] as const) {
      if (resource.type === FUNCTION_TYPES[cloud]) invocations[cloud] += invocationsOf(kindOf(rootOf(resource)), input.traffic, cloud);
    }
  }

  const byResource: Record<string, ResourceCost> = {};
  const byComponent: Record<string, number> = {};
  for (const resource of input.resources) {
    const estimator = ESTIMATORS[resource.type];
    if (!estimator) continue;
    const root = rootOf(resource);
    const ctx: ResourceContext = {
      resource,
      component: root.name,
      kind: kindOf(root),
      traffic: input.traffic,
      invocations,
      assume: (sentence) => void assumptions.add(sentence),
    };
    const lines = estimator(ctx);
    if (lines.length === 0) continue;
    const monthly = round6(lines.reduce((sum, l) => sum + l.amount, 0));
    byResource[resource.name] = { type: resource.type, component: root.name, monthly, lines };
    byComponent[root.name] = round6((byComponent[root.name] ?? 0) + monthly);
  }
  const total = round6(Object.values(byComponent).reduce((sum, v) => sum + v, 0));
  const sources = new Set<string>();
  for (const cost of Object.values(byResource)) for (const l of cost.lines) sources.add(l.source);
  return {
    currency: "USD",
    monthly: { total, byComponent, byResource },
    assumptions: [...assumptions],
    prices: { source: [...sources].sort(), asOf: [AWS_US_EAST_1.asOf, AZURE_WESTEUROPE.asOf].sort()[0] },
  };
}

function kindOf(root: CostResource): TrafficKind {
  return KIND_OF_COMPONENT[root.type] ?? "shared";
}

function baseAssumptions(input: CostInput): string[] {
  const t = input.traffic;
  const sentences = [
    `traffic: rest-api ${t.restApi.requestsPerMonth} requests/month of ${t.restApi.meanDurationMs} ms; websocket ${t.websocket.messagesPerMonth} messages and ${t.websocket.connectionMinutesPerMonth} connection-minutes/month over ${t.websocket.connectionsPerMonth} connections (semantest:traffic, else the environment's defaults)`,
    "list prices of the first pricing tier, no free tier or free grant, no savings plan or reservation, no tax",
    "a month is 730 hours; GB of logs and storage are 10^9 bytes, GB of function memory are 1024 MB",
    "every WebSocket message invokes the function (an upper bound) and is billed by the gateway in both directions",
    `each log group of a component ingests ${t.logBytesPerInvocation} bytes per invocation of that component`,
    "data transfer out to the internet is not counted",
  ];
  for (const cloud of ["aws", "azure"] as const) {
    const region = input.regions?.[cloud];
    if (region && region !== BOOKS[cloud].region) sentences.push(`${cloud} region ${region} is priced with ${BOOKS[cloud].region} prices`);
  }
  return sentences;
}

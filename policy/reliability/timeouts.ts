/**
 * A Lambda behind API Gateway must give up no later than the gateway does: the gateway stops
 * waiting after 30 s (HTTP APIs) or 29 s (WebSocket APIs) and the client gets a 504 while the
 * function runs (and bills) on, or is retried and runs twice.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { quote, stackPolicy } from "../lib/policy";
import { ofType } from "../lib/stack";

/** API Gateway quotas: HTTP API integration timeout 30 s, WebSocket API 29 s (API Gateway Developer Guide, quotas). */
export const INTEGRATION_TIMEOUT_MS = { HTTP: 30_000, WEBSOCKET: 29_000 } as const;
/** Lambda's default timeout when none is set. */
export const LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;

const INTEGRATION = "aws:apigatewayv2/integration:Integration";
const FUNCTION = "aws:lambda/function:Function";
const API = "aws:apigatewayv2/api:Api";

/** The resource of `type` among `from`'s dependencies, looking through aliases/versions (two hops). */
function reach(from: PolicyResource, type: string, depth = 2): PolicyResource | undefined {
  for (const dep of from.dependencies) if (dep.type === type) return dep;
  if (depth === 0) return undefined;
  for (const dep of from.dependencies) {
    if (dep.type.startsWith("aws:lambda/")) {
      const found = reach(dep, type, depth - 1);
      if (found) return found;
    }
  }
  return undefined;
}

export function lambdaTimeoutWithinIntegration(): StackValidationPolicy {
  return stackPolicy(
    {
      name: "lambda-timeout-within-integration-timeout",
      concern: "reliability",
      severity: "medium",
      description: "A Lambda integrated with API Gateway has a timeout no longer than the integration's (30 s HTTP, 29 s WebSocket, or the integration's timeoutMilliseconds).",
      remediationSteps: "Lower semantest:components.<component>.timeoutSeconds (at most 30 for rest-api, 29 for websocket on AWS).",
    },
    (args, reportViolation) => {
      for (const integration of ofType(args.resources, INTEGRATION)) {
        const fn = reach(integration, FUNCTION);
        if (!fn) continue;
        const api = reach(integration, API, 0);
        const protocol = api?.props.protocolType === "WEBSOCKET" ? "WEBSOCKET" : "HTTP";
        const limitMs = (integration.props.timeoutMilliseconds as number | undefined) ?? INTEGRATION_TIMEOUT_MS[protocol];
        const timeout = (fn.props.timeout as number | undefined) ?? LAMBDA_DEFAULT_TIMEOUT_SECONDS;
        if (timeout * 1000 > limitMs) {
          reportViolation(
            `Lambda function ${quote(fn)} times out after ${timeout} s but its ${protocol} integration ${quote(integration)} gives up after ${limitMs / 1000} s.`,
            fn.urn,
          );
        }
      }
    },
  );
}

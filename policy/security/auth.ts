/**
 * In production, nothing is reachable without a token except the routes the stack declares public:
 * - an HTTP API's catch-all routes (`$default`, and `{proxy+}` routes other than the `OPTIONS`
 *   preflight route) have a JWT, Lambda or IAM authorizer; a plain `METHOD /path` route with
 *   `NONE` is an explicitly public route (`semantest:components.rest-api.auth.routes`, e.g.
 *   `GET /health: public`), which the stack only declares when the config names it;
 * - a WebSocket API's `$connect` has an authorizer (API Gateway runs WebSocket authorizers on
 *   `$connect` only, aws/aws-cdk#13869: a connection that passed it is trusted for its lifetime);
 * - an Azure Function App that hosts a component checks tokens itself (runtime/azure/auth.ts), so
 *   its settings carry `SEMANTEST_AUTH`: the REST routes, and negotiate, which issues the Web PubSub
 *   client tokens (without it negotiate is anonymous and `anonymousConnectPolicy: deny` is moot).
 *   `pulumi preview` hands the pack decrypted settings; the offline preview shows a settings map
 *   that holds a secret only as "[secret]", and such a map is left to the online preview.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { AUTH_ENV } from "../../runtime/shared/auth-contract";
import { environmentOfStack, quote, stackPolicy } from "../lib/policy";
import { dependents, ofType } from "../lib/stack";

const API = "aws:apigatewayv2/api:Api";
const ROUTE = "aws:apigatewayv2/route:Route";
const APP_SETTINGS = "azure-native:web:WebAppApplicationSettings";
const COMPONENTS = ["semantest:components:RestApi", "semantest:components:WebSocket"];
const AUTHORIZED = ["JWT", "CUSTOM", "AWS_IAM"];

/** Whether an HTTP API route key catches requests nobody listed: `$default`, or a greedy path that is not the preflight route. */
export function isCatchAll(routeKey: string): boolean {
  if (routeKey === "$default") return true;
  const match = /^([A-Z]+) (\S+)$/.exec(routeKey);
  return !!match && /\{[^}]+\+\}$/.test(match[2]!) && match[1] !== "OPTIONS";
}

function authorized(route: PolicyResource): boolean {
  return AUTHORIZED.includes(String(route.props.authorizationType ?? "NONE").toUpperCase());
}

export function productionRouteAuthorization(): StackValidationPolicy {
  return stackPolicy(
    {
      name: "production-route-authorization",
      concern: "security",
      severity: "critical",
      description:
        "In production, HTTP API catch-all routes ($default, {proxy+}) and WebSocket $connect routes have an authorizer, and every Function App hosting a component checks tokens (SEMANTEST_AUTH); only explicitly listed routes are public.",
      remediationSteps:
        "Set semantest:components.<component>.auth (issuer, audiences; rest-api: routes such as 'GET /health: public'); see docs/auth.md.",
      config: {
        environments: { type: "array", items: { type: "string" }, default: ["production"], description: "Environments where every non-public route needs authorization." },
      },
    },
    (args, reportViolation) => {
      const environment = environmentOfStack(args);
      const environments = args.getConfig<{ environments?: string[] }>().environments ?? ["production"];
      if (!environments.includes(environment)) return;
      for (const api of ofType(args.resources, API)) {
        const routes = dependents(args.resources, api, ROUTE);
        const websocket = String(api.props.protocolType ?? "").toUpperCase() === "WEBSOCKET";
        for (const route of routes) {
          const key = String(route.props.routeKey ?? "");
          if (websocket ? key === "$connect" && !authorized(route) : isCatchAll(key) && !authorized(route)) {
            const what = websocket ? "WebSocket $connect" : `route '${key}'`;
            reportViolation(`${what} ${quote(route)} of API ${quote(api)} has authorizationType '${route.props.authorizationType ?? "NONE"}' in ${environment}: anyone can ${websocket ? "connect" : "call it"}. Set the component's auth.`, route.urn);
          }
        }
      }
      for (const settings of ofType(args.resources, APP_SETTINGS)) {
        if (!settings.parent || !COMPONENTS.includes(settings.parent.type)) continue;
        const properties: unknown = settings.props.properties;
        // The engine hands a policy decrypted values; the offline preview only "[secret]" for a map
        // holding a secret (the Web PubSub connection string): then there is nothing to read here.
        if (typeof properties !== "object" || properties === null) continue;
        if (typeof (properties as Record<string, unknown>)[AUTH_ENV] !== "string") {
          reportViolation(`Function App settings ${quote(settings)} have no ${AUTH_ENV} in ${environment}: the app (REST routes or negotiate) serves anyone. Set the component's auth.`, settings.urn);
        }
      }
    },
  );
}

import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { CorsPolicy } from "../../domain";
import { CORS_ENV } from "../../runtime/aws/cors-env";
import type { RestApiComponentArgs, RestApiEndpoint } from "../rest-api";
import { createAlarms } from "./alarms";
import { createCanaryAlarms } from "./canary-alarms";
import { createRestApiRoutes } from "./auth";
import { createAwsCustomDomain, customDomainUrl } from "./domain";
import { awsLogSource } from "./log-source";
import { allowApiGatewayInvoke, createHostedFunction } from "./function";
import { accessLogFormat, accessLogGroupName, integrationTimeoutMs } from "./policies";

/** What the AWS REST API gives beyond the shared `url`. */
export interface AwsRestApiEndpoint extends RestApiEndpoint {
  /** The SNS topic its alarms notify; only when `settings.alarms`. */
  readonly alarmTopicArn?: pulumi.Output<string>;
}

/**
 * The REST API on AWS: an HTTP API (payload 2.0, `$default` route and auto-deployed stage, access
 * logs, default-route throttling, CORS from config) invoking the hosted Lambda's `live` alias.
 */
export function createAwsRestApi(name: string, args: RestApiComponentArgs, parent: pulumi.ComponentResource): AwsRestApiEndpoint {
  const { settings, context } = args;
  const tags = context.tags;
  // CORS by API Gateway when it can express every origin; else by the function (runtime/aws/cors.ts).
  const corsByGateway = gatewayExpressesCors(settings.cors);
  const environment: Record<string, string> = corsByGateway ? {} : { [CORS_ENV]: JSON.stringify(settings.cors) };
  const push = context.push; // how the app reaches the WebSocket connections (components/push)
  const hosted = createHostedFunction(name, { settings, context, environment: { ...environment, ...push?.environment }, statements: push?.statements }, parent);
  push?.trustRole?.(hosted.role.arn); // pushing to Web PubSub: Azure trusts this role's STS tokens (components/push/federation.ts)

  const api = new aws.apigatewayv2.Api(`${name}-api`, {
    protocolType: "HTTP",
    description: `Semantest REST API (${context.configuration.environment.name})`,
    corsConfiguration: corsByGateway ? corsConfiguration(settings.cors) : undefined,
    tags,
  }, { parent });
  const invoke = allowApiGatewayInvoke(name, hosted, pulumi.interpolate`${api.executionArn}/*/*`, parent);
  const integration = new aws.apigatewayv2.Integration(`${name}-integration`, {
    apiId: api.id,
    integrationType: "AWS_PROXY",
    integrationUri: hosted.alias.arn,
    payloadFormatVersion: "2.0",
    timeoutMilliseconds: integrationTimeoutMs(settings.timeoutSeconds, "rest-api"),
  }, { parent, dependsOn: [invoke] });
  // `$default` (and, with auth, the JWT authorizer and the configured routes): components/aws/auth.ts.
  createRestApiRoutes(name, api, integration, settings.auth, parent);
  const accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, {
    name: accessLogGroupName(pulumi.getProject(), pulumi.getStack(), name),
    retentionInDays: settings.logRetentionDays,
    tags,
  }, { parent });
  const stage = new aws.apigatewayv2.Stage(`${name}-stage`, {
    apiId: api.id,
    name: "$default",
    autoDeploy: true,
    accessLogSettings: { destinationArn: accessLogs.arn, format: accessLogFormat("rest-api") },
    defaultRouteSettings: {
      throttlingRateLimit: settings.throttling.rateLimit,
      throttlingBurstLimit: settings.throttling.burstLimit,
      detailedMetricsEnabled: true,
    },
    tags,
  }, { parent });
  const topic = settings.alarms
    ? createAlarms(name, "rest-api", { functionName: hosted.function.name, apiId: api.id, stage: stage.name }, tags, parent, context.configuration.notifications)
    : undefined;
  // While a release has traffic, the new version's own errors gate each shift (canary-alarms.ts).
  const canary = context.configuration.release?.traffic
    ? createCanaryAlarms(name, { functionName: hosted.function.name, newVersion: hosted.function.version }, tags, parent)
    : undefined;
  const domain = settings.domain ? createAwsCustomDomain(name, { domain: settings.domain, apiId: api.id, stage: stage.name, tags }, parent) : undefined;
  return { url: domain ? customDomainUrl("https", domain) : api.apiEndpoint, ...(domain ? { domainTarget: domain.target } : {}), alarmTopicArn: topic?.arn, functionName: hosted.function.name, liveVersion: hosted.liveVersion, releaseAlarms: canary && pulumi.all(canary), logs: awsLogSource(hosted.logGroup, context.configuration.region("aws")?.name) };
}

/**
 * Origins an HTTP API's CORS configuration accepts: `*`, `https://*`, `http://*` and exact
 * http(s) origins (API Gateway Developer Guide, "Configuring CORS for an HTTP API"). Anything
 * else (`chrome-extension://*`, `https://*.semantest.com`) is matched by the function instead.
 */
export const GATEWAY_CORS_ORIGIN = /^(\*|https?:\/\/\*|https?:\/\/[^*]+)$/;

export function gatewayExpressesCors(cors: CorsPolicy): boolean {
  return cors.allowOrigins.every((origin) => GATEWAY_CORS_ORIGIN.test(origin));
}

/** HTTP API CORS from the domain's policy; API Gateway then answers preflights itself. */
export function corsConfiguration(cors: CorsPolicy): aws.types.input.apigatewayv2.ApiCorsConfiguration | undefined {
  if (cors.allowOrigins.length === 0) return undefined;
  return {
    allowOrigins: [...cors.allowOrigins],
    allowMethods: [...cors.allowMethods],
    allowHeaders: [...cors.allowHeaders],
    exposeHeaders: [...cors.exposeHeaders],
    maxAge: cors.maxAgeSeconds,
    allowCredentials: cors.allowCredentials,
  };
}

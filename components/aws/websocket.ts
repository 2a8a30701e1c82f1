import { createHash } from "crypto";
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { CONNECTION_TTL_SECONDS, PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE, WEBSOCKET_ENV } from "../../runtime/aws/contract";
import type { WebSocketComponentArgs, WebSocketEndpoint } from "../websocket";
import { createAlarms } from "./alarms";
import { createCanaryAlarms } from "./canary-alarms";
import { allowVersionForwarding, closeCanaryConnections } from "./websocket-pinning";
import { createAuthorizerAlarm, createWebSocketAuthorizer } from "./auth";
import { createAwsCustomDomain, customDomainUrl } from "./domain";
import { awsLogSource } from "./log-source";
import { allowApiGatewayInvoke, createHostedFunction } from "./function";
import { awsPlatform } from "./platform";
import { accessLogFormat, accessLogGroupName, connectionsTableStatements, integrationTimeoutMs, manageConnectionsStatements, webSocketStageName } from "./policies";
import { awsPushTarget } from "../push/target";

/** The routes API Gateway sends to the Lambda; `action` in a JSON frame selects custom routes, none here. */
export const WEBSOCKET_ROUTES = ["$connect", "$disconnect", "$default"] as const;

/**
 * API Gateway closes a WebSocket after 10 minutes without messages, a fixed quota ("Amazon API
 * Gateway quotas for WebSocket APIs": idle connection timeout, 10 minutes, not adjustable). So on
 * AWS `idleTimeoutSeconds` cannot be applied: it is what the local gateway (`semantest-iac dev`)
 * enforces, and the deploy says so when it differs from the cloud's 600 s.
 */
export const API_GATEWAY_WEBSOCKET_IDLE_SECONDS = 600;

export function idleTimeoutWarning(name: string, idleTimeoutSeconds: number): string | undefined {
  if (idleTimeoutSeconds === API_GATEWAY_WEBSOCKET_IDLE_SECONDS) return undefined;
  return `${name}: idleTimeoutSeconds ${idleTimeoutSeconds} is not applied on AWS: API Gateway closes idle WebSockets after ${API_GATEWAY_WEBSOCKET_IDLE_SECONDS} s (fixed quota); it only changes the local gateway`;
}

function warnIfIdleTimeoutIgnored(name: string, idleTimeoutSeconds: number, parent: pulumi.Resource): void {
  const warning = idleTimeoutWarning(name, idleTimeoutSeconds);
  if (warning) void pulumi.log.warn(warning, parent);
}

/** The integration's settings, as plain values: declared on the integration and hashed into the deployment trigger. */
export function webSocketIntegrationSpec(timeoutSeconds: number) {
  return {
    integrationType: "AWS_PROXY",
    integrationMethod: "POST",
    timeoutMilliseconds: integrationTimeoutMs(timeoutSeconds, "websocket"),
  } as const;
}

/**
 * The Deployment's trigger: a digest of everything a deployment snapshots (routes, their
 * integration and its settings). A WebSocket API change reaches the stage only through a new
 * deployment (API Gateway Developer Guide, "Deploy a WebSocket API in API Gateway"); the provider
 * replaces the deployment when `triggers` change (pulumi-aws apigatewayv2 Deployment, `triggers`:
 * "Map of arbitrary keys and values that, when changed, will trigger a redeployment").
 */
export function deploymentTrigger(snapshot: unknown): string {
  return createHash("sha256").update(JSON.stringify(snapshot)).digest("hex");
}

export interface AwsWebSocketEndpoint extends WebSocketEndpoint {
  /** The SNS topic its alarms notify; only when `settings.alarms`. */
  readonly alarmTopicArn?: pulumi.Output<string>;
}

/**
 * The WebSocket server on AWS: a WEBSOCKET API whose three routes invoke the Lambda's `live`
 * alias, a stage with access logs and throttling, and the DynamoDB connection registry. The
 * function may touch only that table and post to / close only this stage's connections.
 */
export function createAwsWebSocket(name: string, args: WebSocketComponentArgs, parent: pulumi.ComponentResource): AwsWebSocketEndpoint {
  const { settings, context } = args;
  const tags = context.tags;
  const stageName = webSocketStageName(context.configuration.environment.name);
  warnIfIdleTimeoutIgnored(name, settings.idleTimeoutSeconds, parent);

  const table = new aws.dynamodb.Table(`${name}-connections`, {
    billingMode: "PAY_PER_REQUEST",
    hashKey: PARTITION_KEY,
    rangeKey: SORT_KEY,
    attributes: [{ name: PARTITION_KEY, type: "S" }, { name: SORT_KEY, type: "S" }],
    ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
    serverSideEncryption: { enabled: true },
    pointInTimeRecovery: { enabled: settings.pointInTimeRecovery },
    // Production: a stray `pulumi destroy` or console click cannot drop the live connections
    // registry (policy dynamodb-deletion-protection; docs/teardown.md says how to lift it).
    deletionProtectionEnabled: context.configuration.environment.name === "production",
    tags,
  }, { parent });
  const api = new aws.apigatewayv2.Api(`${name}-api`, {
    protocolType: "WEBSOCKET",
    routeSelectionExpression: "$request.body.action",
    description: `Semantest WebSocket API (${context.configuration.environment.name})`,
    tags,
  }, { parent });

  const hosted = createHostedFunction(name, {
    settings,
    context,
    environment: { [WEBSOCKET_ENV.table]: table.name, [WEBSOCKET_ENV.ttlSeconds]: String(CONNECTION_TTL_SECONDS) },
    statements: pulumi
      .all([table.arn, api.executionArn])
      .apply(([tableArn, executionArn]) => [...connectionsTableStatements(tableArn), ...manageConnectionsStatements(executionArn, stageName)]),
  }, parent);

  const integrationSpec = webSocketIntegrationSpec(settings.timeoutSeconds);
  const invoke = allowApiGatewayInvoke(name, hosted, pulumi.interpolate`${api.executionArn}/${stageName}/*`, parent);
  const integration = new aws.apigatewayv2.Integration(`${name}-integration`, {
    apiId: api.id,
    ...integrationSpec,
    integrationUri: hosted.alias.invokeArn,
  }, { parent, dependsOn: [invoke] });
  // With auth, `$connect` goes through a Lambda REQUEST authorizer first (components/aws/auth.ts).
  const connectAuth = settings.auth ? createWebSocketAuthorizer(name, { api, hosted, auth: settings.auth, context, logRetentionDays: settings.logRetentionDays }, parent) : undefined;
  const routes = WEBSOCKET_ROUTES.map(
    (routeKey) =>
      new aws.apigatewayv2.Route(`${name}-route-${routeKey.slice(1)}`, {
        apiId: api.id,
        routeKey,
        target: pulumi.interpolate`integrations/${integration.id}`,
        ...(connectAuth && routeKey === "$connect" ? { authorizationType: "CUSTOM", authorizerId: connectAuth.authorizer.id } : {}),
      }, { parent }),
  );
  // WebSocket stages serve the deployment they point at; a new one is made whenever routes,
  // integrations or their settings change (the trigger), or the change never reaches clients.
  const deployment = new aws.apigatewayv2.Deployment(`${name}-deployment`, {
    apiId: api.id,
    description: `routes: ${WEBSOCKET_ROUTES.join(", ")}`,
    triggers: {
      redeployment: pulumi
        .all([integration.id, integration.integrationUri, connectAuth?.authorizer.id ?? "", ...routes.map((route) => route.id)])
        // The authorizer is in the snapshot only when there is one: a stack without auth keeps its trigger.
        .apply(([integrationId, uri, authorizerId, ...routeIds]) => deploymentTrigger({ routes: WEBSOCKET_ROUTES, integration: integrationSpec, integrationId, uri, routeIds, ...(settings.auth ? { auth: { authorizerId, ...settings.auth } } : {}) })),
    },
  }, { parent, dependsOn: [integration, ...routes] });
  const accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, {
    name: accessLogGroupName(pulumi.getProject(), pulumi.getStack(), name),
    retentionInDays: settings.logRetentionDays,
    tags,
  }, { parent });
  const stage = new aws.apigatewayv2.Stage(`${name}-stage`, {
    apiId: api.id,
    name: stageName,
    deploymentId: deployment.id,
    accessLogSettings: { destinationArn: accessLogs.arn, format: accessLogFormat("websocket") },
    defaultRouteSettings: {
      throttlingRateLimit: settings.throttling.rateLimit,
      throttlingBurstLimit: settings.throttling.burstLimit,
    },
    tags,
  }, { parent, dependsOn: awsPlatform(context.platform, name, parent).apiGatewayLogging });
  const topic = settings.alarms
    ? createAlarms(name, "websocket", { functionName: hosted.function.name, apiId: api.id, stage: stage.name }, tags, parent, context.configuration.notifications)
    : undefined;
  if (topic && connectAuth) createAuthorizerAlarm(name, connectAuth.function, topic.arn, tags, parent);
  // A connection's events all run on the version that accepted it (websocket-pinning.ts).
  const forwarding = allowVersionForwarding(name, hosted, parent);
  const traffic = context.configuration.release?.traffic;
  const canary = traffic ? createCanaryAlarms(name, { functionName: hosted.function.name, newVersion: hosted.function.version }, tags, parent) : undefined;
  const managementEndpoint = pulumi.interpolate`${api.apiEndpoint.apply((url) => url.replace(/^wss:/, "https:"))}/${stage.name}`;
  closeCanaryConnections(name, hosted, traffic, managementEndpoint, parent, [forwarding, stage]);
  // With a custom domain the stage is mapped at the domain's root: `wss://ws.example.com`, no stage path.
  const domain = settings.domain ? createAwsCustomDomain(name, { domain: settings.domain, apiId: api.id, stage: stage.name, tags }, parent) : undefined;
  const url = domain ? customDomainUrl("wss", domain) : pulumi.interpolate`${api.apiEndpoint}/${stage.name}`;
  return {
    url,
    ...(domain ? { domainTarget: domain.target } : {}),
    alarmTopicArn: topic?.arn,
    functionName: hosted.function.name,
    liveVersion: hosted.liveVersion,
    releaseAlarms: canary && pulumi.all(canary),
    pushTarget: awsPushTarget({ table, api, stageName, region: context.configuration.region("aws")?.name }),
    logs: awsLogSource(hosted.logGroup, context.configuration.region("aws")?.name),
  };
}

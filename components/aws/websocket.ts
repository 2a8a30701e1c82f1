import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CONNECTION_TTL_SECONDS, PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE, WEBSOCKET_ENV } from "../../runtime/aws/contract";
import type { WebSocketComponentArgs, WebSocketEndpoint } from "../websocket";
import { createAlarms } from "./alarms";
import { createHostedFunction } from "./function";
import { awsPushTarget } from "../push/target";
import { accessLogFormat, connectionsTableStatements, integrationTimeoutMs, manageConnectionsStatements, webSocketStageName } from "./policies";

/** The routes API Gateway sends to the Lambda; `action` in a JSON frame selects custom routes, none here. */
export const WEBSOCKET_ROUTES = ["$connect", "$disconnect", "$default"] as const;

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

  const table = new aws.dynamodb.Table(`${name}-connections`, {
    billingMode: "PAY_PER_REQUEST",
    hashKey: PARTITION_KEY,
    rangeKey: SORT_KEY,
    attributes: [{ name: PARTITION_KEY, type: "S" }, { name: SORT_KEY, type: "S" }],
    ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
    serverSideEncryption: { enabled: true },
    pointInTimeRecovery: { enabled: settings.pointInTimeRecovery },
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

  const integration = new aws.apigatewayv2.Integration(`${name}-integration`, {
    apiId: api.id,
    integrationType: "AWS_PROXY",
    integrationMethod: "POST",
    integrationUri: hosted.alias.invokeArn,
    timeoutMilliseconds: integrationTimeoutMs(settings.timeoutSeconds, "websocket"),
  }, { parent });
  const routes = WEBSOCKET_ROUTES.map(
    (routeKey) =>
      new aws.apigatewayv2.Route(`${name}-route-${routeKey.slice(1)}`, {
        apiId: api.id,
        routeKey,
        target: pulumi.interpolate`integrations/${integration.id}`,
      }, { parent }),
  );
  // WebSocket stages are deployed explicitly; redeploy when the route set changes.
  const deployment = new aws.apigatewayv2.Deployment(`${name}-deployment`, {
    apiId: api.id,
    description: `routes: ${WEBSOCKET_ROUTES.join(", ")}`,
    triggers: { routes: WEBSOCKET_ROUTES.join(",") },
  }, { parent, dependsOn: routes });
  const accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, { retentionInDays: settings.logRetentionDays, tags }, { parent });
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
  }, { parent });
  new aws.lambda.Permission(`${name}-invoke`, {
    action: "lambda:InvokeFunction",
    function: hosted.function.name,
    qualifier: hosted.alias.name,
    principal: "apigateway.amazonaws.com",
    sourceArn: pulumi.interpolate`${api.executionArn}/${stageName}/*`,
  }, { parent });
  const topic = settings.alarms
    ? createAlarms(name, "websocket", { functionName: hosted.function.name, apiId: api.id, stage: stage.name }, tags, parent)
    : undefined;
  return { url: pulumi.interpolate`${api.apiEndpoint}/${stage.name}`, alarmTopicArn: topic?.arn, pushTarget: awsPushTarget({ table, api, stageName, region: context.configuration.region("aws")?.name }) };
}

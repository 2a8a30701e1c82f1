import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ComponentKind, Tags } from "../../domain";

/** One alarm: a metric that must stay at zero over five minutes. */
export interface AlarmSpec {
  readonly role: string;
  readonly namespace: "AWS/Lambda" | "AWS/ApiGateway";
  readonly metricName: string;
  readonly on: "function" | "api";
  readonly description: string;
}

/**
 * What pages someone. HTTP APIs publish `5xx`; WebSocket APIs have no 5xx metric and publish
 * `ExecutionError` and `IntegrationError` instead (API Gateway Developer Guide, "Monitoring
 * WebSocket API execution with CloudWatch metrics").
 */
export function alarmSpecs(kind: ComponentKind): AlarmSpec[] {
  const lambda: AlarmSpec[] = [
    { role: "errors", namespace: "AWS/Lambda", metricName: "Errors", on: "function", description: "the function threw or timed out" },
    { role: "throttles", namespace: "AWS/Lambda", metricName: "Throttles", on: "function", description: "invocations were throttled (concurrency limit)" },
  ];
  const api: AlarmSpec[] =
    kind === "rest-api"
      ? [{ role: "api-5xx", namespace: "AWS/ApiGateway", metricName: "5xx", on: "api", description: "the API answered 5xx" }]
      : [
          { role: "api-execution-errors", namespace: "AWS/ApiGateway", metricName: "ExecutionError", on: "api", description: "API Gateway failed to run a route" },
          { role: "api-integration-errors", namespace: "AWS/ApiGateway", metricName: "IntegrationError", on: "api", description: "the Lambda integration failed" },
        ];
  return [...lambda, ...api];
}

export interface AlarmTargets {
  readonly functionName: pulumi.Input<string>;
  readonly apiId: pulumi.Input<string>;
  readonly stage: pulumi.Input<string>;
}

/**
 * An SNS topic and the component's alarms on it. The topic is not KMS-encrypted on purpose:
 * CloudWatch cannot publish to a topic encrypted with the AWS-managed `aws/sns` key (SNS Developer
 * Guide, "Encryption at rest", compatible services), and alarm notifications carry no data.
 */
export function createAlarms(name: string, kind: ComponentKind, targets: AlarmTargets, tags: Tags, parent: pulumi.Resource): aws.sns.Topic {
  const topic = new aws.sns.Topic(`${name}-alarms`, { tags }, { parent });
  for (const spec of alarmSpecs(kind)) {
    new aws.cloudwatch.MetricAlarm(`${name}-${spec.role}`, {
      alarmDescription: `${name}: ${spec.description}`,
      namespace: spec.namespace,
      metricName: spec.metricName,
      dimensions: spec.on === "function" ? { FunctionName: targets.functionName } : { ApiId: targets.apiId, Stage: targets.stage },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [topic.arn],
      okActions: [topic.arn],
      tags,
    }, { parent });
  }
  return topic;
}

import { createHash } from "crypto";
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { NO_NOTIFICATIONS, type ComponentKind, type NotificationTargets, type Tags } from "../../domain";

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
 * The alarm topic's key policy. CloudWatch cannot publish to a topic encrypted with the
 * AWS-managed `aws/sns` key: that key's policy does not let CloudWatch call `kms:Decrypt` and
 * `kms:GenerateDataKey`, and an AWS-managed key's policy cannot be edited. The fix AWS documents
 * is a customer-managed key whose policy grants CloudWatch those two actions (AWS re:Post
 * Knowledge Center, "How do I configure a CloudWatch alarm with an encrypted Amazon SNS topic?").
 * The first statement is KMS's default key policy (the account administers the key through IAM;
 * AWS KMS Developer Guide, "Default key policy"); in a key policy `Resource: "*"` means this key.
 */
export function alarmKeyPolicy(accountId: string): { Version: string; Statement: Record<string, unknown>[] } {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministersTheKeyThroughIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },
      { Sid: "CloudWatchAlarmsPublishToTheTopic", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" },
    ],
  };
}

/** A subscription's name, stable per endpoint (never an index: reordering the list must not replace subscriptions). */
export function subscriptionName(topicName: string, protocol: "email" | "https", endpoint: string): string {
  return `${topicName}-${protocol === "email" ? "email" : "webhook"}-${createHash("sha256").update(endpoint).digest("hex").slice(0, 8)}`;
}

/**
 * An SNS topic encrypted with its own customer-managed KMS key (see `alarmKeyPolicy`), the
 * component's alarms on it, and a subscription per notification target (`semantest:notifications`).
 * Email and HTTPS subscriptions stay "pending confirmation" until the address clicks the link SNS
 * mails, or the endpoint visits the `SubscribeURL` SNS posts to it (pulumi-aws sns.TopicSubscription:
 * email and http(s) are "partially supported" protocols).
 */
export function createAlarms(name: string, kind: ComponentKind, targets: AlarmTargets, tags: Tags, parent: pulumi.Resource, notifications: NotificationTargets = NO_NOTIFICATIONS): aws.sns.Topic {
  const accountId = aws.getCallerIdentityOutput({}, { parent }).accountId;
  const key = new aws.kms.Key(`${name}-alarms-key`, {
    description: `${name}: encrypts the alarm topic; CloudWatch may use it to publish`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: accountId.apply((id) => JSON.stringify(alarmKeyPolicy(id))),
    tags,
  }, { parent });
  const topic = new aws.sns.Topic(`${name}-alarms`, { kmsMasterKeyId: key.arn, tags }, { parent });
  for (const address of notifications.email) {
    new aws.sns.TopicSubscription(subscriptionName(`${name}-alarms`, "email", address), { topic: topic.arn, protocol: "email", endpoint: address }, { parent });
  }
  for (const url of notifications.webhooks) {
    new aws.sns.TopicSubscription(subscriptionName(`${name}-alarms`, "https", url), { topic: topic.arn, protocol: "https", endpoint: pulumi.secret(url) }, { parent });
  }
  for (const spec of alarmSpecs(kind)) {
    new aws.cloudwatch.MetricAlarm(`${name}-${spec.role}`, {
      alarmDescription: `${name}: ${spec.description}`,
      namespace: spec.namespace,
      metricName: spec.metricName,
      dimensions: spec.on === "function" ? { FunctionName: targets.functionName } : { ApiId: targets.apiId, Stage: targets.stage },
      ...zeroTolerance(topic.arn),
      tags,
    }, { parent });
  }
  return topic;
}

/**
 * What every alarm of a component shares: the metric's sum must stay at zero over five minutes
 * (missing data is fine: no traffic), and the topic hears both the alarm and the recovery.
 */
export function zeroTolerance(topicArn: pulumi.Input<string>): Pick<aws.cloudwatch.MetricAlarmArgs, "statistic" | "period" | "evaluationPeriods" | "threshold" | "comparisonOperator" | "treatMissingData" | "alarmActions" | "okActions"> {
  return {
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [topicArn],
    okActions: [topicArn],
  };
}

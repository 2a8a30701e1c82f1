/**
 * AWS SNS: alarm topics are encrypted with a customer-managed KMS key CloudWatch may use. Not the
 * AWS-managed `aws/sns` key: its policy does not let CloudWatch call kms:Decrypt and
 * kms:GenerateDataKey and cannot be edited, so an alarm on such a topic never notifies anyone
 * (AWS re:Post Knowledge Center, "How do I configure a CloudWatch alarm with an encrypted Amazon SNS topic?").
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { list, parseDocument } from "../lib/iam";
import { enforcedEnvironment, environmentsConfig, quote, stackPolicy } from "../lib/policy";
import { ofType } from "../lib/stack";

const TOPIC = "aws:sns/topic:Topic";
const KEY = "aws:kms/key:Key";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const CLOUDWATCH_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey*"];

/** `alias/aws/sns` or its ARN form: the AWS-managed key. */
export function isAwsManagedSnsKey(keyId: unknown): boolean {
  return typeof keyId === "string" && /(^|:)alias\/aws\/sns$/.test(keyId);
}

/** Whether a key policy lets cloudwatch.amazonaws.com run kms:Decrypt and kms:GenerateDataKey*. */
export function keyPolicyAllowsCloudWatch(document: unknown): boolean {
  const parsed = parseDocument(document);
  if (!parsed.ok) return false;
  const allowed = parsed.statements
    .filter((s) => s.Effect === "Allow" && list(typeof s.Principal === "object" && s.Principal !== null ? (s.Principal as { Service?: string | string[] }).Service : undefined).includes("cloudwatch.amazonaws.com"))
    .flatMap((s) => list(s.Action));
  return CLOUDWATCH_ACTIONS.every((action) => allowed.includes(action) || allowed.includes("kms:*"));
}

function keyOf(resources: readonly PolicyResource[], topic: PolicyResource): PolicyResource | undefined {
  const declared = topic.propertyDependencies?.kmsMasterKeyId ?? [];
  return declared.find((r) => r.type === KEY) ?? ofType(resources, KEY).find((key) => key.props.arn === topic.props.kmsMasterKeyId || key.props.keyId === topic.props.kmsMasterKeyId);
}

export function snsAlarmTopicEncrypted(): StackValidationPolicy {
  return stackPolicy(
    {
      name: "sns-alarm-topic-kms-encrypted",
      concern: "security",
      severity: "medium",
      description: "In production, SNS topics are encrypted with a customer-managed KMS key (not aws/sns); a topic that CloudWatch alarms notify has a key whose policy lets cloudwatch.amazonaws.com use it.",
      remediationSteps: "Give the topic kmsMasterKeyId: <a kms.Key of the stack> whose policy allows cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey* (components/aws/alarms.ts does).",
      config: environmentsConfig("topics must be encrypted"),
    },
    (args, reportViolation) => {
      if (!enforcedEnvironment(args)) return;
      const alarms = ofType(args.resources, ALARM);
      for (const topic of ofType(args.resources, TOPIC)) {
        const keyId = topic.props.kmsMasterKeyId;
        if (keyId === undefined || keyId === "") {
          reportViolation(`SNS topic ${quote(topic)} is not encrypted (kmsMasterKeyId is missing).`, topic.urn);
          continue;
        }
        if (isAwsManagedSnsKey(keyId)) {
          reportViolation(`SNS topic ${quote(topic)} uses the AWS-managed key alias/aws/sns, which CloudWatch alarms cannot publish with; use a customer-managed key.`, topic.urn);
          continue;
        }
        const notifiedByAlarms = alarms.some((alarm) => alarm.dependencies.some((d) => d.urn === topic.urn));
        const key = keyOf(args.resources, topic);
        if (notifiedByAlarms && key && !keyPolicyAllowsCloudWatch(key.props.policy)) {
          reportViolation(`SNS topic ${quote(topic)} is notified by CloudWatch alarms, but its key ${quote(key)} does not let cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*.`, topic.urn);
        }
      }
    },
  );
}

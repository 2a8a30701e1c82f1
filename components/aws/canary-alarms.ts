import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../../domain";
import { LIVE_ALIAS } from "./policies";

/** One alarm on the new version only, read by the release gates (adapters/gates/aws.ts). */
export interface CanaryAlarmSpec {
  readonly role: string;
  readonly metricName: "Errors" | "Throttles";
  readonly description: string;
}

/**
 * What gates a traffic shift: the new version's own errors. Lambda publishes its metrics per alias
 * and per executed version: dimensions `FunctionName`, `Resource` (`<function>:<alias>`) and
 * `ExecutedVersion` (the version an alias invocation ran on), so a weighted alias's two versions
 * are told apart (pulumi/pulumi-awsx classic/lambda/metrics.ts: "ExecutedVersion. Filters the
 * metric data by Lambda function versions. This only applies to alias invocations"; the same three
 * dimensions in aws-cdk-lib aws-lambda/lib/lambda-canned-metrics.generated.ts; `Resource` is
 * `FunctionName:aliasName`, aws/aws-cdk#3728). API Gateway's 5xx cannot be split by version, so
 * it stays with the component's standing alarms (alarms.ts) and is not a canary gate.
 */
export const CANARY_ALARMS: readonly CanaryAlarmSpec[] = [
  { role: "canary-errors", metricName: "Errors", description: "the new version threw or timed out" },
];

/** One minute: a gate reads the state at every step, and the shortest step (`canary 10% 5m`) must see several periods. */
export const CANARY_PERIOD_SECONDS = 60;

/** The metric dimensions of the new version behind the `live` alias (plain strings, tested without mocks). */
export function canaryDimensions(functionName: string, newVersion: string): Record<string, string> {
  return { FunctionName: functionName, Resource: `${functionName}:${LIVE_ALIAS}`, ExecutedVersion: newVersion };
}

export interface CanaryTarget {
  readonly functionName: pulumi.Input<string>;
  /** The version just published (`Function.version`): the one the canary measures. */
  readonly newVersion: pulumi.Input<string>;
}

/**
 * The canary alarms of a component, declared while a release has `traffic` (from the first step
 * through a rollback to `weight: 0`, so neither a shift nor a rollback adds or removes them). No
 * actions: the gates poll their state (DescribeAlarms); the standing alarms page people.
 * Returns the alarms' names (the `releaseAlarms.aws` stack output).
 */
export function createCanaryAlarms(name: string, target: CanaryTarget, tags: Tags, parent: pulumi.Resource): pulumi.Output<string>[] {
  return CANARY_ALARMS.map((spec) => {
    const alarm = new aws.cloudwatch.MetricAlarm(`${name}-${spec.role}`, {
      alarmDescription: `${name}: ${spec.description} (release gate)`,
      namespace: "AWS/Lambda",
      metricName: spec.metricName,
      dimensions: pulumi.all([target.functionName, target.newVersion]).apply(([fn, version]) => canaryDimensions(fn, version)),
      statistic: "Sum",
      period: CANARY_PERIOD_SECONDS,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      // No invocation on the canary yet is not a failure: the step's verify run is what sends traffic.
      treatMissingData: "notBreaching",
      tags,
    }, { parent });
    return alarm.name;
  });
}

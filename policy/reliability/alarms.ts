/** Production functions behind an API are watched: a CloudWatch alarm per function. */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { environmentOfStack, quote, stackPolicy } from "../lib/policy";
import { ofType } from "../lib/stack";

const FUNCTION = "aws:lambda/function:Function";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const API = "aws:apigatewayv2/api:Api";
const REST_API = "aws:apigateway/restApi:RestApi";

function watches(alarm: PolicyResource, fn: PolicyResource): boolean {
  if (alarm.dependencies.some((d) => d.urn === fn.urn)) return true;
  const dimension = alarm.props.dimensions?.FunctionName;
  if (dimension !== undefined && dimension === fn.props.name) return true;
  return (alarm.props.metricQueries ?? []).some((q: { metric?: { dimensions?: Record<string, string> } }) => {
    const name = q?.metric?.dimensions?.FunctionName;
    return name !== undefined && name === fn.props.name;
  });
}

export function productionAlarms(): StackValidationPolicy {
  return stackPolicy(
    {
      name: "production-alarms",
      concern: "reliability",
      severity: "high",
      description: "In production, every Lambda function of a stack that has an API Gateway (REST or WebSocket) is watched by at least one CloudWatch alarm.",
      remediationSteps: "Keep semantest:components.<component>.alarms on (the production default): errors and throttles alarms per function.",
      config: {
        environments: { type: "array", items: { type: "string" }, default: ["production"], description: "Environments that need alarms." },
      },
    },
    (args, reportViolation) => {
      const environment = environmentOfStack(args);
      const environments = args.getConfig<{ environments?: string[] }>().environments ?? ["production"];
      if (!environments.includes(environment)) return;
      if (ofType(args.resources, API, REST_API).length === 0) return;
      const alarms = ofType(args.resources, ALARM);
      for (const fn of ofType(args.resources, FUNCTION)) {
        if (!alarms.some((alarm) => watches(alarm, fn))) {
          reportViolation(`Lambda function ${quote(fn)} serves an API in ${environment} but no CloudWatch alarm watches it.`, fn.urn);
        }
      }
    },
  );
}

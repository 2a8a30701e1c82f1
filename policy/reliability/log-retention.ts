/** Logs are kept long enough to investigate an incident, and not forever. */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { environmentOfResource, quote, resourcePolicy, stackPolicy } from "../lib/policy";
import { ofType } from "../lib/stack";

export const DEFAULT_MINIMUM_DAYS = { production: 365, other: 7 } as const;

const RETENTION: Readonly<Record<string, { readonly what: string; readonly required: boolean }>> = {
  // CloudWatch keeps logs forever when retentionInDays is absent: always set it.
  "aws:cloudwatch/logGroup:LogGroup": { what: "CloudWatch log group", required: true },
  "azure-native:operationalinsights:Workspace": { what: "Log Analytics workspace", required: true },
  // Workspace-based Application Insights follows its workspace unless it sets its own.
  "azure-native:insights:Component": { what: "Application Insights component", required: false },
  "azure-native:applicationinsights:Component": { what: "Application Insights component", required: false },
};

export function logRetention(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "log-retention-set",
      concern: "reliability",
      severity: "medium",
      description: "Log groups and workspaces set a retention: at least 365 days in production, at least 7 elsewhere.",
      remediationSteps: "Set retentionInDays (stack config semantest:components.<component>.logRetentionDays).",
      config: {
        productionMinimumDays: { type: "integer", minimum: 1, default: DEFAULT_MINIMUM_DAYS.production },
        minimumDays: { type: "integer", minimum: 1, default: DEFAULT_MINIMUM_DAYS.other, description: "Minimum outside production." },
      },
    },
    (args, reportViolation) => {
      const kind = RETENTION[args.type];
      if (!kind) return;
      const config = args.getConfig<{ productionMinimumDays?: number; minimumDays?: number }>();
      const environment = environmentOfResource(args);
      const minimum =
        environment === "production" ? (config.productionMinimumDays ?? DEFAULT_MINIMUM_DAYS.production) : (config.minimumDays ?? DEFAULT_MINIMUM_DAYS.other);
      const days = args.props.retentionInDays as number | undefined;
      if (days === undefined || days === 0) {
        if (kind.required) reportViolation(`${kind.what} ${quote(args)} sets no retentionInDays; ${environment} needs at least ${minimum} days.`);
        return;
      }
      if (days < minimum) {
        reportViolation(`${kind.what} ${quote(args)} keeps logs ${days} days; ${environment} needs at least ${minimum}.`);
      }
    },
  );
}

/**
 * A Lambda function logs into a log group the stack declares (so log-retention-set sees it):
 * `loggingConfig.logGroup` naming a declared LogGroup, or a declared `/aws/lambda/<function name>`.
 * Otherwise Lambda creates `/aws/lambda/<name>` itself on first invocation, kept forever.
 */
export function lambdaLogGroupDeclared(): StackValidationPolicy {
  return stackPolicy(
    {
      name: "lambda-log-group-declared",
      concern: "reliability",
      severity: "medium",
      description: "Every Lambda function logs into a log group the stack declares (loggingConfig.logGroup, or /aws/lambda/<name>), so its retention is managed.",
      remediationSteps: "Declare an aws.cloudwatch.LogGroup with retentionInDays and set loggingConfig: { logGroup: logGroup.name } on the function.",
    },
    (args, reportViolation) => {
      const groups = ofType(args.resources, "aws:cloudwatch/logGroup:LogGroup");
      for (const fn of ofType(args.resources, "aws:lambda/function:Function")) {
        const configured = fn.props.loggingConfig?.logGroup as string | undefined;
        const declared = configured
          ? fn.dependencies.some((d) => d.type === "aws:cloudwatch/logGroup:LogGroup") || groups.some((g) => g.props.name === configured)
          : fn.props.name !== undefined && groups.some((g) => g.props.name === `/aws/lambda/${fn.props.name}`);
        if (!declared) {
          reportViolation(
            `Lambda function ${quote(fn)} logs to ${configured ? `'${configured}', which the stack does not declare` : "the /aws/lambda/<name> group Lambda creates itself, with no retention"}.`,
            fn.urn,
          );
        }
      }
    },
  );
}

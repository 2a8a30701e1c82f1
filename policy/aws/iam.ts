/** AWS IAM: least privilege in every policy document the stack declares. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { documentsOf, IAM_POLICY_TYPES, isAllow, isWildcardAction, label, list, parseDocument } from "../lib/iam";
import { forTypes, quote, resourcePolicy } from "../lib/policy";

/** AWS managed policies that grant every action (or close to it). */
export const ADMIN_MANAGED_POLICIES = ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/PowerUserAccess"];

/**
 * Actions AWS documents as not supporting resource-level permissions: a `*` resource is the only
 * way to grant them (Service Authorization Reference, "Resource types" column empty). The EC2
 * Describe* actions are such (Service Authorization Reference, "Actions, resources, and condition
 * keys for Amazon EC2"); ec2:DescribeSubnets is in AWSLambdaVPCAccessExecutionRole on `*` too.
 */
export const DEFAULT_WILDCARD_RESOURCE_ACTIONS = [
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
  "cloudwatch:PutMetricData",
];

/** A statement whose Sid starts with this documents why it needs `Resource: "*"`. */
export const WILDCARD_REASON_SID_PREFIX = "WildcardResource";

export function iamNoWildcardAction(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "iam-no-wildcard-action",
      concern: "security",
      severity: "critical",
      description: "IAM statements must not allow `*` or `service:*` actions (nor Allow with NotAction), and no role gets AdministratorAccess.",
      remediationSteps: "List the exact actions the function needs, e.g. dynamodb:PutItem instead of dynamodb:*.",
    },
    (args, reportViolation) => {
      if (args.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" || args.type === "aws:iam/policyAttachment:PolicyAttachment") {
        const arn = args.props.policyArn as string | undefined;
        if (arn && ADMIN_MANAGED_POLICIES.includes(arn)) {
          reportViolation(`${quote(args)} attaches ${arn}, which allows every action.`);
        }
        return;
      }
      if (!(IAM_POLICY_TYPES as readonly string[]).includes(args.type)) return;
      for (const { where, document } of documentsOf(args.type, args.props)) {
        const parsed = parseDocument(document);
        if (!parsed.ok) {
          reportViolation(`${quote(args)} ${where} ${parsed.error}: it cannot be checked for wildcard actions.`);
          continue;
        }
        parsed.statements.forEach((statement, index) => {
          if (!isAllow(statement)) return;
          const wild = list(statement.Action).filter(isWildcardAction);
          if (wild.length > 0) {
            reportViolation(`${quote(args)} ${where} ${label(statement, index)} allows the wildcard action ${wild.map((a) => `'${a}'`).join(", ")}.`);
          }
          if (statement.NotAction !== undefined) {
            reportViolation(`${quote(args)} ${where} ${label(statement, index)} allows NotAction, i.e. every action but a few.`);
          }
        });
      }
    },
  );
}

export function iamNoUnexplainedWildcardResource(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "iam-no-wildcard-resource-without-reason",
      concern: "security",
      severity: "high",
      description:
        "IAM Allow statements must not use `Resource: \"*\"` unless every action is in the allowlist (actions without resource-level permissions) or the statement's Sid starts with 'WildcardResource' and names the reason.",
      remediationSteps: "Scope the statement to ARNs (the table, the API stage, the log group), or document the reason in the Sid: WildcardResourceXRayHasNoResourceArns.",
      config: {
        allowedActions: {
          type: "array",
          items: { type: "string" },
          default: DEFAULT_WILDCARD_RESOURCE_ACTIONS,
          description: "Actions that may use Resource '*' (they support no resource-level permissions).",
        },
      },
    },
    (args, reportViolation) => {
      if (!(IAM_POLICY_TYPES as readonly string[]).includes(args.type)) return;
      const allowed = args.getConfig<{ allowedActions?: string[] }>().allowedActions ?? DEFAULT_WILDCARD_RESOURCE_ACTIONS;
      for (const { where, document } of documentsOf(args.type, args.props)) {
        const parsed = parseDocument(document);
        if (!parsed.ok) continue; // iam-no-wildcard-action reports unreadable documents
        parsed.statements.forEach((statement, index) => {
          if (!isAllow(statement)) return;
          const wildResource = list(statement.Resource).includes("*") || statement.NotResource !== undefined;
          if (!wildResource) return;
          if (statement.Sid?.startsWith(WILDCARD_REASON_SID_PREFIX) && statement.Sid.length > WILDCARD_REASON_SID_PREFIX.length) return;
          const unexplained = list(statement.Action).filter((action) => !allowed.includes(action));
          if (unexplained.length === 0 && statement.Action !== undefined) return;
          reportViolation(
            `${quote(args)} ${where} ${label(statement, index)} grants ${unexplained.map((a) => `'${a}'`).join(", ") || "its actions"} on every resource ('*') without a documented reason (Sid '${WILDCARD_REASON_SID_PREFIX}<Reason>' or the allowedActions config).`,
          );
        });
      }
    },
  );
}

/** `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/POST/@connections/*`: one API, one stage. */
const SCOPED_CONNECTIONS_ARN = /^arn:aws[a-z-]*:execute-api:[a-z0-9-]+:\d{12}:[A-Za-z0-9]+\/[A-Za-z0-9_$-]+\/(POST|GET|DELETE|\*)\/@connections(\/.*)?$/;

export function manageConnectionsScoped(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "apigateway-manage-connections-scoped",
      concern: "security",
      severity: "high",
      description: "execute-api:ManageConnections must be granted on one WebSocket API stage's @connections ARN, never on a wildcard API or stage.",
      remediationSteps: "Use pulumi.interpolate`${api.executionArn}/${stage.name}/POST/@connections/*` as the statement's Resource.",
    },
    forTypes<Record<string, unknown>>([...IAM_POLICY_TYPES], (props, args, reportViolation) => {
      for (const { where, document } of documentsOf(args.type, props)) {
        const parsed = parseDocument(document);
        if (!parsed.ok) continue;
        parsed.statements.forEach((statement, index) => {
          if (!isAllow(statement)) return;
          const grants = list(statement.Action).some((a) => /^execute-api:(ManageConnections|\*)$/i.test(a) || a === "*");
          if (!grants) return;
          const resources = list(statement.Resource);
          const unscoped = resources.filter((r) => !SCOPED_CONNECTIONS_ARN.test(r));
          if (resources.length === 0 || unscoped.length > 0) {
            reportViolation(
              `${quote(args)} ${where} ${label(statement, index)} grants execute-api:ManageConnections on ${unscoped.map((r) => `'${r}'`).join(", ") || "no Resource"}; scope it to one API stage: arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/POST/@connections/*.`,
            );
          }
        });
      }
    }),
  );
}

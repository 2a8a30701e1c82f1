/** AWS Lambda: nobody on the internet invokes a function directly. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { quote, resourcePolicy } from "../lib/policy";

function isPublicPrincipal(principal: unknown): boolean {
  if (principal === "*") return true;
  if (principal && typeof principal === "object") {
    return Object.values(principal as Record<string, unknown>).some((v) => v === "*" || (Array.isArray(v) && v.includes("*")));
  }
  return false;
}

export function lambdaNotPublic(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "lambda-not-public",
      concern: "security",
      severity: "critical",
      description:
        "Lambda function URLs must use AWS_IAM auth, and lambda permissions must not grant '*' (or a service principal) without a sourceArn: API Gateway is the only way in.",
      remediationSteps: "Drop the function URL (API Gateway fronts the function) and set sourceArn = pulumi.interpolate`${api.executionArn}/*` on the permission.",
      config: {
        allowPublicUrls: { type: "array", items: { type: "string" }, default: [], description: "Logical names of function URLs allowed to be public." },
      },
    },
    (args, reportViolation) => {
      if (args.type === "aws:lambda/functionUrl:FunctionUrl") {
        const allowed = args.getConfig<{ allowPublicUrls?: string[] }>().allowPublicUrls ?? [];
        if (args.props.authorizationType !== "AWS_IAM" && !allowed.includes(args.name)) {
          reportViolation(`Function URL ${quote(args)} has authorizationType '${args.props.authorizationType ?? "(missing)"}': anyone can invoke it. Use AWS_IAM.`);
        }
        return;
      }
      if (args.type !== "aws:lambda/permission:Permission") return;
      const { principal, sourceArn, sourceAccount, functionUrlAuthType } = args.props as Record<string, unknown>;
      if (functionUrlAuthType === "NONE") {
        reportViolation(`Lambda permission ${quote(args)} sets functionUrlAuthType 'NONE': it makes a public function URL.`);
        return;
      }
      if (sourceArn) return;
      if (isPublicPrincipal(principal)) {
        reportViolation(`Lambda permission ${quote(args)} grants principal '*' without a sourceArn: anyone can invoke the function.`);
      } else if (typeof principal === "string" && principal.endsWith(".amazonaws.com") && !sourceAccount) {
        reportViolation(`Lambda permission ${quote(args)} grants '${principal}' without a sourceArn or sourceAccount: any ${principal} resource of any account can invoke the function.`);
      }
    },
  );
}

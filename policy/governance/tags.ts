/** Every taggable resource says which environment and component it belongs to and who manages it. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentOfResource, quote, resourcePolicy } from "../lib/policy";
import { isTaggable } from "../lib/taggable";

export const REQUIRED_TAGS = ["environment", "managed-by", "component"];

export function requiredTags(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "required-tags",
      concern: "governance",
      severity: "medium",
      description: "Every taggable AWS and Azure resource carries the tags environment (matching the stack's), managed-by and component.",
      remediationSteps: "Pass context.tags to the resource (the stack transformation in components/events applies them to every taggable resource).",
      config: {
        requiredTags: { type: "array", items: { type: "string" }, default: REQUIRED_TAGS, description: "Tag keys every taggable resource must carry." },
      },
    },
    (args, reportViolation) => {
      if (!args.type.startsWith("aws:") && !args.type.startsWith("azure-native:")) return;
      if (args.type.startsWith("pulumi:providers:")) return;
      if (!isTaggable(args.type, args.props)) return;
      const required = args.getConfig<{ requiredTags?: string[] }>().requiredTags ?? REQUIRED_TAGS;
      const tags = (args.props.tags ?? {}) as Record<string, unknown>;
      const missing = required.filter((key) => typeof tags[key] !== "string" || tags[key] === "");
      if (missing.length > 0) {
        reportViolation(`${quote(args)} is missing the tag${missing.length > 1 ? "s" : ""} ${missing.map((k) => `'${k}'`).join(", ")}.`);
      }
      const environment = environmentOfResource(args);
      if (typeof tags.environment === "string" && tags.environment !== "" && tags.environment !== environment) {
        reportViolation(`${quote(args)} is tagged environment '${tags.environment}' in the ${environment} stack.`);
      }
    },
  );
}

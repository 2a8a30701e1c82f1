/** Production APIs name the origins they serve: no `*`. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentOfResource, quote, resourcePolicy } from "../lib/policy";

/** Origins that mean "any web page": `*` itself, or any http(s) site. Scheme-scoped patterns like chrome-extension://* are not. */
export function isAnyOrigin(origin: string): boolean {
  return ["*", "http://*", "https://*", "null"].includes(origin.trim());
}

export function productionCorsNoWildcard(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "production-cors-no-wildcard",
      concern: "governance",
      severity: "high",
      description: "In production, API Gateway CORS and Function App CORS list their origins: no '*' (nor 'http://*', 'https://*', 'null').",
      remediationSteps: "Set semantest:components.rest-api.cors.allowOrigins to the real front-end origins.",
      config: {
        environments: { type: "array", items: { type: "string" }, default: ["production"], description: "Environments where '*' is refused." },
      },
    },
    (args, reportViolation) => {
      let origins: unknown;
      if (args.type === "aws:apigatewayv2/api:Api") origins = args.props.corsConfiguration?.allowOrigins;
      else if (args.type === "azure-native:web:WebApp") origins = args.props.siteConfig?.cors?.allowedOrigins;
      else return;
      const environment = environmentOfResource(args);
      const environments = args.getConfig<{ environments?: string[] }>().environments ?? ["production"];
      if (!environments.includes(environment) || !Array.isArray(origins)) return;
      const wild = origins.filter((o): o is string => typeof o === "string" && isAnyOrigin(o));
      if (wild.length > 0) {
        reportViolation(`${quote(args)} allows CORS from ${wild.map((o) => `'${o}'`).join(", ")} in ${environment}; list the front-end origins.`);
      }
    },
  );
}

/**
 * The shape every policy in the pack shares: a kebab-case name, a description, mandatory by
 * default (config files make dev/staging advisory), and a config schema that always accepts
 * `environment` (see lib/environment.ts) next to the policy's own settings.
 */
import type {
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidation,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { ENVIRONMENTS, Environment, resolveEnvironment } from "./environment";

export type Concern = "security" | "reliability" | "governance";

/** Every policy config accepts `environment`. */
export const ENVIRONMENT_SCHEMA: PolicyConfigJSONSchema = {
  type: "string",
  enum: [...ENVIRONMENTS],
  description: "The environment the stack belongs to; default: the stack name in the URN, else production.",
};

interface Meta {
  readonly name: string;
  readonly description: string;
  readonly concern: Concern;
  readonly severity?: "low" | "medium" | "high" | "critical";
  readonly remediationSteps?: string;
  readonly config?: Record<string, PolicyConfigJSONSchema>;
}

function schema(meta: Meta): PolicyConfigSchema {
  return { properties: { environment: ENVIRONMENT_SCHEMA, ...(meta.config ?? {}) } };
}

function common(meta: Meta) {
  return {
    name: meta.name,
    description: meta.description,
    enforcementLevel: "mandatory" as const,
    severity: meta.severity ?? "high",
    tags: [meta.concern],
    ...(meta.remediationSteps ? { remediationSteps: meta.remediationSteps } : {}),
    configSchema: schema(meta),
  };
}

export function resourcePolicy(meta: Meta, validateResource: ResourceValidation): ResourceValidationPolicy {
  return { ...common(meta), validateResource };
}

export function stackPolicy(meta: Meta, validateStack: StackValidation): StackValidationPolicy {
  return { ...common(meta), validateStack };
}

/**
 * A validation that only looks at resources of the given type tokens. With one type, the token is
 * attached as `__pulumiType`, which the policy server uses to skip other types without a call.
 */
export function forTypes<TProps>(
  types: readonly string[],
  validate: (props: TProps, args: ResourceValidationArgs, reportViolation: ReportViolation) => void | Promise<void>,
): ResourceValidation {
  const fn: ResourceValidation & { __pulumiType?: string } = (args, reportViolation) => {
    if (!types.includes(args.type)) return;
    return validate(args.props as TProps, args, reportViolation);
  };
  if (types.length === 1) fn.__pulumiType = types[0];
  return fn;
}

/** The environment a resource validation runs for. */
export function environmentOfResource(args: ResourceValidationArgs): Environment {
  return resolveEnvironment({ config: args.getConfig<{ environment?: string }>(), stackTags: args.stackTags, urn: args.urn });
}

/** The environment a stack validation runs for (from config, stack tags or any resource URN). */
export function environmentOfStack(args: StackValidationArgs): Environment {
  return resolveEnvironment({ config: args.getConfig<{ environment?: string }>(), stackTags: args.stackTags, urn: args.resources[0]?.urn });
}

/** `'rest-api-function' (urn:pulumi:...)`: how messages quote a resource. */
export function quote(resource: { readonly name: string; readonly urn: string }): string {
  return `'${resource.name}' (${resource.urn})`;
}

/** The `environments` knob of a rule that holds only in some environments (default: production). */
export function environmentsConfig(what: string): Record<string, PolicyConfigJSONSchema> {
  return { environments: { type: "array", items: { type: "string" }, default: ["production"], description: `Environments where ${what}.` } };
}

/** The environment the rule judges, when its `environments` config includes it; undefined when the rule does not apply. */
export function enforcedEnvironment(args: ResourceValidationArgs | StackValidationArgs): Environment | undefined {
  const environment = "resources" in args ? environmentOfStack(args) : environmentOfResource(args);
  const environments = args.getConfig<{ environments?: string[] }>().environments ?? ["production"];
  return environments.includes(environment) ? environment : undefined;
}

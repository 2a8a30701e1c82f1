/**
 * Runs the pack's policies on the resources an offline evaluation recorded, with the argument
 * shapes the Pulumi policy server builds for the engine (@pulumi/policy server.js, analyze and
 * analyzeStack): `ResourceValidationArgs` per resource, then one `StackValidationArgs` with the
 * parent / dependency graph; properties behind an unknown-checking proxy; the same enforcement
 * level resolution (policy config, then the policy's level, then the pack's) and the same
 * "can't run during preview" advisory when a policy reads a value not known until apply.
 */
import * as fs from "fs";
import * as path from "path";
import {
  EnforcementLevel,
  Policies,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  unknownCheckingProxy,
  UnknownValueError,
} from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, PACK_VERSION, packPolicies } from "./pack";

/** The slice of adapters/engine/offline/evaluate.ts's RecordedResource the runner reads. */
export interface RecordedResourceLike {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  readonly inputs: Record<string, unknown>;
  readonly dependencies: readonly string[];
  /** Per-input dependencies when the recorder keeps them; else every dependency counts for every input. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  readonly options: { readonly protect: boolean; readonly aliases: readonly string[] };
}

export interface Violation {
  readonly policy: string;
  readonly level: "mandatory" | "advisory";
  readonly urn: string;
  readonly message: string;
}

/** `--policy-pack-config` JSON: `all` sets every level; a policy's entry is a level or `{ enforcementLevel?, ...config }`. */
export type PolicyPackConfigFile = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export interface RunOptions {
  /** The environment every policy is told (as `environment` in its config). Default: from the URNs. */
  readonly environment?: string;
  /** The policy pack config file's content. */
  readonly config?: PolicyPackConfigFile;
  readonly stackTags?: Readonly<Record<string, string>>;
  /** Default: the pack's policies. */
  readonly policies?: Policies;
  readonly packEnforcementLevel?: EnforcementLevel;
}

/** The value evaluate.ts records for an input known only after apply. */
export const COMPUTED = "<computed>";
/** What the engine sends for an unknown string (@pulumi/policy proxy.js, unknownStringValue). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

class NotApplicable extends Error {}
const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason ?? "Policy does not apply");
};

/** policy/config.<env>.json, when there is one. */
export function loadPolicyConfig(projectDir: string, environment: string): PolicyPackConfigFile | undefined {
  const file = path.join(projectDir, "policy", `config.${environment}.json`);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, "utf8")) as PolicyPackConfigFile;
}

function isResourcePolicy(p: Policies[number]): p is ResourceValidationPolicy {
  return typeof (p as ResourceValidationPolicy).validateResource === "function" || Array.isArray((p as ResourceValidationPolicy).validateResource);
}
function isStackPolicy(p: Policies[number]): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** The level the engine would use: configured (per policy, else `all`), else the policy's, else the pack's. */
export function enforcementLevelOf(policy: Policies[number], config: PolicyPackConfigFile | undefined, packLevel: EnforcementLevel): EnforcementLevel {
  const entry = config?.[policy.name];
  const configured = typeof entry === "string" ? entry : entry?.enforcementLevel ?? (config?.all as EnforcementLevel | undefined);
  return configured || policy.enforcementLevel || packLevel;
}

/** What `args.getConfig()` returns: schema defaults, overridden by the config file, plus `environment`. */
export function policyConfigOf(policy: Policies[number], config: PolicyPackConfigFile | undefined, environment: string | undefined): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (schema.default !== undefined) defaults[key] = schema.default;
  }
  const entry = config?.[policy.name];
  const { enforcementLevel: _level, ...properties } = typeof entry === "object" && entry ? entry : {};
  return { ...defaults, ...(environment ? { environment } : {}), ...properties };
}

function validateConfig(policies: Policies, config: PolicyPackConfigFile | undefined): void {
  const names = new Set(policies.map((p) => p.name));
  for (const key of Object.keys(config ?? {})) {
    if (key !== "all" && !names.has(key)) {
      throw new Error(`policy config names '${key}', which is not a policy of ${PACK_NAME}; policies: ${[...names].join(", ")}`);
    }
  }
}

/** Inputs as the engine hands them to a policy: unknowns become the SDK's unknown sentinels. */
export function engineProps(value: unknown): unknown {
  if (value === COMPUTED) return UNKNOWN;
  if (Array.isArray(value)) return value.map(engineProps);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = engineProps(inner);
    return out;
  }
  return value;
}

function optionsOf(resource: RecordedResourceLike): PolicyResourceOptions {
  return {
    protect: resource.options.protect,
    ignoreChanges: [],
    aliases: [...resource.options.aliases],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(resource.parent ? { parent: resource.parent } : {}),
  };
}

function typeChecks(type: string, props: Record<string, unknown>) {
  const is = (resourceClass: unknown): boolean => {
    const token = (resourceClass as { __pulumiType?: unknown })?.__pulumiType;
    if (typeof token === "string" && token.length > 0) return token === type;
    const isInstance = (resourceClass as { isInstance?: (o: unknown) => boolean })?.isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
  };
  return {
    isType: is as ResourceValidationArgs["isType"],
    asType: ((resourceClass: unknown) => (is(resourceClass) ? props : undefined)) as ResourceValidationArgs["asType"],
  };
}

function cantRun(policy: string, error: Error): string {
  return `can't run policy '${policy}' from policy pack '${PACK_NAME}@v${PACK_VERSION}' during preview: ${error.message}`;
}

/** Evaluates every policy on the resources; returns the violations in the engine's order. */
export async function runPolicies(resources: readonly RecordedResourceLike[], options: RunOptions = {}): Promise<Violation[]> {
  const policies = options.policies ?? packPolicies();
  validateConfig(policies, options.config);
  const packLevel = options.packEnforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
  const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(options.stackTags ?? {}));
  const violations: Violation[] = [];
  const levels = new Map(policies.map((p) => [p.name, enforcementLevelOf(p, options.config, packLevel)]));
  const report = (policy: string, urn: string) => (message: string, reportedUrn?: string) => {
    const level = levels.get(policy) === "advisory" ? "advisory" : "mandatory";
    violations.push({ policy, level, urn: reportedUrn ?? urn, message });
  };

  // analyze: one call per resource, every resource policy in pack order.
  for (const resource of resources) {
    for (const policy of policies) {
      const level = levels.get(policy.name)!;
      if (level === "disabled" || !isResourcePolicy(policy) || !policy.validateResource) continue;
      const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const validation of validations) {
        const pinned = (validation as { __pulumiType?: string }).__pulumiType;
        if (pinned && pinned !== resource.type) continue;
        const props = unknownCheckingProxy(engineProps(resource.inputs) as Record<string, unknown>);
        const args: ResourceValidationArgs = {
          type: resource.type,
          props,
          urn: resource.urn,
          name: resource.name,
          opts: optionsOf(resource),
          stackTags,
          ...typeChecks(resource.type, props),
          getConfig: <T extends object>() => policyConfigOf(policy, options.config, options.environment) as T,
          notApplicable,
        };
        try {
          await validation(args, report(policy.name, resource.urn));
        } catch (error) {
          if (error instanceof UnknownValueError) {
            violations.push({ policy: policy.name, level: "advisory", urn: resource.urn, message: cantRun(policy.name, error as Error) });
          } else if (!(error instanceof NotApplicable)) {
            throw new Error(`policy '${policy.name}' failed on ${resource.urn}: ${(error as Error).message}`, { cause: error });
          }
        }
      }
    }
  }

  // analyzeStack: once, with the resource graph linked as the server links it.
  const stackResources = linkGraph(resources);
  for (const policy of policies) {
    const level = levels.get(policy.name)!;
    if (level === "disabled" || !isStackPolicy(policy)) continue;
    const args: StackValidationArgs = {
      resources: stackResources,
      stackTags,
      getConfig: <T extends object>() => policyConfigOf(policy, options.config, options.environment) as T,
      notApplicable,
    };
    try {
      await policy.validateStack(args, report(policy.name, ""));
    } catch (error) {
      if (error instanceof UnknownValueError) {
        violations.push({ policy: policy.name, level: "advisory", urn: "", message: cantRun(policy.name, error as Error) });
      } else if (!(error instanceof NotApplicable)) {
        throw new Error(`policy '${policy.name}' failed on the stack: ${(error as Error).message}`, { cause: error });
      }
    }
  }
  return violations;
}

/** PolicyResource objects whose parent / dependencies point at each other, like the server's analyzeStack. */
export function linkGraph(resources: readonly RecordedResourceLike[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const linked = resources.map((resource) => {
    const props = unknownCheckingProxy(engineProps(resource.inputs) as Record<string, unknown>);
    const policyResource: PolicyResource = {
      type: resource.type,
      props,
      urn: resource.urn,
      name: resource.name,
      opts: optionsOf(resource),
      dependencies: [],
      propertyDependencies: {},
      ...(typeChecks(resource.type, props) as Pick<PolicyResource, "isType" | "asType">),
    };
    byUrn.set(resource.urn, policyResource);
    return { resource, policyResource };
  });
  for (const { resource, policyResource } of linked) {
    const parent = resource.parent ? byUrn.get(resource.parent) : undefined;
    if (parent) policyResource.parent = parent;
    policyResource.dependencies = resource.dependencies.map((urn) => byUrn.get(urn)).filter((r): r is PolicyResource => !!r);
    for (const [key, urns] of Object.entries(resource.propertyDependencies ?? {})) {
      policyResource.propertyDependencies[key] = urns.map((urn) => byUrn.get(urn)).filter((r): r is PolicyResource => !!r);
    }
  }
  return linked.map((l) => l.policyResource);
}

/**
 * Policy test helpers (after pulumi-policy-aws src/tests/util.ts): synthetic resources shaped like
 * the provider inputs the engine hands a policy, run through the offline runner exactly as
 * `preview --offline` runs them.
 */
import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PolicyPackConfigFile, RecordedResourceLike, runPolicies, Violation } from "../../policy/offline";

export const PROJECT = "semantest-infrastructure";

export interface Fake {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
  readonly parent?: string | null;
  readonly dependsOn?: readonly RecordedResourceLike[];
}

export function urnOf(stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
}

/** A recorded resource in `stack` (default dev). */
export function fake(type: string, name: string, props: Record<string, unknown>, options: { stack?: string; dependsOn?: readonly RecordedResourceLike[]; parent?: string } = {}): RecordedResourceLike {
  return {
    urn: urnOf(options.stack ?? "dev", type, name),
    type,
    name,
    parent: options.parent ?? null,
    inputs: props,
    dependencies: (options.dependsOn ?? []).map((r) => r.urn),
    options: { protect: false, aliases: [] },
  };
}

/** Runs one policy (or several) on the resources; mandatory unless `config` says otherwise. */
export async function check(
  policy: ResourceValidationPolicy | StackValidationPolicy | Policies,
  resources: readonly RecordedResourceLike[],
  options: { config?: PolicyPackConfigFile; environment?: string } = {},
): Promise<Violation[]> {
  const policies = Array.isArray(policy) ? policy : [policy];
  return runPolicies(resources, { policies, config: options.config, environment: options.environment });
}

/** Messages of the violations a policy reported (not the runner's "can't run" advisories). */
export function messages(violations: readonly Violation[]): string[] {
  return violations.map((v) => v.message);
}

export const policyDocument = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });

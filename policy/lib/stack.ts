/** Finding related resources in a stack validation (the engine's PolicyResource graph). */
import type { PolicyResource } from "@pulumi/policy";

export function ofType(resources: readonly PolicyResource[], ...types: string[]): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type));
}

/** Resources of `types` that depend on `target` (through an input or dependsOn). */
export function dependents(resources: readonly PolicyResource[], target: PolicyResource, ...types: string[]): PolicyResource[] {
  return ofType(resources, ...types).filter(
    (r) => r.dependencies.some((d) => d.urn === target.urn) || Object.values(r.propertyDependencies).some((deps) => deps.some((d) => d.urn === target.urn)),
  );
}

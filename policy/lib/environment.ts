/**
 * How a policy learns the environment it judges. In order:
 * 1. the policy's config `environment` (`--policy-pack-config policy/config.<env>.json`, or the
 *    offline runner, which passes the stack config's `semantest:environment`);
 * 2. the stack tag `environment` (Pulumi Cloud stack tags, given to the pack by the engine);
 * 3. the stack name in the resource URN (`urn:pulumi:<stack>::...`): the stack name is the
 *    environment unless `semantest:environment` says otherwise (DESIGN §3);
 * 4. otherwise `production`: a stack we cannot place is held to the strictest rules.
 */
export const ENVIRONMENTS = ["dev", "staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export interface EnvironmentSources {
  readonly config?: { readonly environment?: unknown };
  readonly stackTags?: ReadonlyMap<string, string>;
  readonly urn?: string;
}

export function isEnvironment(value: unknown): value is Environment {
  return typeof value === "string" && (ENVIRONMENTS as readonly string[]).includes(value);
}

/** `urn:pulumi:production::semantest-infrastructure::aws:s3/bucket:Bucket::x` -> `production`. */
export function stackOfUrn(urn: string | undefined): string | undefined {
  const match = /^urn:pulumi:([^:]+)::/.exec(urn ?? "");
  return match?.[1];
}

export function resolveEnvironment(sources: EnvironmentSources): Environment {
  const candidates = [sources.config?.environment, sources.stackTags?.get("environment"), stackOfUrn(sources.urn)];
  for (const candidate of candidates) {
    if (isEnvironment(candidate)) return candidate;
  }
  return "production";
}

/**
 * What a release's traffic split (`semantest:release.traffic`, issue 20) means for a Lambda's
 * `live` alias, as pure functions of plain values (tested without mocks in tests/canary-aws).
 *
 * The alias is the only thing that moves during a canary: each step is one `pulumi up` that changes
 * its `functionVersion` / `routingConfig`, so Pulumi's state is what is live after every outcome,
 * and a rollback (`weight: 0`) changes the alias alone.
 *
 * What Lambda accepts, each rule checked here before any resource is declared and again by the
 * policy pack on the declared alias (policy/aws/lambda-alias.ts):
 * - an alias points at most at two versions: `functionVersion` plus ONE additional version
 *   (Lambda Developer Guide, "Implement Lambda canary deployments using a weighted alias");
 * - both must be published versions, never `$LATEST` (same page), and the additional version's key
 *   matches `[0-9]+` (Lambda API reference, AliasRoutingConfiguration, AdditionalVersionWeights);
 * - its weight is a double from 0.0 to 1.0 (same reference). We use the open interval (0, 1): 0 and
 *   1 are said by moving `functionVersion` instead, so a finished or aborted canary leaves no
 *   routing behind;
 * - the provider passes the map through without checking it (hashicorp/terraform-provider-aws
 *   internal/service/lambda/alias.go: `additional_version_weights` is a plain TypeMap of floats), and
 *   clearing it waits until Lambda reports no weights (`waitAliasRoutingWeightsCleared`), so a
 *   rollback's update ends only when all traffic is back on the previous version.
 */
import type { ComponentKind, ReleaseTraffic } from "../../domain";

/** A published Lambda version: digits only (`$LATEST` and alias names are not versions). */
export const PUBLISHED_VERSION = /^[0-9]+$/;

/** Where the `live` alias points: its primary version and, during a canary, the new version's share. */
export interface AliasRouting {
  readonly functionVersion: string;
  /** At most one entry: the new version and its weight in (0, 1). */
  readonly additionalVersionWeights?: Readonly<Record<string, number>>;
}

/**
 * Problems with a release's traffic for a component on AWS, before any resource exists: a split
 * other than "all on the new release" needs the previous version, and that must be a published one.
 */
export function awsTrafficProblems(traffic: ReleaseTraffic | undefined, kind: ComponentKind): string[] {
  if (!traffic || traffic.weight === 1) return [];
  const path = `semantest:release.traffic.previous.versions.${kind}`;
  const previous = traffic.previous.versions?.[kind];
  if (previous === undefined) {
    return [`${path}: missing; a weight of ${traffic.weight} on AWS needs the Lambda version serving the previous release (the stack output liveVersions.${kind})`];
  }
  if (!PUBLISHED_VERSION.test(previous)) {
    return [`${path}: ${JSON.stringify(previous)} is not a published Lambda version; allowed: a version number such as "7" (a weighted alias cannot point at $LATEST or an alias)`];
  }
  return [];
}

/**
 * The alias for the function's newly published version under a release's traffic. Called with the
 * version Lambda published (`Function.version`); the traffic has passed `awsTrafficProblems`.
 */
export function aliasRouting(newVersion: string, traffic: ReleaseTraffic | undefined, kind: ComponentKind): AliasRouting {
  if (!PUBLISHED_VERSION.test(newVersion)) {
    throw new Error(`the function's version ${JSON.stringify(newVersion)} is not a published version; the live alias needs publish: true`);
  }
  const previous = traffic?.previous.versions?.[kind];
  if (!traffic || previous === undefined || traffic.weight >= 1 || previous === newVersion) return { functionVersion: newVersion };
  if (traffic.weight <= 0) return { functionVersion: previous };
  return { functionVersion: previous, additionalVersionWeights: { [newVersion]: traffic.weight } };
}

/** The weighted alias's rules as one check, for the policy pack: every problem, or none. */
export function aliasRoutingProblems(functionVersion: unknown, weights: unknown): string[] {
  const problems: string[] = [];
  if (weights === undefined || weights === null) return problems;
  if (typeof weights !== "object" || Array.isArray(weights)) return [`routingConfig.additionalVersionWeights is not a map of version to weight`];
  const entries = Object.entries(weights as Record<string, unknown>);
  if (entries.length === 0) return problems;
  if (entries.length > 1) problems.push(`routingConfig.additionalVersionWeights has ${entries.length} versions; allowed: at most 1 (an alias points at two versions at most)`);
  if (typeof functionVersion !== "string" || !PUBLISHED_VERSION.test(functionVersion)) {
    problems.push(`functionVersion ${JSON.stringify(functionVersion)} is not a published version; a weighted alias cannot point at $LATEST`);
  }
  for (const [version, weight] of entries) {
    if (!PUBLISHED_VERSION.test(version)) problems.push(`additional version ${JSON.stringify(version)} is not a published version; allowed: digits only`);
    if (version === functionVersion) problems.push(`additional version ${version} is the alias's own functionVersion`);
    if (typeof weight !== "number" || !Number.isFinite(weight) || weight <= 0 || weight >= 1) {
      problems.push(`the weight of version ${version} is ${JSON.stringify(weight)}; allowed: a number between 0 and 1, both excluded`);
    }
  }
  return problems;
}

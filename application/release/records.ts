/**
 * Reads semantest-iac's deployments out of Pulumi stack history: the deployment id (from the
 * update message, else `semantest:release.id`), what ran, who ran it, which components on which
 * clouds, and which artifacts.
 */
import { COMPONENT_KINDS, ComponentKind, CloudProvider, parseRelease, type RevertReason, type RolloutStrategy } from "../../domain";
import type { StackConfig, StackUpdate } from "../ports/engine";

export type DeploymentKind = "deploy" | "rollback";

/** `semantest-iac deploy <id>` / `semantest-iac rollback <id> to <target id> (v<version>)`. */
const MESSAGE = /^semantest-iac (deploy|rollback) ([0-9A-HJKMNP-TV-Z]{26})(?: to (\S+) \(v(\d+)\))?/;

export function deployMessage(id: string, note?: string): string {
  return `semantest-iac deploy ${id}${note ? `: ${note}` : ""}`;
}

/** Where a rollout stands, as the update message records it (`[canary step 1/1: 10%]`, `[linear completed]`, `[canary reverted: alarm]`). */
export type RolloutMark =
  | { readonly strategy: RolloutStrategy; readonly phase: "step"; readonly step: number; readonly steps: number; readonly weight: number }
  | { readonly strategy: RolloutStrategy; readonly phase: "completed" }
  | { readonly strategy: RolloutStrategy; readonly phase: "reverted"; readonly reason: RevertReason };

const MARK = /\[(all-at-once|canary|linear|blue-green) (?:step (\d+)\/(\d+): (\d+(?:\.\d+)?)%|(completed)|reverted: (alarm|verify|aborted|failed))\]/;

/** The message of one update of a rollout: the deployment id, then where the rollout stands. */
export function rolloutMessage(id: string, mark: RolloutMark, note?: string): string {
  const where =
    mark.phase === "step" ? `step ${mark.step}/${mark.steps}: ${Number((mark.weight * 100).toFixed(2))}%` : mark.phase === "completed" ? "completed" : `reverted: ${mark.reason}`;
  return `semantest-iac deploy ${id} [${mark.strategy} ${where}]${note ? `: ${note}` : ""}`;
}

/** The abort of a rollout by `semantest-iac rollback`: a rollback of its own that shifts everything back. */
export function abortMessage(id: string, releaseId: string, strategy: RolloutStrategy): string {
  return `semantest-iac rollback ${id} aborts ${releaseId} [${strategy} reverted: aborted]`;
}

export function parseRolloutMark(message: string): RolloutMark | null {
  const match = MARK.exec(message);
  if (!match) return null;
  const strategy = match[1] as RolloutStrategy;
  if (match[2]) return { strategy, phase: "step", step: Number(match[2]), steps: Number(match[3]), weight: Number(match[4]) / 100 };
  if (match[5]) return { strategy, phase: "completed" };
  return { strategy, phase: "reverted", reason: match[6] as RevertReason };
}

export function rollbackMessage(id: string, targetId: string | null, targetVersion: number): string {
  return `semantest-iac rollback ${id} to ${targetId ?? "-"} (v${targetVersion})`;
}

export interface DeploymentRecord {
  /** The deployment (or rollback) id; null for updates semantest-iac did not make and that carry no release. */
  readonly deploymentId: string | null;
  readonly kind: DeploymentKind | "other";
  readonly version: number;
  readonly startTime: string;
  readonly endTime: string | null;
  readonly result: StackUpdate["result"];
  readonly message: string;
  /** Who / what ran it: git commit and author, CI system, how it was run. */
  readonly by: Readonly<Record<string, string>>;
  readonly components: readonly { readonly kind: ComponentKind; readonly provider: CloudProvider }[];
  /** The release the update shipped: its id and the artifact digest of each component. */
  readonly release: { readonly id: string; readonly artifacts: Readonly<Partial<Record<ComponentKind, string>>> } | null;
  /** For a rollback: what it restored. */
  readonly restored: { readonly deploymentId: string | null; readonly version: number } | null;
  readonly resourceChanges: Readonly<Record<string, number>> | null;
  /** For one update of a rollout (canary, linear, blue-green): the strategy and where it stood or how it ended. */
  readonly rollout: RolloutMark | null;
  /** The new release's share of traffic after this update (1 without a rollout in progress). */
  readonly weight: number;
}

/** The environment keys Pulumi records that say who or what ran an update. */
const WHO_KEYS = ["git.head", "git.headName", "git.author", "git.author.email", "git.committer", "ci.system", "ci.build.id", "exec.kind", "exec.agent", "vcs.owner", "vcs.repo"];

export function toRecord(update: StackUpdate): DeploymentRecord {
  const values = configValues(update.config);
  const release = parseRelease(values["semantest:release"]);
  const match = MESSAGE.exec(update.message);
  const by: Record<string, string> = {};
  for (const key of WHO_KEYS) if (update.environment[key]) by[key] = update.environment[key];
  return {
    deploymentId: match?.[2] ?? (release.ok && release.value ? release.value.id : null),
    kind: (match?.[1] as DeploymentKind | undefined) ?? "other",
    version: update.version,
    startTime: update.startTime.toISOString(),
    endTime: update.endTime ? update.endTime.toISOString() : null,
    result: update.result,
    message: update.message,
    by,
    components: componentsOf(values),
    release: release.ok && release.value ? { id: release.value.id, artifacts: release.value.artifacts } : null,
    restored: match?.[1] === "rollback" && match[4] !== undefined ? { deploymentId: match[3] === "-" ? null : (match[3] ?? null), version: Number(match[4]) } : null,
    resourceChanges: update.resourceChanges ?? null,
    rollout: parseRolloutMark(update.message),
    weight: release.ok && release.value?.traffic ? release.value.traffic.weight : 1,
  };
}

/** Stack config entries as the program reads them: structured values decoded from JSON. */
export function configValues(config: StackConfig): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(config)) {
    values[key] = entry.secret ? "[secret]" : decodeValue(entry.value, entry.object);
  }
  return values;
}

export function decodeValue(text: string, object?: boolean): unknown {
  const trimmed = text.trim();
  if (object || /^[[{]/.test(trimmed) || /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

/** Encodes program-level values back into stack config entries (maps and lists as JSON objects). */
export function encodeValues(values: Readonly<Record<string, unknown>>): Record<string, { value: string; secret: boolean; object?: boolean }> {
  const config: Record<string, { value: string; secret: boolean; object?: boolean }> = {};
  for (const [key, value] of Object.entries(values)) {
    config[key] = typeof value === "string" ? { value, secret: false } : { value: JSON.stringify(value), secret: false, object: true };
  }
  return config;
}

/** The deployed components, leniently: history may hold config this version no longer accepts. */
export function componentsOf(values: Readonly<Record<string, unknown>>): { kind: ComponentKind; provider: CloudProvider }[] {
  const components = values["semantest:components"];
  if (!components || typeof components !== "object" || Array.isArray(components)) return [];
  const found: { kind: ComponentKind; provider: CloudProvider }[] = [];
  for (const kind of COMPONENT_KINDS) {
    const entry = (components as Record<string, unknown>)[kind];
    if (entry === undefined || entry === false) continue;
    const provider = entry && typeof entry === "object" ? (entry as Record<string, unknown>).provider : undefined;
    found.push({ kind, provider: provider === "azure" ? "azure" : "aws" });
  }
  return found;
}

/** Finds a deployment by id: the update that made it (a deploy's or rollback's own message wins over a release id). */
export function findDeployment(records: readonly DeploymentRecord[], id: string): DeploymentRecord | undefined {
  const wanted = id.toUpperCase();
  return (
    records.find((r) => r.deploymentId === wanted && r.kind !== "other" && r.result === "succeeded") ??
    records.find((r) => r.deploymentId === wanted && r.kind !== "other") ??
    records.find((r) => r.deploymentId === wanted)
  );
}

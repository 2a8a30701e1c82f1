/**
 * Pruning, pure: which artifacts and function versions a stack may lose. It keeps what a rollback
 * needs: the artifacts of the newest `keep` releases the stack ran successfully, the release it
 * runs now, and a release a canary is shifting from; every function version an alias routes to and
 * the newest `keep` versions. Everything else goes. The I/O stays in application/prune.ts.
 */
import { COMPONENT_KINDS } from "../../domain";
import type { FunctionVersions } from "../ports/function-versions";
import type { ListedArtifact } from "../ports/artifacts";
import type { DeploymentRecord } from "./records";

export const KEEP_DEFAULT = 5;
export const KEEP_MAX = 100;

export interface PruneInput {
  /** The stack's deployments, newest first (application/release/records.ts). */
  readonly history: readonly DeploymentRecord[];
  /** Releases the stack runs now: its `release` output and a canary's `traffic.previous`, leniently read. */
  readonly live: readonly ReleaseRef[];
  readonly keep: number;
  readonly artifacts: readonly ListedArtifact[];
  readonly functions: readonly FunctionVersions[];
}

export interface ReleaseRef {
  readonly id: string | null;
  readonly digests: readonly string[];
}

export interface PrunePlan {
  readonly keep: number;
  /** The releases whose artifacts stay, newest first (the live ones first of all). */
  readonly releases: readonly string[];
  /** Every digest that stays. */
  readonly digests: readonly string[];
  readonly artifacts: { readonly remove: readonly ListedArtifact[]; readonly kept: number };
  readonly versions: readonly { readonly kind: string; readonly function: string; readonly remove: readonly string[]; readonly kept: readonly string[] }[];
}

export function planPrune(input: PruneInput): PrunePlan {
  const keptReleases: string[] = [];
  const digests = new Set<string>();
  for (const live of input.live) {
    if (live.id && !keptReleases.includes(live.id)) keptReleases.push(live.id);
    for (const digest of live.digests) digests.add(digest);
  }
  let counted = 0;
  for (const record of input.history) {
    if (counted >= input.keep) break;
    if (record.result !== "succeeded" || !record.release) continue;
    if (!keptReleases.includes(record.release.id)) keptReleases.push(record.release.id);
    counted += 1;
    for (const kind of COMPONENT_KINDS) {
      const digest = record.release.artifacts[kind];
      if (digest) digests.add(digest);
    }
  }
  const remove = input.artifacts.filter((a) => !digests.has(a.digest));
  const versions = input.functions.map((fn) => {
    const numbered = [...new Set(fn.versions.filter((v) => /^\d+$/.test(v)))].sort((a, b) => Number(b) - Number(a));
    const kept = new Set([...fn.aliased, ...numbered.slice(0, input.keep)]);
    return {
      kind: fn.kind,
      function: fn.function,
      remove: numbered.filter((v) => !kept.has(v)),
      kept: numbered.filter((v) => kept.has(v)),
    };
  });
  return { keep: input.keep, releases: keptReleases, digests: [...digests].sort(), artifacts: { remove, kept: input.artifacts.length - remove.length }, versions };
}

/**
 * The releases a stack runs now, from its outputs (`release`: what the last update shipped) and its
 * config (`semantest:release`, with a canary's `traffic.previous`): read leniently, as history is.
 */
export function liveReleases(outputs: Readonly<Record<string, unknown>>, config: Readonly<Record<string, unknown>>): ReleaseRef[] {
  const refs: ReleaseRef[] = [];
  const add = (raw: unknown) => {
    if (!raw || typeof raw !== "object") return;
    const value = raw as Record<string, unknown>;
    const artifacts = value.artifacts && typeof value.artifacts === "object" ? (value.artifacts as Record<string, unknown>) : {};
    const digests = Object.values(artifacts).filter((d): d is string => typeof d === "string");
    refs.push({ id: typeof value.id === "string" ? value.id : null, digests });
  };
  add(outputs.release);
  const release = config["semantest:release"];
  add(release);
  if (release && typeof release === "object") {
    const traffic = (release as Record<string, unknown>).traffic;
    if (traffic && typeof traffic === "object") add((traffic as Record<string, unknown>).previous);
  }
  return refs;
}

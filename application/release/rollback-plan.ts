/**
 * Rollback planning, pure: which update to restore, whether it may be restored, and what changes.
 * The I/O (history, artifact checks, config, up) stays in the command.
 */
import type { ConfigEntry, StackConfig, StackUpdate } from "../ports/engine";
import { DeploymentRecord, findDeployment, toRecord } from "./records";

export type RollbackTarget = { readonly deploymentId: string } | { readonly version: number };

export type RollbackRefusal =
  | { readonly code: "UNKNOWN_DEPLOYMENT"; readonly message: string }
  | { readonly code: "UNKNOWN_VERSION"; readonly message: string }
  | { readonly code: "TARGET_NOT_SUCCEEDED"; readonly message: string }
  | { readonly code: "NOT_AN_UPDATE"; readonly message: string }
  | { readonly code: "TARGET_MID_RELEASE"; readonly message: string };

export interface ConfigChange {
  readonly key: string;
  /** Live value (secrets shown as [secret]); null when the key is not set now. */
  readonly live: string | null;
  /** Value the rollback restores; null when the rollback removes the key. */
  readonly restore: string | null;
}

export interface RollbackPlan {
  readonly target: DeploymentRecord;
  /** The exact config the restored update ran with. */
  readonly config: StackConfig;
  readonly changes: readonly ConfigChange[];
}

export function chooseTarget(history: readonly StackUpdate[], target: RollbackTarget): { ok: true; update: StackUpdate } | { ok: false; error: RollbackRefusal } {
  let update: StackUpdate | undefined;
  if ("deploymentId" in target) {
    const records = history.map(toRecord);
    const record = findDeployment(records, target.deploymentId);
    update = record ? history.find((u) => u.version === record.version) : undefined;
    if (!update) {
      return { ok: false, error: { code: "UNKNOWN_DEPLOYMENT", message: `no deployment ${target.deploymentId} in this stack's history (${history.length} updates searched)` } };
    }
  } else {
    update = history.find((u) => u.version === target.version);
    if (!update) {
      const versions = history.map((u) => u.version);
      const range = versions.length ? `${Math.min(...versions)}-${Math.max(...versions)}` : "none";
      return { ok: false, error: { code: "UNKNOWN_VERSION", message: `no update version ${target.version} in this stack's history (versions: ${range})` } };
    }
  }
  if (update.kind !== "update") {
    return { ok: false, error: { code: "NOT_AN_UPDATE", message: `version ${update.version} was a ${update.kind}, not an update; pick an update to restore` } };
  }
  if (update.result !== "succeeded") {
    return { ok: false, error: { code: "TARGET_NOT_SUCCEEDED", message: `version ${update.version} ${update.result === "failed" ? "failed" : `is ${update.result}`}; only a succeeded update can be restored` } };
  }
  // A step in the middle of a rollout left alone would split traffic with nothing watching it.
  const record = toRecord(update);
  if (record.weight > 0 && record.weight < 1) {
    return { ok: false, error: { code: "TARGET_MID_RELEASE", message: `version ${update.version} is a step of a rollout (${Number((record.weight * 100).toFixed(2))}% on release ${record.release?.id ?? "?"}); restore the update before or after the rollout` } };
  }
  return { ok: true, update };
}

export function planRollback(target: StackUpdate, live: StackConfig): RollbackPlan {
  return { target: toRecord(target), config: target.config, changes: diffConfig(live, target.config) };
}

/** Every key whose value differs between the live config and the one to restore, in key order. */
export function diffConfig(live: StackConfig, restore: StackConfig): ConfigChange[] {
  const keys = [...new Set([...Object.keys(live), ...Object.keys(restore)])].sort();
  const changes: ConfigChange[] = [];
  for (const key of keys) {
    const before = live[key];
    const after = restore[key];
    if (before && after && sameEntry(before, after)) continue;
    changes.push({ key, live: before ? shown(before) : null, restore: after ? shown(after) : null });
  }
  return changes;
}

function sameEntry(a: ConfigEntry, b: ConfigEntry): boolean {
  if (a.secret !== b.secret) return false;
  if (a.value === b.value) return true;
  try {
    return canonical(JSON.parse(a.value)) === canonical(JSON.parse(b.value));
  } catch {
    return false;
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function shown(entry: ConfigEntry): string {
  return entry.secret ? "[secret]" : entry.value;
}

/**
 * The release a stack runs, read back from the stack itself. `semantest:release` is written into
 * the stack file of the machine that deployed (a CI runner's uncommitted copy), so another machine
 * (a PR preview, a laptop) does not have it; the program exports the same value as its `release`
 * output, which every machine with access to the backend can read.
 */
import { parseRelease, Release } from "../../domain";

export function releaseFromOutputs(outputs: Readonly<Record<string, unknown>>): Release | undefined {
  const raw = outputs.release;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const { id, artifacts } = raw as { id?: unknown; artifacts?: unknown };
  if (typeof id !== "string") return undefined;
  // Components without an artifact are exported as null/undefined digests: not part of the release.
  const digests = artifacts && typeof artifacts === "object" ? Object.fromEntries(Object.entries(artifacts).filter(([, d]) => typeof d === "string")) : {};
  const parsed = parseRelease({ id, artifacts: digests });
  return parsed.ok ? parsed.value : undefined;
}

/** The config values with `semantest:release` taken from the stack's outputs when this machine's stack file lacks it. */
export function withLiveRelease(values: Readonly<Record<string, unknown>>, outputs: Readonly<Record<string, unknown>>): { values: Record<string, unknown>; restored: Release | undefined } {
  if (values["semantest:release"] !== undefined) return { values: { ...values }, restored: undefined };
  const release = releaseFromOutputs(outputs);
  return { values: release ? { ...values, "semantest:release": release } : { ...values }, restored: release };
}

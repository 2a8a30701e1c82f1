/**
 * One run of the contract suite as a result: `ok` (no check failed), the counts and each check.
 * `verify` prints it; `deploy --verify` attaches it to the deploy result.
 */
import { failedChecks, type CheckResult } from "./contract";

export interface VerifyReport {
  readonly ok: boolean;
  readonly summary: { readonly passed: number; readonly failed: number; readonly skipped: number };
  readonly checks: readonly CheckResult[];
  /** Why the suite could not run at all (e.g. the stack has no endpoint outputs); then `ok` is false and `checks` is empty. */
  readonly problem?: string;
}

export function summarize(results: readonly CheckResult[]): VerifyReport {
  const failed = failedChecks(results);
  return { ok: failed === 0, summary: { passed: results.filter((r) => r.status === "pass").length, failed, skipped: results.filter((r) => r.status === "skip").length }, checks: results };
}

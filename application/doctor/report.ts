/**
 * What `doctor` reports: one line per check, with what to do when it fails. `info` is a fact
 * worth knowing that needs no action (e.g. a prerequisite the program creates itself).
 */
export const CHECK_STATUSES = ["pass", "fail", "skip", "info"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface CheckResult {
  /** Stable id, for scripts: `pulumi-version`, `aws-credentials`, `azure-provider-Microsoft.Web`... */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found (versions, account, quota figures). */
  readonly detail: string;
  /** What to do about a fail (or why a check was skipped). */
  readonly fix?: string;
}

export interface DoctorReport {
  readonly stack: string;
  readonly checks: readonly CheckResult[];
  readonly summary: Readonly<Record<CheckStatus, number>>;
  /** True when no check failed: what `deploy`/`rollback`/`destroy` need before they change anything. */
  readonly ok: boolean;
}

export function report(stack: string, checks: readonly CheckResult[]): DoctorReport {
  const summary = Object.fromEntries(CHECK_STATUSES.map((s) => [s, checks.filter((c) => c.status === s).length])) as Record<CheckStatus, number>;
  return { stack, checks, summary, ok: summary.fail === 0 };
}

export function skipped(id: string, title: string, why: string): CheckResult {
  return { id, title, status: "skip", detail: why };
}

/** An SDK error as one line: its name (the API's error code) and message. */
export function firstLine(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string };
  const message = (e?.message ?? String(error)).split("\n")[0];
  const code = e?.code ?? (e?.name && e.name !== "Error" ? e.name : undefined);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/** Text for contract-suite results (`verify`, `deploy --verify`): one line per check, one summary line. */
import type { CheckResult } from "../../application/verify/contract";
import type { VerifyReport } from "../../application/verify/report";

const MARK: Record<CheckResult["status"], string> = { pass: "PASS", fail: "FAIL", skip: "SKIP" };

export function checkLine(result: CheckResult): string {
  return `  ${MARK[result.status]}  ${result.name.padEnd(28)} ${result.detail} (${result.ms} ms)`;
}

export function summaryLine(report: VerifyReport): string {
  const { passed, failed, skipped } = report.summary;
  return `${report.ok ? "verified" : "FAILED"}: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

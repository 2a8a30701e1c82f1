/** Text views of deployment records (status, history): who ran an update and what it changed. */
import type { DeploymentRecord } from "../../application/release/records";
import { duration, shortDigest } from "../commands/shared";
import { markText } from "./rollout";

export function statusText(stack: string, record: DeploymentRecord, live: boolean, endpoints: Readonly<Record<string, string>>): string {
  const lines = [
    `${record.kind === "other" ? "Update" : record.kind === "rollback" ? "Rollback" : "Deployment"} ${record.deploymentId ?? "(no deployment id)"} — ${record.result}, update v${record.version}${live ? " (live)" : ""}`,
    `  stack:       ${stack}`,
    `  started:     ${record.startTime} (took ${duration(record.startTime, record.endTime)})`,
    `  by:          ${who(record)}`,
    `  components:  ${record.components.map((c) => `${c.kind} on ${c.provider}`).join(", ") || "-"}`,
    `  artifacts:   ${Object.entries(record.release?.artifacts ?? {}).map(([k, d]) => `${k} ${shortDigest(d)}`).join(", ") || "-"}`,
  ];
  if (record.rollout) lines.push(`  rollout:     ${markText(record.rollout)}`);
  if (record.restored) lines.push(`  restored:    version ${record.restored.version}${record.restored.deploymentId ? ` (deployment ${record.restored.deploymentId})` : ""}`);
  if (record.resourceChanges) lines.push(`  changes:     ${changeSummary(record.resourceChanges)}`);
  lines.push(`  endpoints:   ${Object.entries(endpoints).map(([k, v]) => `${k} ${v}`).join(", ") || (live ? "-" : "(only shown for the live deployment)")}`);
  lines.push(`  message:     ${record.message || "-"}`);
  return lines.join("\n");
}

export function historyTable(records: readonly DeploymentRecord[]): string {
  const rows = records.map((r) => [
    `v${r.version}`,
    r.deploymentId ?? "-",
    r.rollout ? `${r.kind} ${markText(r.rollout)}` : r.kind,
    r.result,
    r.startTime.replace(/\.\d{3}Z$/, "Z"),
    duration(r.startTime, r.endTime),
    r.components.map((c) => `${c.kind}@${c.provider}`).join(" ") || "-",
    who(r),
  ]);
  const header = ["VERSION", "DEPLOYMENT", "KIND", "RESULT", "STARTED", "TOOK", "COMPONENTS", "BY"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const format = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ");
  return [format(header), ...rows.map(format)].join("\n");
}

export function who(record: DeploymentRecord): string {
  const by = record.by;
  const parts: string[] = [];
  if (by["git.head"]) parts.push(`commit ${by["git.head"].slice(0, 12)}${by["git.headName"] ? ` (${by["git.headName"].replace(/^refs\/heads\//, "")})` : ""}`);
  if (by["git.author"]) parts.push(`by ${by["git.author"]}`);
  if (by["ci.system"]) parts.push(`on ${by["ci.system"]}`);
  if (by["exec.kind"]) parts.push(`via ${by["exec.kind"]}`);
  return parts.join(" ") || "-";
}

export function changeSummary(changes: Readonly<Record<string, number>>): string {
  const order = ["create", "update", "replace", "delete", "same"];
  const keys = [...order.filter((k) => changes[k]), ...Object.keys(changes).filter((k) => !order.includes(k) && changes[k])];
  return keys.map((k) => `${k} ${changes[k]}`).join(", ") || "no changes";
}

import { costLines } from "../../application/cost";
import { colors as pc } from "../colors";
import type { OfflinePreviewDocument } from "../../application/ports/offline";

/** The offline preview as a tree a person reads: components, their resources, outputs, policies. */
export function renderPreview(document: OfflinePreviewDocument, marker?: (urn: string) => { mark: string; note: string }): string {
  const lines: string[] = [];
  lines.push(`${pc.bold("Offline preview")} of stack ${pc.cyan(document.stack)} (environment ${pc.cyan(document.environment)}), evaluated under mocks`);
  lines.push("");
  const children = new Map<string | null, OfflinePreviewDocument["resources"][number][]>();
  for (const resource of document.resources) {
    const list = children.get(resource.parent) ?? [];
    list.push(resource);
    children.set(resource.parent, list);
  }
  const known = new Set(document.resources.map((r) => r.urn));
  const roots = document.resources.filter((r) => r.parent === null || !known.has(r.parent));
  const walk = (resource: OfflinePreviewDocument["resources"][number], prefix: string, last: boolean) => {
    const branch = prefix === "" ? "" : last ? "└─ " : "├─ ";
    // With --baseline the marker shows each resource's op (+ ~ +- or none) and the keys that differ.
    const { mark, note } = marker?.(resource.urn) ?? { mark: pc.green("+"), note: "" };
    lines.push(`${prefix}${branch}${mark} ${resource.type}  ${pc.bold(resource.name)}${note}`);
    const next = prefix === "" ? "   " : prefix + (last ? "   " : "│  ");
    const kids = children.get(resource.urn) ?? [];
    kids.forEach((kid, i) => walk(kid, next, i === kids.length - 1));
  };
  roots.forEach((root) => walk(root, "", true));
  if (roots.length === 0) lines.push(pc.dim("  (no resources: the stack config names no component)"));

  lines.push("");
  lines.push(pc.bold("Outputs"));
  const outputs = Object.entries(document.outputs).filter(([, v]) => v !== undefined);
  for (const [key, value] of outputs) lines.push(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  if (outputs.length === 0) lines.push(pc.dim("  (none)"));

  lines.push("");
  const violations = document.policies.violations;
  if (violations.length === 0) lines.push(`${pc.bold("Policies")}: ${pc.green("no violations")}`);
  else {
    lines.push(pc.bold(`Policies: ${violations.length} violation${violations.length === 1 ? "" : "s"}`));
    for (const v of violations) {
      const level = v.level === "mandatory" ? pc.red("mandatory") : pc.yellow("advisory");
      lines.push(`  [${level}] ${v.policy}: ${v.message}`);
      lines.push(pc.dim(`      ${v.urn}`));
    }
  }
  lines.push("");
  const [costTitle, ...costRows] = costLines(document.cost);
  lines.push(pc.bold(costTitle), ...costRows, "");
  // The plan line (adds/updates/deletes, policies) follows, shared with the online preview.
  lines.push(pc.dim(`${document.events.length} deployment event${document.events.length === 1 ? "" : "s"} recorded (see --json)`));
  return lines.join("\n");
}

/**
 * Reads a baseline: the JSON an earlier `preview --offline --json` printed. A file from elsewhere
 * (an online preview, a graph, a truncated artifact) is refused with the field that is wrong.
 */
import type { PreviewResource, PreviewResources } from "./diff-previews";

export type BaselineResult = { readonly ok: true; readonly value: PreviewResources & { readonly stack?: string } } | { readonly ok: false; readonly error: string };

const EXPECTED = "the JSON printed by `semantest-iac preview --offline --json`";

export function parseBaseline(raw: unknown): BaselineResult {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return fail(`the baseline is ${describe(raw)}; expected an object: ${EXPECTED}`);
  const document = raw as Record<string, unknown>;
  if (document.mode !== undefined && document.mode !== "offline") {
    return fail(`baseline.mode is ${JSON.stringify(document.mode)}; allowed: "offline" (${EXPECTED})`);
  }
  if (!Array.isArray(document.resources)) return fail(`baseline.resources is ${describe(document.resources)}; expected an array of resources (${EXPECTED})`);
  const resources: PreviewResource[] = [];
  for (const [index, item] of document.resources.entries()) {
    const at = `baseline.resources[${index}]`;
    if (!item || typeof item !== "object" || Array.isArray(item)) return fail(`${at} is ${describe(item)}; expected { urn, type, name, inputs }`);
    const r = item as Record<string, unknown>;
    for (const key of ["urn", "type", "name"] as const) {
      if (typeof r[key] !== "string" || r[key] === "") return fail(`${at}.${key} is ${describe(r[key])}; expected a non-empty string`);
    }
    if (r.inputs !== undefined && (!r.inputs || typeof r.inputs !== "object" || Array.isArray(r.inputs))) {
      return fail(`${at}.inputs is ${describe(r.inputs)}; expected an object of input values`);
    }
    resources.push({
      urn: r.urn as string,
      type: r.type as string,
      name: r.name as string,
      parent: typeof r.parent === "string" ? r.parent : null,
      inputs: (r.inputs as Record<string, unknown> | undefined) ?? {},
    });
  }
  const urns = new Set<string>();
  for (const resource of resources) {
    if (urns.has(resource.urn)) return fail(`baseline.resources lists ${JSON.stringify(resource.urn)} twice; each URN appears once in a preview`);
    urns.add(resource.urn);
  }
  return { ok: true, value: { resources, ...(typeof document.stack === "string" ? { stack: document.stack } : {}) } };
}

function fail(error: string): BaselineResult {
  return { ok: false, error };
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const text = JSON.stringify(value);
  return typeof value === "object" ? "an object" : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

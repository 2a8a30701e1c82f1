/**
 * The log sources of a stack, from its `logs` output (`{ "rest-api": {provider, ...}, websocket: {...} }`,
 * declared by index.ts). A stack deployed before that output existed, or a malformed entry, gives a
 * problem naming the output field, the value and what is expected.
 */
import type { ComponentKind } from "../../domain";
import type { LogSource } from "./ports";

export type SourcesResult = { readonly ok: true; readonly sources: readonly LogSource[] } | { readonly ok: false; readonly problem: string };

const KINDS: readonly ComponentKind[] = ["rest-api", "websocket"];
const text = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";

function parseOne(component: ComponentKind, raw: unknown): LogSource | string {
  const where = `the stack output logs.${component}`;
  if (typeof raw !== "object" || raw === null) return `${where} is ${JSON.stringify(raw ?? null)}; expected {provider, ...}`;
  const entry = raw as Record<string, unknown>;
  if (entry.provider === "aws") {
    if (!text(entry.region)) return `${where}.region is ${JSON.stringify(entry.region ?? null)}; expected an AWS region`;
    if (!text(entry.logGroup)) return `${where}.logGroup is ${JSON.stringify(entry.logGroup ?? null)}; expected a CloudWatch Logs group name`;
    if (entry.logGroupArn !== undefined && (!text(entry.logGroupArn) || !entry.logGroupArn.startsWith("arn:"))) return `${where}.logGroupArn is ${JSON.stringify(entry.logGroupArn)}; expected the log group's ARN`;
    return { component, provider: "aws", region: entry.region, logGroup: entry.logGroup, ...(entry.logGroupArn !== undefined ? { logGroupArn: entry.logGroupArn as string } : {}) };
  }
  if (entry.provider === "azure") {
    if (!text(entry.workspaceId) || !/^[0-9a-f-]{36}$/i.test(entry.workspaceId)) return `${where}.workspaceId is ${JSON.stringify(entry.workspaceId ?? null)}; expected the Log Analytics workspace GUID`;
    if (!text(entry.appName) || !/^[A-Za-z0-9-]+$/.test(entry.appName)) return `${where}.appName is ${JSON.stringify(entry.appName ?? null)}; expected the Function App name`;
    return { component, provider: "azure", workspaceId: entry.workspaceId, appName: entry.appName };
  }
  return `${where}.provider is ${JSON.stringify(entry.provider ?? null)}; allowed: aws, azure`;
}

/** The sources of `component` (or of every component the stack has). */
export function logSourcesFromOutputs(outputs: Readonly<Record<string, unknown>>, component?: ComponentKind): SourcesResult {
  const logs = outputs.logs;
  if (typeof logs !== "object" || logs === null) {
    return { ok: false, problem: `the stack has no logs output (got ${JSON.stringify(logs ?? null)}); deploy it once with this version of semantest-iac, which adds it` };
  }
  const present = KINDS.filter((kind) => (logs as Record<string, unknown>)[kind] !== undefined && (logs as Record<string, unknown>)[kind] !== null);
  const wanted = component ? [component] : present;
  if (component && !present.includes(component)) return { ok: false, problem: `the stack output logs has no ${component} entry; the stack's components: ${present.join(", ") || "none"}` };
  if (wanted.length === 0) return { ok: false, problem: "the stack output logs names no component" };
  const sources: LogSource[] = [];
  for (const kind of wanted) {
    const parsed = parseOne(kind, (logs as Record<string, unknown>)[kind]);
    if (typeof parsed === "string") return { ok: false, problem: parsed };
    sources.push(parsed);
  }
  return { ok: true, sources };
}

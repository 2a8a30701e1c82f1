/**
 * Release gates on Azure (issue 20): the state of each Azure Monitor metric alert rule named in the
 * stack output `releaseAlarms.azure` (components/azure/canary-alerts.ts), read through Microsoft's
 * `@azure/arm-monitor` client: `metricAlertsStatus.list(resourceGroup, rule)`, i.e.
 * `GET .../providers/Microsoft.Insights/metricAlerts/{rule}/status` ("MetricAlertsStatus_List";
 * Azure/azure-rest-api-specs specification/monitor/resource-manager/Microsoft.Insights/stable/
 * 2018-03-01/examples/getMetricAlertStatus.json answers `{ value: [{ properties: { status:
 * "Healthy", dimensions, timestamp } }] }`, one entry per monitored time series).
 *
 * Mapping to the gate port's states (the contract in application/ports/gates.ts):
 * - every time series `Healthy` -> `ok`;
 * - any other status on any series (the rule fired on it) -> `alarm`;
 * - no series at all (the rule has not evaluated anything yet, e.g. a canary that got no traffic)
 *   -> `insufficient-data`.
 * A rule that does not exist (404) or an id that is not a metric alert rule's is an error naming it:
 * a gate that cannot be read must not read as open.
 */
import type { TokenCredential } from "@azure/core-auth";

export type GateState = "ok" | "alarm" | "insufficient-data";

export interface AzureGateState {
  readonly name: string;
  readonly cloud: "azure";
  readonly state: GateState;
}

/** The one call the adapter makes (`MonitorClient.metricAlertsStatus`). */
export interface AlertStatusReader {
  list(resourceGroupName: string, ruleName: string): Promise<{ value?: readonly { properties?: { status?: string } }[] }>;
}

/** A reader for one subscription; the default signs in with `DefaultAzureCredential`. */
export type AlertStatusReaderFactory = (subscriptionId: string) => AlertStatusReader | Promise<AlertStatusReader>;

export class AzureGateError extends Error {
  readonly code = "AZURE_GATE_UNREADABLE" as const;
}

/** `/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Insights/metricAlerts/{rule}` (ARM ids are case-insensitive). */
const RULE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Insights\/metricAlerts\/([^/]+)$/i;

export function parseAlertRuleId(id: string): { subscriptionId: string; resourceGroupName: string; ruleName: string } {
  const match = RULE_ID.exec(id);
  if (!match) {
    throw new AzureGateError(`releaseAlarms.azure: ${JSON.stringify(id.slice(0, 200))} is not a metric alert rule id; expected /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Insights/metricAlerts/<rule>`);
  }
  return { subscriptionId: match[1]!, resourceGroupName: match[2]!, ruleName: decodeURIComponent(match[3]!) };
}

/** The gate state of one rule from its status entries. */
export function stateOf(statuses: readonly (string | undefined)[]): GateState {
  if (statuses.length === 0) return "insufficient-data";
  return statuses.every((s) => (s ?? "").toLowerCase() === "healthy") ? "ok" : "alarm";
}

/** Microsoft's client, signed in as the operator (`az login`, or the CI principal). Loaded on first use. */
export function defaultReaderFactory(credential?: TokenCredential, options: Record<string, unknown> = {}): AlertStatusReaderFactory {
  return async (subscriptionId) => {
    const { MonitorClient } = await import("@azure/arm-monitor");
    const signIn = credential ?? new (await import("@azure/identity")).DefaultAzureCredential();
    return new MonitorClient(signIn, subscriptionId, options).metricAlertsStatus;
  };
}

/**
 * The state of each alert rule, in the order given. `readers` defaults to Microsoft's client; tests
 * pass the same client pointed at a local recorder (defaultReaderFactory with an endpoint).
 */
export async function azureAlertStates(ids: readonly string[], readers: AlertStatusReaderFactory = defaultReaderFactory()): Promise<AzureGateState[]> {
  const parsed = ids.map((id) => ({ id, ...parseAlertRuleId(id) }));
  const bySubscription = new Map<string, Promise<AlertStatusReader>>();
  const reader = (subscriptionId: string) => {
    let found = bySubscription.get(subscriptionId);
    if (!found) bySubscription.set(subscriptionId, (found = Promise.resolve(readers(subscriptionId))));
    return found;
  };
  return Promise.all(parsed.map(async ({ id, subscriptionId, resourceGroupName, ruleName }) => {
    let answer: Awaited<ReturnType<AlertStatusReader["list"]>>;
    try {
      answer = await (await reader(subscriptionId)).list(resourceGroupName, ruleName);
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      throw new AzureGateError(`the alert rule ${id} could not be read${status ? ` (HTTP ${status})` : ""}: ${(error as Error).message}`);
    }
    return { name: id, cloud: "azure" as const, state: stateOf((answer.value ?? []).map((entry) => entry.properties?.status)) };
  }));
}

/**
 * `status --cost`: the stack's billed cost this month so far next to its estimate. The stack file is
 * evaluated offline first (the same evaluation as `preview --offline`): it says which clouds the
 * stack uses, its environment tag and the estimate for the same days.
 */
import type { Ports } from "../../ports";
import { previewOffline } from "../../preview";
import { actualCost, ActualCostResult } from "./actual-cost";
import type { BillingSources } from "./ports";

export interface StackCostRequest {
  readonly stack: string;
  readonly today: Date;
  /** The subscription when the stack file names none (AZURE_SUBSCRIPTION_ID / ARM_SUBSCRIPTION_ID). */
  readonly fallbackSubscriptionId?: string;
}

export async function stackCost(ports: Pick<Ports, "offline" | "project">, billing: BillingSources, request: StackCostRequest): Promise<ActualCostResult> {
  const evaluated = await previewOffline(ports, { stack: request.stack });
  const providers = new Set(evaluated.configuration.components.map((c) => c.provider));
  const values = ports.project.stackValues(request.stack);
  const configured = values["azure-native:subscriptionId"];
  const subscriptionId = typeof configured === "string" && configured !== "" ? configured : request.fallbackSubscriptionId;
  return actualCost(billing, {
    stack: request.stack,
    environment: evaluated.configuration.environment.name,
    clouds: { aws: providers.has("aws"), ...(providers.has("azure") ? { azure: { subscriptionId } } : {}) },
    today: request.today,
    estimate: evaluated.document.cost,
  });
}

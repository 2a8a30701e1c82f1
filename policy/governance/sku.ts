/** Free and shared tiers carry no SLA and hard quotas: fine for dev, never for production. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentOfResource, quote, resourcePolicy } from "../lib/policy";

/** Per type: the sku fields that make it free-tier. */
export const FREE_TIER: Readonly<Record<string, { readonly names: readonly string[]; readonly tiers: readonly string[] }>> = {
  "azure-native:webpubsub:WebPubSub": { names: ["Free_F1"], tiers: ["Free"] },
  "azure-native:signalrservice:SignalR": { names: ["Free_F1"], tiers: ["Free"] },
  "azure-native:web:AppServicePlan": { names: ["F1", "D1"], tiers: ["Free", "Shared"] },
};

export function productionNoFreeTier(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "production-no-free-tier-sku",
      concern: "governance",
      severity: "high",
      description: "In production, no free or shared SKU (Web PubSub Free_F1, App Service F1/D1): they have no SLA and tight unit limits.",
      remediationSteps: "Set semantest:components.websocket.sku to Standard_S1 or Premium_P1.",
      config: {
        environments: { type: "array", items: { type: "string" }, default: ["production"], description: "Environments where free tiers are refused." },
      },
    },
    (args, reportViolation) => {
      const free = FREE_TIER[args.type];
      if (!free) return;
      const environment = environmentOfResource(args);
      const environments = args.getConfig<{ environments?: string[] }>().environments ?? ["production"];
      if (!environments.includes(environment)) return;
      const sku = (args.props.sku ?? {}) as { name?: string; tier?: string };
      if ((sku.name && free.names.includes(sku.name)) || (sku.tier && free.tiers.includes(sku.tier))) {
        reportViolation(`${quote(args)} uses the free-tier SKU '${sku.name ?? sku.tier}' in ${environment}.`);
      }
    },
  );
}

/**
 * Azure Functions Flex Consumption: what ARM refuses on an FC1 app, caught at preview instead of
 * halfway through `up`. Each constraint's source is in components/azure/flex-constraints.ts.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { FLEX_INSTANCE_MEMORY_MB, FLEX_MAXIMUM_INSTANCE_COUNT, FLEX_REJECTED_SITE_CONFIG } from "../../components/azure/flex-constraints";
import { forTypes, quote, resourcePolicy } from "../lib/policy";
import { WEB_APP, isFlexConsumption, type WebAppProps } from "./app-service";

export function azureFlexSiteConfig(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "azure-flex-consumption-site-config",
      concern: "reliability",
      severity: "critical",
      description: "Flex Consumption apps send no siteConfig property ARM refuses on FC1 (error 51021): netFrameworkVersion, use32BitWorkerProcess, linuxFxVersion, functionAppScaleLimit, ...",
      remediationSteps: "Remove the property; runtime and scale belong in functionAppConfig. The azure-native SDK adds netFrameworkVersion to any siteConfig: components/azure/site-config.ts strips it.",
    },
    forTypes<WebAppProps>([WEB_APP], (props, args, reportViolation) => {
      if (!isFlexConsumption(props)) return;
      const siteConfig = (props.siteConfig ?? {}) as Record<string, unknown>;
      for (const [property, source] of Object.entries(FLEX_REJECTED_SITE_CONFIG)) {
        // ftpsState is azure-ftps-disabled's to report (one violation per mistake).
        if (property === "ftpsState" || !(property in siteConfig)) continue;
        reportViolation(`Flex Consumption app ${quote(args)} sets siteConfig.${property} (${JSON.stringify(siteConfig[property])}), which ARM refuses on FC1 with error 51021 (${source}).`);
      }
    }),
  );
}

export function azureFlexScale(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "azure-flex-consumption-scale",
      concern: "reliability",
      severity: "high",
      description: `Flex Consumption apps ask for instance memory ARM accepts (${FLEX_INSTANCE_MEMORY_MB.join(" or ")} MB) and ${FLEX_MAXIMUM_INSTANCE_COUNT.min}-${FLEX_MAXIMUM_INSTANCE_COUNT.max} maximum instances.`,
      remediationSteps: `Set memoryMb to ${FLEX_INSTANCE_MEMORY_MB.join(" or ")} and maxInstances between ${FLEX_MAXIMUM_INSTANCE_COUNT.min} and ${FLEX_MAXIMUM_INSTANCE_COUNT.max} in the component's settings.`,
    },
    forTypes<WebAppProps>([WEB_APP], (props, args, reportViolation) => {
      const scale = props.functionAppConfig?.scaleAndConcurrency;
      if (!scale) return;
      if (scale.instanceMemoryMB !== undefined && !FLEX_INSTANCE_MEMORY_MB.includes(scale.instanceMemoryMB)) {
        reportViolation(
          `Flex Consumption app ${quote(args)} asks for instanceMemoryMB ${scale.instanceMemoryMB}; ARM accepts ${FLEX_INSTANCE_MEMORY_MB.join(" or ")} (512 is documented but refused: Azure/azure-rest-api-specs#40898).`,
        );
      }
      const count = scale.maximumInstanceCount;
      if (count !== undefined && (count < FLEX_MAXIMUM_INSTANCE_COUNT.min || count > FLEX_MAXIMUM_INSTANCE_COUNT.max)) {
        reportViolation(`Flex Consumption app ${quote(args)} has maximumInstanceCount ${count}; allowed: ${FLEX_MAXIMUM_INSTANCE_COUNT.min} to ${FLEX_MAXIMUM_INSTANCE_COUNT.max}.`);
      }
    }),
  );
}

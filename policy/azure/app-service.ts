/** Azure App Service / Functions: transport security and identity of the Function Apps. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, quote, resourcePolicy } from "../lib/policy";

export const WEB_APP = "azure-native:web:WebApp";
const STORAGE_ACCOUNT = "azure-native:storage:StorageAccount";

export interface WebAppProps {
  kind?: string;
  httpsOnly?: boolean;
  identity?: { type?: string };
  siteConfig?: { minTlsVersion?: string; scmMinTlsVersion?: string; ftpsState?: string };
  functionAppConfig?: { scaleAndConcurrency?: { instanceMemoryMB?: number; maximumInstanceCount?: number } };
}

/**
 * A Flex Consumption app: `functionAppConfig` only applies to Flex Consumption and is refused on
 * other plans (Azure/azure-rest-api-specs#31730), so its presence identifies one without the plan.
 */
export function isFlexConsumption(props: WebAppProps): boolean {
  return props.functionAppConfig !== undefined && props.functionAppConfig !== null;
}

const TLS_ORDER = ["1.0", "1.1", "1.2", "1.3"];
/** `1.2`, `TLS1_2` -> 1.2 as a comparable index; unknown spellings -> -1. */
export function tlsRank(version: string | undefined): number {
  if (!version) return -1;
  return TLS_ORDER.indexOf(version.replace(/^TLS/i, "").replace("_", "."));
}

export function azureHttpsOnly(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "azure-https-only",
      concern: "security",
      severity: "high",
      description: "Function Apps set httpsOnly: true and storage accounts keep enableHttpsTrafficOnly on: no plain HTTP.",
      remediationSteps: "Set httpsOnly: true on the WebApp; leave enableHttpsTrafficOnly true (its default) on the storage account.",
    },
    (args, reportViolation) => {
      if (args.type === WEB_APP && args.props.httpsOnly !== true) {
        reportViolation(`App ${quote(args)} does not set httpsOnly: true (it is ${args.props.httpsOnly ?? "missing"}), so it answers plain HTTP.`);
      }
      if (args.type === STORAGE_ACCOUNT && args.props.enableHttpsTrafficOnly === false) {
        reportViolation(`Storage account ${quote(args)} sets enableHttpsTrafficOnly: false.`);
      }
    },
  );
}

export function azureMinimumTls(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "azure-tls-1-2-minimum",
      concern: "security",
      severity: "high",
      description: "Function Apps (site and SCM) and storage accounts require TLS 1.2 or later, set explicitly.",
      remediationSteps: "Set siteConfig.minTlsVersion: '1.2' (and scmMinTlsVersion when set) on the WebApp, minimumTlsVersion: 'TLS1_2' on the storage account.",
    },
    (args, reportViolation) => {
      const minimum = TLS_ORDER.indexOf("1.2");
      if (args.type === WEB_APP) {
        const site = (args.props as WebAppProps).siteConfig ?? {};
        if (tlsRank(site.minTlsVersion) < minimum) {
          reportViolation(`App ${quote(args)} has siteConfig.minTlsVersion '${site.minTlsVersion ?? "(missing)"}'; require '1.2' or later.`);
        }
        if (site.scmMinTlsVersion !== undefined && tlsRank(site.scmMinTlsVersion) < minimum) {
          reportViolation(`App ${quote(args)} has siteConfig.scmMinTlsVersion '${site.scmMinTlsVersion}'; require '1.2' or later.`);
        }
      }
      if (args.type === STORAGE_ACCOUNT && tlsRank(args.props.minimumTlsVersion) < minimum) {
        reportViolation(`Storage account ${quote(args)} has minimumTlsVersion '${args.props.minimumTlsVersion ?? "(missing)"}'; require 'TLS1_2'.`);
      }
    },
  );
}

export function azureFtpsDisabled(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "azure-ftps-disabled",
      concern: "security",
      severity: "medium",
      description: "Function Apps set siteConfig.ftpsState: 'Disabled': code arrives by zip deploy, never FTP. Flex Consumption apps have no FTP at all and leave ftpsState out (ARM refuses it there).",
      remediationSteps: "Set siteConfig.ftpsState: 'Disabled'; on Flex Consumption (functionAppConfig set) remove siteConfig.ftpsState.",
    },
    forTypes<WebAppProps>([WEB_APP], (props, args, reportViolation) => {
      const state = props.siteConfig?.ftpsState;
      if (isFlexConsumption(props)) {
        // Flex has no FTP endpoint; ARM answers 51021 to any ftpsState, even "Disabled"
        // (microsoft/azure-pipelines-tasks#21032).
        if (state !== undefined) {
          reportViolation(`Flex Consumption app ${quote(args)} sets siteConfig.ftpsState '${state}': Flex Consumption has no FTP and ARM refuses the property (error 51021); remove it.`);
        }
        return;
      }
      if (state !== "Disabled") {
        reportViolation(`App ${quote(args)} has siteConfig.ftpsState '${state ?? "(missing: the platform default allows FTP)"}'; set 'Disabled'.`);
      }
    }),
  );
}

export function azureFunctionAppManagedIdentity(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "azure-function-app-managed-identity",
      concern: "security",
      severity: "high",
      description: "Function Apps run with a managed identity (system or user assigned), so they reach storage and Web PubSub without keys.",
      remediationSteps: "Set identity: { type: 'SystemAssigned' } and grant it roles instead of putting keys in app settings.",
    },
    forTypes<WebAppProps>([WEB_APP], (props, args, reportViolation) => {
      if (!(props.kind ?? "").toLowerCase().includes("functionapp")) return;
      const type = props.identity?.type ?? "None";
      if (!/Assigned/i.test(type)) {
        reportViolation(`Function App ${quote(args)} has no managed identity (identity.type is '${type}').`);
      }
    }),
  );
}

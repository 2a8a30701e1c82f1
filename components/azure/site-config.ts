/**
 * `siteConfig` on Flex Consumption: what the program sends, and what ARM refuses.
 *
 * Flex Consumption (FC1) sites refuse a set of `siteConfig` properties at create and update with
 * ARM error 51021 "The following site configuration property (Site.SiteConfig.X) for Flex
 * Consumption sites is invalid", even when the value is null, in the regions that enforce it
 * (West Europe among them). Runtime and scale live in `functionAppConfig` instead.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CorsPolicy } from "../../domain";

export { FLEX_REJECTED_SITE_CONFIG } from "./flex-constraints";

/**
 * Properties azure-native's SDK adds to any `siteConfig` it is given
 * (`siteConfigArgsProvideDefaults` in @pulumi/azure-native types/input.js): `netFrameworkVersion:
 * "v4.6"`, `localMySqlEnabled: false`, `http20Enabled: true`. The first is refused by Flex; the
 * second is a Windows in-app MySQL switch outside the set Terraform's FC1 resource sends
 * (hashicorp/terraform-provider-azurerm, ExpandSiteConfigFunctionFlexConsumptionAppV20250501).
 */
export const SDK_SITE_CONFIG_DEFAULTS = ["netFrameworkVersion", "localMySqlEnabled"] as const;

export interface FlexSiteConfig {
  minTlsVersion: "1.2";
  scmMinTlsVersion: "1.2";
  http20Enabled: true;
  cors?: { allowedOrigins: string[]; supportCredentials: boolean };
}

/**
 * The `siteConfig` a Flex app gets: TLS 1.2 on the site and SCM, HTTP/2, and CORS when origins are
 * set; all in the set Terraform's FC1 resource sends. No `ftpsState`: Flex Consumption has no FTP.
 */
export function flexSiteConfig(cors: Pick<CorsPolicy, "allowOrigins" | "allowCredentials"> | undefined): FlexSiteConfig {
  return {
    minTlsVersion: "1.2",
    scmMinTlsVersion: "1.2",
    http20Enabled: true,
    ...(cors && cors.allowOrigins.length > 0 ? { cors: { allowedOrigins: [...cors.allowOrigins], supportCredentials: cors.allowCredentials } } : {}),
  };
}

/** `siteConfig` without the SDK's defaults that the caller did not set itself. */
export function withoutSdkDefaults(siteConfig: Record<string, unknown> | undefined, declared: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  if (!siteConfig) return siteConfig;
  const kept = { ...siteConfig };
  for (const key of SDK_SITE_CONFIG_DEFAULTS) if (!(key in declared)) delete kept[key];
  return kept;
}

/**
 * A resource transformation for the WebApp: the SDK applies its defaults inside the WebApp
 * constructor, so they can only be taken out after it, on the registered props.
 */
export function stripSdkSiteConfigDefaults(declared: Readonly<Record<string, unknown>>): pulumi.ResourceTransformation {
  return (args) => {
    if (args.type !== "azure-native:web:WebApp" || args.props.siteConfig === undefined) return undefined;
    const siteConfig = pulumi.output(args.props.siteConfig as pulumi.Input<Record<string, unknown>>).apply((value) => withoutSdkDefaults(value, declared));
    return { props: { ...args.props, siteConfig }, opts: args.opts };
  };
}

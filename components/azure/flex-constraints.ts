/**
 * What Azure refuses on Flex Consumption, as plain data with its sources: the components avoid it,
 * the policy pack (policy/azure/flex-consumption.ts) refuses it. No imports: the pack loads this too.
 */

/**
 * `siteConfig` properties Flex Consumption refuses, each with the report that shows ARM refusing it.
 * ARM answers 51021 "The following site configuration property (Site.SiteConfig.X) for Flex
 * Consumption sites is invalid", even for a null value, in the regions that enforce it (West Europe
 * among them). The policy pack refuses them too, so a user's transform cannot bring one back.
 */
export const FLEX_REJECTED_SITE_CONFIG: Readonly<Record<string, string>> = {
  ftpsState: "microsoft/azure-pipelines-tasks#21032 (ARM 51021, West Europe: FtpsState, Use32BitWorkerProcess, NetFrameworkVersion, FunctionsRuntimeScaleMonitoringEnabled)",
  use32BitWorkerProcess: "microsoft/azure-pipelines-tasks#21032 (ARM 51021)",
  netFrameworkVersion: "pulumi/pulumi-azure-native#4168 (ARM 51021; the SDK sends v4.6 whenever siteConfig is set); microsoft/azure-pipelines-tasks#21032",
  functionsRuntimeScaleMonitoringEnabled: "microsoft/azure-pipelines-tasks#21032 (ARM 51021)",
  linuxFxVersion: "Azure/terraform-azurerm-avm-res-web-site#283 (ARM 51021); the runtime is functionAppConfig.runtime",
  functionAppScaleLimit: "Azure/azure-functions-host#10643 (ARM 51021); scale is functionAppConfig.scaleAndConcurrency",
  windowsFxVersion: "Azure/terraform-azurerm-avm-res-web-site#345 (suppressed for FC1: Linux only)",
  alwaysOn: "Azure/terraform-azurerm-avm-res-web-site#345 (suppressed for FC1; always-ready instances are functionAppConfig.alwaysReady)",
  preWarmedInstanceCount: "Azure/terraform-azurerm-avm-res-web-site#360 (named with FtpsState and NetFrameworkVersion in Microsoft's Q&A list for Flex)",
};

/**
 * `functionAppConfig.scaleAndConcurrency.instanceMemoryMB` values ARM accepts. Microsoft Learn's
 * "Flex Consumption plan" page lists 512 as well, but Microsoft.Web/sites@2024-04-01 refuses it:
 * "only 2048 and 4096 are allowed" (Azure/azure-rest-api-specs#40898, open).
 */
export const FLEX_INSTANCE_MEMORY_MB: readonly number[] = [2048, 4096];

/** `maximumInstanceCount`: 40 to 1000 (Microsoft Learn, "Flex Consumption plan", Instance scale limits). */
export const FLEX_MAXIMUM_INSTANCE_COUNT = { min: 40, max: 1000 } as const;

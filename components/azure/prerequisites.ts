/**
 * What an Azure subscription needs before the first `up`, as data: docs/deploy-azure.md explains
 * it, `semantest-iac doctor` checks it (each namespace's registrationState must be `Registered`).
 */

/** Resource provider namespaces the stack's resources live in, with why. */
export const AZURE_RESOURCE_PROVIDERS: Readonly<Record<string, string>> = {
  "Microsoft.Web": "Function Apps and their Flex Consumption plans",
  // Flex Consumption runs on Container Apps infrastructure: a fresh subscription without it fails
  // the app's creation (hashicorp/terraform-provider-azurerm#30397, Azure/azure-cli#33177).
  "Microsoft.App": "Flex Consumption's hosting infrastructure",
  "Microsoft.Storage": "host and deployment storage accounts",
  "Microsoft.ManagedIdentity": "the apps' user-assigned identities",
  "Microsoft.SignalRService": "Web PubSub",
  "Microsoft.Insights": "Application Insights",
  "Microsoft.OperationalInsights": "the Log Analytics workspace",
};

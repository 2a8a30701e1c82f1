/**
 * What the Azure dynamic providers do in Azure, loaded by name inside Pulumi's provider process
 * (./load-at-run-time.ts says why and how): publishing a Function App's package
 * (code-deployment.ts) and closing a retired canary hub's connections (canary-route.ts).
 *
 * The program itself never runs these (it never calls Azure): the Azure SDKs are imported when an
 * operation runs, not when this module loads.
 */
import * as path from "path";
import { deployPackage, type PackageDeploymentInputs } from "./package-deployment";
import { drainHub, drainsOn, type HubDrainInputs } from "../../runtime/azure/hub-drain";

/**
 * This module's path from the project root (`components/azure/provider-operations.ts`), the
 * directory Pulumi starts the provider process in: what the providers hand to `loadAtRunTime`.
 */
export const PROVIDER_OPERATIONS_PATH = path.relative(path.resolve(__dirname, "..", ".."), __filename).split(path.sep).join("/");

/**
 * The azure-native provider reads `ARM_*` variables (service principal, OIDC); `@azure/identity`'s
 * DefaultAzureCredential reads `AZURE_*`. Map the first onto the second so both sign in as the same
 * principal in CI; `az login` works for both without variables.
 */
export function azureIdentityEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const pairs: [string, string][] = [
    ["ARM_CLIENT_ID", "AZURE_CLIENT_ID"],
    ["ARM_TENANT_ID", "AZURE_TENANT_ID"],
    ["ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET"],
    ["ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"],
  ];
  const mapped: Record<string, string> = {};
  for (const [from, to] of pairs) {
    const value = env[from];
    if (value && !env[to]) mapped[to] = value;
  }
  return mapped;
}

/**
 * Publishes one package to one Flex Consumption app as the deploying identity (az login, or the
 * pipeline's ARM_* principal), which signs in to ARM and to the Blob service alike: no account key anywhere.
 */
export async function publishCode(inputs: PackageDeploymentInputs): Promise<void> {
  const { DefaultAzureCredential } = await import("@azure/identity");
  Object.assign(process.env, azureIdentityEnvironment(process.env));
  await deployPackage(inputs, { credential: new DefaultAzureCredential() });
}

/** Closes the hub's connections when this update retires it (a rollback); otherwise does nothing. */
export async function closeIfRetired(olds: Partial<HubDrainInputs> | undefined, news: HubDrainInputs): Promise<boolean> {
  if (!drainsOn(olds, news)) return false;
  const { DefaultAzureCredential } = await import("@azure/identity");
  const { WebPubSubServiceClient } = await import("@azure/web-pubsub");
  Object.assign(process.env, azureIdentityEnvironment(process.env));
  await drainHub(news, new WebPubSubServiceClient(news.endpoint, new DefaultAzureCredential(), news.hub));
  return true;
}

/**
 * `CodeDeployment`: a Pulumi dynamic resource that publishes one package to one Flex Consumption
 * app (components/azure/package-deployment.ts does the work).
 *
 * Its identity is (app, container, blob, digest): the same code on the same app is the same
 * resource with the same inputs, so a release that ships unchanged code changes nothing in Azure
 * (no upload, no one deploy, no restart). It carries no tags: a `deployment-id` tag that follows
 * each release is what made ARM re-run one deploy on every release before.
 */
import * as pulumi from "@pulumi/pulumi";
import { deployPackage, type PackageDeploymentInputs } from "./package-deployment";

/** The inputs whose change means new code on the app; `packagePath` is where this machine keeps the zip, not part of it. */
export const DEPLOYMENT_KEYS = ["subscriptionId", "resourceGroupName", "appName", "accountName", "containerUrl", "blobName", "digest"] as const;

/** Which identifying inputs differ (the dynamic provider's diff, tested without the engine). */
export function changedKeys(olds: Partial<PackageDeploymentInputs>, news: Partial<PackageDeploymentInputs>): string[] {
  return DEPLOYMENT_KEYS.filter((key) => olds[key] !== news[key]);
}

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

const provider: pulumi.dynamic.ResourceProvider = {
  async diff(_id: string, olds: PackageDeploymentInputs, news: PackageDeploymentInputs) {
    const changes = changedKeys(olds, news);
    return { changes: changes.length > 0, replaces: [], deleteBeforeReplace: false };
  },
  async create(inputs: PackageDeploymentInputs) {
    await publish(inputs);
    return { id: `${inputs.appName}/onedeploy`, outs: outputsOf(inputs) };
  },
  async update(_id: string, _olds: PackageDeploymentInputs, news: PackageDeploymentInputs) {
    await publish(news);
    return { outs: outputsOf(news) };
  },
  // Deleting the resource deletes nothing: the package stays in the container for rollbacks, and
  // the code goes away with the app.
  async delete() {},
};

function outputsOf(inputs: PackageDeploymentInputs): Record<string, unknown> {
  return Object.fromEntries(DEPLOYMENT_KEYS.map((key) => [key, inputs[key]]));
}

async function publish(inputs: PackageDeploymentInputs): Promise<void> {
  // The deploying identity (az login, or the pipeline's ARM_* principal) signs in to ARM and to
  // the Blob service alike: no account key anywhere.
  // Loaded here, in the provider process (Pulumi serializes this closure; packages are required
  // by name there, local functions are captured by value): the program itself never calls Azure.
  const { DefaultAzureCredential } = await import("@azure/identity");
  Object.assign(process.env, azureIdentityEnvironment(process.env));
  await deployPackage(inputs, { credential: new DefaultAzureCredential() });
}

export type CodeDeploymentArgs = { readonly [K in keyof PackageDeploymentInputs]: pulumi.Input<PackageDeploymentInputs[K]> };

export class CodeDeployment extends pulumi.dynamic.Resource {
  readonly digest!: pulumi.Output<string>;
  readonly blobName!: pulumi.Output<string>;

  constructor(name: string, args: CodeDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...args, digest: args.digest, blobName: args.blobName }, opts, "semantest-azure", "CodeDeployment");
  }
}

/**
 * `CodeDeployment`: a Pulumi dynamic resource that publishes one package to one Flex Consumption
 * app (components/azure/package-deployment.ts does the work, in Pulumi's provider process:
 * ./provider-operations.ts).
 *
 * Its identity is (app, container, blob, digest): the same code on the same app is the same
 * resource with the same inputs, so a release that ships unchanged code changes nothing in Azure
 * (no upload, no one deploy, no restart). It carries no tags: a `deployment-id` tag that follows
 * each release is what made ARM re-run one deploy on every release before.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadAtRunTime } from "./load-at-run-time";
import type { PackageDeploymentInputs } from "./package-deployment";
import { PROVIDER_OPERATIONS_PATH } from "./provider-operations";

/** The inputs whose change means new code on the app; `packagePath` is where this machine keeps the zip, not part of it. */
export const DEPLOYMENT_KEYS = ["subscriptionId", "resourceGroupName", "appName", "accountName", "containerUrl", "blobName", "digest"] as const;

/** Which identifying inputs differ (the dynamic provider's diff, tested without the engine). */
export function changedKeys(olds: Partial<PackageDeploymentInputs>, news: Partial<PackageDeploymentInputs>): string[] {
  return DEPLOYMENT_KEYS.filter((key) => olds[key] !== news[key]);
}

export { azureIdentityEnvironment } from "./provider-operations";

/** Where create and update find `publishCode` in the provider process (a plain string, captured as one). */
const OPERATIONS = PROVIDER_OPERATIONS_PATH;

/**
 * Serialized by Pulumi into every CodeDeployment's `__provider` input. It captures only `diff`'s
 * helpers, `outputsOf`, `loadAtRunTime` and a path: publishing is loaded by name when it runs
 * (./load-at-run-time.ts), so the text stays small and the same whatever the publishing code does.
 */
export const codeDeploymentProvider: pulumi.dynamic.ResourceProvider = {
  async diff(_id: string, olds: PackageDeploymentInputs, news: PackageDeploymentInputs) {
    const changes = changedKeys(olds, news);
    return { changes: changes.length > 0, replaces: [], deleteBeforeReplace: false };
  },
  async create(inputs: PackageDeploymentInputs) {
    await loadAtRunTime<typeof import("./provider-operations")>(OPERATIONS).publishCode(inputs);
    return { id: `${inputs.appName}/onedeploy`, outs: outputsOf(inputs) };
  },
  async update(_id: string, _olds: PackageDeploymentInputs, news: PackageDeploymentInputs) {
    await loadAtRunTime<typeof import("./provider-operations")>(OPERATIONS).publishCode(news);
    return { outs: outputsOf(news) };
  },
  // Deleting the resource deletes nothing: the package stays in the container for rollbacks, and
  // the code goes away with the app.
  async delete() {},
};

function outputsOf(inputs: PackageDeploymentInputs): Record<string, unknown> {
  return Object.fromEntries(DEPLOYMENT_KEYS.map((key) => [key, inputs[key]]));
}

export type CodeDeploymentArgs = { readonly [K in keyof PackageDeploymentInputs]: pulumi.Input<PackageDeploymentInputs[K]> };

export class CodeDeployment extends pulumi.dynamic.Resource {
  readonly digest!: pulumi.Output<string>;
  readonly blobName!: pulumi.Output<string>;

  constructor(name: string, args: CodeDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super(codeDeploymentProvider, name, { ...args, digest: args.digest, blobName: args.blobName }, opts, "semantest-azure", "CodeDeployment");
  }
}

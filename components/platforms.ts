import * as pulumi from "@pulumi/pulumi";
import type { CloudProvider, ComponentKind, DeploymentConfiguration } from "../domain";
import { cloudImplementation } from "./clouds";

/** Declares each used cloud's shared resources once, before any component. */
export function createPlatforms(configuration: DeploymentConfiguration): Readonly<Partial<Record<CloudProvider, unknown>>> {
  const platforms: Partial<Record<CloudProvider, unknown>> = {};
  for (const provider of configuration.providers) {
    platforms[provider] = cloudImplementation(provider).createPlatform?.(configuration);
  }
  return platforms;
}

/**
 * The stack output `artifactStore`: where this stack keeps its artifacts, so `semantest-iac
 * rollback` can check that every artifact an earlier update needs still exists before it changes
 * anything. AWS: the stack's artifact bucket; Azure: each Function App's deployment container.
 */
export function artifactStoreOutput(
  configuration: DeploymentConfiguration,
  platforms: Readonly<Partial<Record<CloudProvider, unknown>>>,
  azureContainers: Readonly<Partial<Record<ComponentKind, pulumi.Output<string> | undefined>>>,
): Record<string, unknown> {
  const store: Record<string, unknown> = {};
  const aws = platforms.aws;
  // Required only when AWS is in use: it loads @pulumi/aws (components/clouds.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (aws !== undefined && aws instanceof (require("./aws/platform") as typeof import("./aws/platform")).AwsPlatform) store.aws = { bucket: aws.bucketName, region: configuration.region("aws")?.name };
  const containers = Object.fromEntries(Object.entries(azureContainers).filter(([, url]) => url !== undefined));
  if (Object.keys(containers).length > 0) store.azure = { containers };
  return store;
}

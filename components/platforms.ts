import type { CloudProvider, DeploymentConfiguration } from "../domain";
import { aws } from "./aws";
import { azure } from "./azure";
import type { CloudImplementation } from "./cloud";

const clouds: Readonly<Record<CloudProvider, CloudImplementation>> = { aws, azure };

/** Declares each used cloud's shared resources once, before any component. */
export function createPlatforms(configuration: DeploymentConfiguration): Readonly<Partial<Record<CloudProvider, unknown>>> {
  const platforms: Partial<Record<CloudProvider, unknown>> = {};
  for (const provider of configuration.providers) {
    platforms[provider] = clouds[provider].createPlatform?.(configuration);
  }
  return platforms;
}

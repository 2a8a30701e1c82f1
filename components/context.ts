import type { ComponentArtifact } from "../artifacts/artifact";
import type { DeploymentConfiguration, Tags } from "../domain";
import type { PushWiring } from "./push/wiring";

/** What every component implementation gets besides its own settings. */
export interface ComponentContext {
  /** The validated stack config (environment, regions, release, tags). */
  readonly configuration: DeploymentConfiguration;
  /** The standard tags for this component's resources (environment, component, managed-by, deployment id). */
  readonly tags: Tags;
  /** The component's code; undefined when none could be resolved (the implementation decides what that means). */
  readonly artifact: ComponentArtifact | undefined;
  /**
   * What the cloud's `createPlatform` declared for the whole stack (see components/cloud.ts); each
   * cloud's implementation knows its own type. Undefined when the cloud has no platform.
   */
  readonly platform: unknown;
  /** REST API: what its function needs to push to the stack's WebSocket connections (components/push); absent without a WebSocket component. */
  readonly push?: PushWiring;
}

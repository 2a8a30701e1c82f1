import type { DeploymentConfiguration } from "../domain";
import type { RestApiImplementation } from "./rest-api";
import type { WebSocketImplementation } from "./websocket";

/** One cloud's implementations of the components. */
export interface CloudImplementation {
  /**
   * Declares the stack-wide resources this cloud's components share (AWS: the artifact bucket;
   * Azure: resource group, storage, monitoring). Called once by index.ts when a component uses
   * this cloud; the result reaches every component as `context.platform`.
   */
  readonly createPlatform?: (configuration: DeploymentConfiguration) => unknown;
  readonly restApi: RestApiImplementation;
  readonly websocket: WebSocketImplementation;
}

import type { RestApiImplementation } from "./rest-api";
import type { WebSocketImplementation } from "./websocket";

/** One cloud's implementations of the components (each optional while it is being built). */
export interface CloudImplementation {
  readonly restApi?: RestApiImplementation;
  readonly websocket?: WebSocketImplementation;
}

import type * as pulumi from "@pulumi/pulumi";
import type { WebSocketSettings } from "../domain";
import { onDemand } from "./clouds";
import type { ComponentContext } from "./context";
import { ComponentEndpoint, ComponentImplementation, EndpointComponent } from "./endpoint-component";

/** Type token (DESIGN §4, contract). */
export const WEBSOCKET_TYPE = "semantest:components:WebSocket";

export interface WebSocketComponentArgs {
  /** The parsed, defaulted `semantest:components.websocket` settings. */
  readonly settings: WebSocketSettings;
  readonly context: ComponentContext;
}

/** What a cloud implementation gives back: `url` is the `wss://` URL clients use. */
export type WebSocketEndpoint = ComponentEndpoint;
export type WebSocketImplementation = ComponentImplementation<WebSocketComponentArgs>;

/** Semantest's WebSocket server on the cloud its settings name: the same outputs whatever the cloud. */
export class WebSocketComponent extends EndpointComponent<WebSocketComponentArgs> {
  constructor(name: string, args: WebSocketComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(WEBSOCKET_TYPE, name, args, onDemand((cloud) => cloud.websocket), opts);
  }
}

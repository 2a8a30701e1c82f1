import type * as pulumi from "@pulumi/pulumi";
import type { RestApiSettings } from "../domain";
import { onDemand } from "./clouds";
import type { ComponentContext } from "./context";
import { ComponentEndpoint, ComponentImplementation, EndpointComponent } from "./endpoint-component";

/** Type token (DESIGN §4, contract). */
export const REST_API_TYPE = "semantest:components:RestApi";

export interface RestApiComponentArgs {
  /** The parsed, defaulted `semantest:components.rest-api` settings. */
  readonly settings: RestApiSettings;
  readonly context: ComponentContext;
}

/** What a cloud implementation gives back: `url` is the API's `https://` base URL. */
export type RestApiEndpoint = ComponentEndpoint;
export type RestApiImplementation = ComponentImplementation<RestApiComponentArgs>;

/** Semantest's REST API on the cloud its settings name: the same outputs whatever the cloud. */
export class RestApiComponent extends EndpointComponent<RestApiComponentArgs> {
  constructor(name: string, args: RestApiComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(REST_API_TYPE, name, args, onDemand((cloud) => cloud.restApi), opts);
  }
}

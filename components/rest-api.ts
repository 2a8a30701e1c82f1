import * as pulumi from "@pulumi/pulumi";
import type { CloudProvider, RestApiSettings } from "../domain";
import { aws } from "./aws";
import { azure } from "./azure";
import type { ComponentContext } from "./context";

/** Type token (DESIGN §4, contract). */
export const REST_API_TYPE = "semantest:components:RestApi";

export interface RestApiComponentArgs {
  /** The parsed, defaulted `semantest:components.rest-api` settings. */
  readonly settings: RestApiSettings;
  readonly context: ComponentContext;
}

/** What a cloud implementation gives back: the REST API's public base URL, and its own extras. */
export interface RestApiEndpoint {
  /** `https://…` base URL of the API. */
  readonly url: pulumi.Output<string>;
  /** SNS topic (AWS) the component's alarms notify, when it declares alarms. */
  readonly alarmTopicArn?: pulumi.Output<string>;
  /** Azure: the deployment container holding this component's packages (stack output artifactStore). */
  readonly artifactContainerUrl?: pulumi.Output<string>;
}

/** Declares one cloud's resources for the REST API, each parented to `parent` and named `${name}-<role>`. */
export type RestApiImplementation = (
  name: string,
  args: RestApiComponentArgs,
  parent: pulumi.ComponentResource,
) => RestApiEndpoint;

/** Each cloud's implementation; a cloud without one declares nothing for this component. */
const implementations: Readonly<Record<CloudProvider, RestApiImplementation | undefined>> = {
  aws: aws.restApi,
  azure: azure.restApi,
};

/**
 * Semantest's REST API on the cloud its settings name: the same `url` output whatever the cloud.
 */
export class RestApiComponent extends pulumi.ComponentResource {
  /** `https://…` base URL; undefined while the provider has no implementation. */
  readonly url: pulumi.Output<string | undefined>;
  /** The alarm topic, when the implementation declares alarms (AWS with `alarms: true`). */
  readonly alarmTopicArn: pulumi.Output<string> | undefined;
  /** Azure: the deployment container of this component's packages. */
  readonly artifactContainerUrl: pulumi.Output<string> | undefined;

  constructor(name: string, args: RestApiComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(REST_API_TYPE, name, {}, opts);
    const implementation = implementations[args.settings.provider];
    const endpoint = implementation?.(name, args, this);
    this.url = endpoint ? endpoint.url : pulumi.output(undefined);
    this.alarmTopicArn = endpoint?.alarmTopicArn;
    this.artifactContainerUrl = endpoint?.artifactContainerUrl;
    this.registerOutputs({ url: this.url, alarmTopicArn: this.alarmTopicArn });
  }
}

import * as pulumi from "@pulumi/pulumi";
import type { CloudProvider, WebSocketSettings } from "../domain";
import { aws } from "./aws";
import { azure } from "./azure";
import type { ComponentContext } from "./context";

/** Type token (DESIGN §4, contract). */
export const WEBSOCKET_TYPE = "semantest:components:WebSocket";

export interface WebSocketComponentArgs {
  /** The parsed, defaulted `semantest:components.websocket` settings. */
  readonly settings: WebSocketSettings;
  readonly context: ComponentContext;
}

/** What a cloud implementation gives back: the `wss://` URL clients use. */
export interface WebSocketEndpoint {
  readonly url: pulumi.Output<string>;
  /** SNS topic (AWS) the component's alarms notify, when it declares alarms. */
  readonly alarmTopicArn?: pulumi.Output<string>;
  /** Azure: the deployment container holding this component's packages (stack output artifactStore). */
  readonly artifactContainerUrl?: pulumi.Output<string>;
}

export type WebSocketImplementation = (
  name: string,
  args: WebSocketComponentArgs,
  parent: pulumi.ComponentResource,
) => WebSocketEndpoint;

/** Each cloud's implementation; a cloud without one declares nothing for this component. */
const implementations: Readonly<Record<CloudProvider, WebSocketImplementation | undefined>> = {
  aws: aws.websocket,
  azure: azure.websocket,
};

/** Semantest's WebSocket server on the cloud its settings name: the same `url` output whatever the cloud. */
export class WebSocketComponent extends pulumi.ComponentResource {
  /** `wss://…` URL; undefined while the provider has no implementation. */
  readonly url: pulumi.Output<string | undefined>;
  /** The alarm topic, when the implementation declares alarms (AWS with `alarms: true`). */
  readonly alarmTopicArn: pulumi.Output<string> | undefined;
  /** Azure: the deployment container of this component's packages. */
  readonly artifactContainerUrl: pulumi.Output<string> | undefined;

  constructor(name: string, args: WebSocketComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(WEBSOCKET_TYPE, name, {}, opts);
    const implementation = implementations[args.settings.provider];
    const endpoint = implementation?.(name, args, this);
    this.url = endpoint ? endpoint.url : pulumi.output(undefined);
    this.alarmTopicArn = endpoint?.alarmTopicArn;
    this.artifactContainerUrl = endpoint?.artifactContainerUrl;
    this.registerOutputs({ url: this.url, alarmTopicArn: this.alarmTopicArn });
  }
}

import * as pulumi from "@pulumi/pulumi";
import type { CloudProvider } from "../domain";
import type { PushTarget } from "./push/target";
import type { LogSourceOutput } from "./log-source";

/** What a cloud's implementation gives back for a component: the same outputs whatever the cloud. */
export interface ComponentEndpoint {
  /** The public URL (`https://` for the REST API, `wss://` for the WebSocket server). */
  readonly url: pulumi.Output<string>;
  /** With a custom domain: the cloud's own host name the domain must resolve to (stack output `customDomains`). */
  readonly domainTarget?: pulumi.Output<string>;
  /** SNS topic (AWS) the component's alarms notify, when it declares alarms. */
  readonly alarmTopicArn?: pulumi.Output<string>;
  /** Azure: the deployment container holding this component's packages (stack output artifactStore). */
  readonly artifactContainerUrl?: pulumi.Output<string>;
  /** WebSocket: how a REST function reaches its connections (components/push). */
  readonly pushTarget?: PushTarget;
  /** AWS: the Lambda function's name (stack output lambdaFunctions: `prune` deletes its old versions). */
  readonly functionName?: pulumi.Output<string>;
  /** What serves the stable share now (AWS: the Lambda version behind `live`): stack output `liveVersions`. */
  readonly liveVersion?: pulumi.Output<string>;
  /** Alarm names (CloudWatch) that gate a release's traffic shifts: stack output `releaseAlarms`. */
  readonly releaseAlarms?: pulumi.Output<string[]>;
  /** Where the function logs (stack output `logs.<component>`, read by `semantest-iac logs`). */
  readonly logs?: pulumi.Output<LogSourceOutput>;
}

/** Declares one cloud's resources for a component, each parented to `parent` and named `${name}-<role>`. */
export type ComponentImplementation<A> = (name: string, args: A, parent: pulumi.ComponentResource) => ComponentEndpoint;

/**
 * The anatomy the REST API and the WebSocket server share: the component resource with its type
 * token, the implementation its settings' provider names, and the same minimal set of outputs.
 */
export abstract class EndpointComponent<A extends { readonly settings: { readonly provider: CloudProvider } }> extends pulumi.ComponentResource {
  readonly url: pulumi.Output<string>;
  /** The alarm topic, when the implementation declares alarms (AWS with `alarms: true`). */
  readonly alarmTopicArn: pulumi.Output<string> | undefined;
  /** With a custom domain: the host name the domain resolves to (API Gateway's regional name, the app's or service's default host). */
  readonly domainTarget: pulumi.Output<string> | undefined;
  /** Azure: the deployment container of this component's packages. */
  readonly artifactContainerUrl: pulumi.Output<string> | undefined;
  /** WebSocket: how a REST function reaches its connections. */
  readonly pushTarget: PushTarget | undefined;
  /** AWS: the Lambda function's name. */
  readonly functionName: pulumi.Output<string> | undefined;
  /** What serves the stable share now, when the implementation knows (issue 20). */
  readonly liveVersion: pulumi.Output<string> | undefined;
  /** The alarms gating a release's shifts, while a release has traffic (issue 20). */
  readonly releaseAlarms: pulumi.Output<string[]> | undefined;
  /** Where the function logs. */
  readonly logs: pulumi.Output<LogSourceOutput> | undefined;

  protected constructor(
    type: string,
    name: string,
    args: A,
    implementations: Readonly<Record<CloudProvider, ComponentImplementation<A>>>,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(type, name, {}, opts);
    const endpoint = implementations[args.settings.provider](name, args, this);
    this.url = endpoint.url;
    this.alarmTopicArn = endpoint.alarmTopicArn;
    this.domainTarget = endpoint.domainTarget;
    this.artifactContainerUrl = endpoint.artifactContainerUrl;
    this.pushTarget = endpoint.pushTarget;
    this.functionName = endpoint.functionName;
    this.liveVersion = endpoint.liveVersion;
    this.releaseAlarms = endpoint.releaseAlarms;
    this.logs = endpoint.logs;
    this.registerOutputs({ url: this.url, alarmTopicArn: this.alarmTopicArn });
  }
}

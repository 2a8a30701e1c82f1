/**
 * What a WebSocket component tells the program so the REST function can push to its connections
 * (see ./push-link.ts). Each cloud's WebSocket implementation returns one beside its `url`.
 */
import * as pulumi from "@pulumi/pulumi";
import { PUSH_ENV } from "../../runtime/shared/push-contract";

export interface AwsPushTarget {
  readonly provider: "aws";
  readonly tableName: pulumi.Output<string>;
  readonly tableArn: pulumi.Output<string>;
  /** The WebSocket API's execution ARN (`arn:aws:execute-api:<region>:<account>:<api-id>`). */
  readonly executionArn: pulumi.Output<string>;
  readonly stageName: string;
  /** The `@connections` endpoint: `https://<api-id>.execute-api.<region>.amazonaws.com/<stage>`. */
  readonly endpoint: pulumi.Output<string>;
  readonly region: string;
}

export interface AzurePushTarget {
  readonly provider: "azure";
  /** The Web PubSub service's resource id (the role assignment's scope). */
  readonly serviceId: pulumi.Output<string>;
  /** `https://<name>.webpubsub.azure.com` */
  readonly endpoint: pulumi.Output<string>;
  readonly hub: string;
}

export type PushTarget = AwsPushTarget | AzurePushTarget;

/** The `@connections` endpoint of a WebSocket API stage (API Gateway Developer Guide, "Use @connections commands in your backend service"). */
export function connectionsEndpoint(apiId: string, region: string, stage: string): string {
  return `https://${apiId}.execute-api.${region}.amazonaws.com/${stage}`;
}

export function awsPushTarget(args: { table: { name: pulumi.Output<string>; arn: pulumi.Output<string> }; api: { id: pulumi.Output<string>; executionArn: pulumi.Output<string> }; stageName: string; region: string | undefined }): AwsPushTarget {
  // The config validation requires aws:region for any component on AWS; this guards a caller that skipped it.
  if (!args.region) throw new Error("aws:region is not set; a WebSocket component on AWS needs it for its @connections endpoint");
  const region = args.region;
  return {
    provider: "aws",
    tableName: args.table.name,
    tableArn: args.table.arn,
    executionArn: args.api.executionArn,
    stageName: args.stageName,
    endpoint: args.api.id.apply((id) => connectionsEndpoint(id, region, args.stageName)),
    region,
  };
}

/** No access key: every REST function reaches Web PubSub with an Entra identity (./push-link.ts). */
export function azurePushTarget(args: { service: { id: pulumi.Output<string>; hostName: pulumi.Output<string> }; hub: string }): AzurePushTarget {
  return {
    provider: "azure",
    serviceId: args.service.id,
    endpoint: pulumi.interpolate`https://${args.service.hostName}`,
    hub: args.hub,
  };
}

/** The settings of a REST function pushing to API Gateway (its credential, if any, is added by the caller). */
export function awsTargetEnvironment(target: AwsPushTarget): Record<string, pulumi.Input<string>> {
  return { [PUSH_ENV.provider]: "aws", [PUSH_ENV.endpoint]: target.endpoint, [PUSH_ENV.table]: target.tableName, [PUSH_ENV.region]: target.region };
}

import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentName, Tags } from "../../domain";
import { natGatewayStrategy } from "./policies";

/** The stack's one VPC, shared by every component with `vpc: true`. */
export interface SharedNetwork {
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
}

/** What one function runs in: the shared VPC's private subnets and the function's own security group. */
export interface PrivateNetwork {
  readonly vpcId: pulumi.Output<string>;
  readonly subnetIds: pulumi.Output<string[]>;
  readonly securityGroup: aws.ec2.SecurityGroup;
}

/** Availability zones per environment: 2 in dev (cost), 3 elsewhere. */
export function availabilityZones(environment: EnvironmentName): number {
  return environment === "dev" ? 2 : 3;
}

/**
 * Elastic IPs the stack's VPC takes: one per NAT gateway (one in dev, one per AZ elsewhere). One
 * VPC per stack keeps this at 3 at most, within the default quota of 5 per region (Amazon VPC
 * User Guide, "Amazon VPC quotas": Elastic IP addresses per Region, 5); one VPC per component
 * needed 6 with both components on `vpc: true`.
 */
export function elasticIpsNeeded(environment: EnvironmentName): number {
  return natGatewayStrategy(environment) === "Single" ? 1 : availabilityZones(environment);
}

/**
 * `vpc: true`: one VPC per stack whose private subnets reach the internet through NAT (one gateway
 * in dev, one per AZ elsewhere), declared by the AWS platform when any component asks for it.
 */
/**
 * The part of `@pulumi/awsx`'s `ec2.Vpc` this file uses (awsx ec2/vpc.d.ts: `VpcArgs`, the
 * `vpcId` and `privateSubnetIds` outputs; the strategy names are awsx's `NatGatewayStrategy`).
 * Declared here rather than imported as a type: awsx's declarations import the root of
 * `@pulumi/aws`, which would put all of its ~700,000 lines back into every type check (./sdk.ts).
 * tests/aws/components.test.ts runs this against the real awsx under mocks.
 */
interface Awsx {
  readonly ec2: {
    readonly Vpc: new (
      name: string,
      args: { numberOfAvailabilityZones?: number; natGateways?: { strategy: "None" | "Single" | "OnePerAz" }; tags?: pulumi.Input<Record<string, pulumi.Input<string>>> },
      opts?: pulumi.ComponentResourceOptions,
    ) => pulumi.ComponentResource & { readonly vpcId: pulumi.Output<string>; readonly privateSubnetIds: pulumi.Output<string[]> };
  };
}

export function createSharedNetwork(name: string, environment: EnvironmentName, tags: Tags, parent: pulumi.Resource): SharedNetwork {
  // awsx is loaded here, not at the top: only `vpc: true` needs it, and loading it costs every other stack ~0.1 s (issue 15).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vpc = new (require("@pulumi/awsx") as Awsx).ec2.Vpc(`${name}-vpc`, {
    numberOfAvailabilityZones: availabilityZones(environment),
    natGateways: { strategy: natGatewayStrategy(environment) },
    tags,
  }, { parent });
  return { vpcId: vpc.vpcId, privateSubnetIds: vpc.privateSubnetIds };
}

/**
 * The function's own security group in the shared VPC: no inbound traffic and any outbound (the
 * function calls out to Redis, databases, APIs; nothing calls in: API Gateway invokes Lambda, not
 * the ENI). `dependsOn` holds what must outlive the group: the ENI permissions (function.ts).
 */
export function createPrivateNetwork(name: string, shared: SharedNetwork, tags: Tags, parent: pulumi.Resource, dependsOn: pulumi.Resource[]): PrivateNetwork {
  const securityGroup = new aws.ec2.SecurityGroup(`${name}-egress`, {
    vpcId: shared.vpcId,
    description: `${name}: egress only, no inbound`,
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], description: "any outbound" }],
    tags,
  }, { parent, dependsOn });
  return { vpcId: shared.vpcId, subnetIds: shared.privateSubnetIds, securityGroup };
}

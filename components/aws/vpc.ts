import type * as awsx from "@pulumi/awsx";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentName, Tags } from "../../domain";
import { natGatewayStrategy } from "./policies";

export interface PrivateNetwork {
  readonly subnetIds: pulumi.Output<string[]>;
  readonly securityGroupIds: pulumi.Output<string>[];
}

/**
 * `vpc: true`: a VPC whose private subnets reach the internet through NAT (one gateway in dev, one
 * per AZ elsewhere), and a security group that allows no inbound traffic and any outbound (the
 * function calls out to Redis, databases, APIs; nothing calls in: API Gateway invokes Lambda, not the ENI).
 */
export function createPrivateNetwork(name: string, environment: EnvironmentName, tags: Tags, parent: pulumi.Resource): PrivateNetwork {
  // Loaded here, not at the top: only `vpc: true` needs awsx, and loading it costs every other stack ~0.1 s (issue 15).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ec2 } = require("@pulumi/awsx") as typeof awsx;
  const vpc = new ec2.Vpc(`${name}-vpc`, {
    numberOfAvailabilityZones: environment === "dev" ? 2 : 3,
    natGateways: { strategy: natGatewayStrategy(environment) },
    tags,
  }, { parent });
  const securityGroup = new aws.ec2.SecurityGroup(`${name}-egress`, {
    vpcId: vpc.vpcId,
    description: `${name}: egress only, no inbound`,
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], description: "any outbound" }],
    tags,
  }, { parent });
  return { subnetIds: vpc.privateSubnetIds, securityGroupIds: [securityGroup.id] };
}

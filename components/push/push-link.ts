/**
 * The link from the REST function to the WebSocket connections, for each topology:
 *
 * | REST  | WebSocket | how the REST function reaches the connections                                      |
 * |-------|-----------|------------------------------------------------------------------------------------|
 * | AWS   | AWS       | its own role: Query/BatchWriteItem on the registry, ManageConnections on the stage   |
 * | Azure | Azure     | its managed identity: "Web PubSub Service Owner" on the service                     |
 * | AWS   | Azure     | its role's STS web identity token, exchanged for a user-assigned identity's token    |
 * |       |           | (federated credential on that role); the identity is "Web PubSub Service Owner"     |
 * | Azure | AWS       | an IAM user's key (same least privilege) in Key Vault; its identity may read it     |
 *
 * Only REST on Azure -> API Gateway still has a credential (an IAM key): it travels as a Pulumi
 * secret into Key Vault; the function's settings hold its URI, read with the function's identity.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CloudProvider, Tags } from "../../domain";
import { PUSH_ENV } from "../../runtime/shared/push-contract";
import type { AzurePlatform } from "../azure/platform";
import { pushStatements } from "./statements";
import { awsTargetEnvironment, type PushTarget } from "./target";
import type { PushWiring } from "./wiring";

// The Azure-side wiring loads azure-native: required only on the topologies that use it, so an
// all-AWS stack never loads the Azure SDK (issue 15).
/* eslint-disable @typescript-eslint/no-require-imports */
const crossCloud = () => require("./cross-cloud") as typeof import("./cross-cloud");
const grants = () => require("./grant") as typeof import("./grant");
const federation = () => require("./federation") as typeof import("./federation");
/* eslint-enable @typescript-eslint/no-require-imports */

/** Not a deployable component (no code, no URL): the wiring between two, outside `semantest:components:*`. */
export const PUSH_LINK_TYPE = "semantest:wiring:PushLink";

export interface PushLinkArgs {
  /** What the WebSocket component exposes. */
  readonly target: PushTarget;
  /** Where the REST function runs. */
  readonly restProvider: CloudProvider;
  /** The Azure platform (resource group, naming), when REST or WebSocket is on Azure. */
  readonly azurePlatform?: AzurePlatform;
  /** Tags for what the link declares (the federated identity, the Key Vault, the IAM user). */
  readonly tags: Tags;
}

/** Declares what the REST function needs to push (nothing, when both are on one cloud's identity) and says how to apply it. */
export class PushLinkComponent extends pulumi.ComponentResource {
  readonly wiring: PushWiring;

  constructor(name: string, args: PushLinkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(PUSH_LINK_TYPE, name, {}, opts);
    this.wiring = link(name, args, this);
    this.registerOutputs({});
  }
}

function link(name: string, args: PushLinkArgs, parent: pulumi.ComponentResource): PushWiring {
  const { target, restProvider } = args;
  if (target.provider === "aws" && restProvider === "aws") {
    return {
      environment: awsTargetEnvironment(target),
      statements: pulumi.all([target.tableArn, target.executionArn]).apply(([table, api]) => pushStatements(table, api, target.stageName)),
    };
  }
  if (target.provider === "azure" && restProvider === "azure") {
    const platform = requireAzure(args, parent);
    return {
      environment: { [PUSH_ENV.provider]: "azure", [PUSH_ENV.endpoint]: target.endpoint, [PUSH_ENV.hub]: target.hub },
      grant: (principalId) => void grants().grantRole(`${name}-webpubsub-owner`, "webPubSubServiceOwner", target.serviceId, principalId, platform, parent),
    };
  }
  if (target.provider === "azure") return federation().awsRestToAzure(name, target, requireAzure(args, parent), args.tags, parent);
  return crossCloud().azureRestToAws(name, target, requireAzure(args, parent), args.tags, parent);
}

function requireAzure(args: PushLinkArgs, parent: pulumi.Resource): AzurePlatform {
  if (args.azurePlatform) return args.azurePlatform;
  throw new pulumi.ResourceError("the push link needs the Azure platform (resource group, naming); index.ts must pass platforms.azure", parent);
}

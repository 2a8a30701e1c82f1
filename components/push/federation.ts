/**
 * REST on AWS -> Web PubSub on Azure without a key (see ./push-link.ts):
 *
 * 1. the account's IAM outbound identity federation issues JWTs for the Lambda's role
 *    (`sts:GetWebIdentityToken`; `sub` = the role's ARN: IAM User Guide, "Understanding token
 *    claims", sample `"sub": "arn:aws:iam::123456789012:role/DataProcessingRole"`);
 * 2. a user-assigned managed identity in the stack's resource group trusts exactly that issuer,
 *    subject and the audience `api://AzureADTokenExchange` (a federated identity credential), and
 *    holds "Web PubSub Service Owner" on the one service;
 * 3. the Lambda exchanges its JWT for that identity's Entra token (runtime/aws/push-federation.ts).
 *
 * Nothing secret exists on either side: the function's settings are the endpoint, the hub, the
 * tenant and the identity's client id. Enabling outbound federation is account-wide and done once
 * by the account (docs/deploy-aws.md): the program only reads its issuer, so two stacks in one
 * account never fight over it and a `destroy` never turns it off for the others.
 */
import * as aws from "../aws/sdk";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../../domain";
import { PUSH_ENV, PUSH_FEDERATION } from "../../runtime/shared/push-contract";
import type { AzurePlatform } from "../azure/platform";
import { grantRole } from "./grant";
import { webIdentityTokenStatements } from "./statements";
import type { AzurePushTarget } from "./target";
import type { PushWiring } from "./wiring";

/**
 * The account's issuer URL (`IssuerIdentifier` of IAM GetOutboundWebIdentityFederationInfo, read
 * by the `aws.iam.getOutboundWebIdentityFederation` data source). An account that has not enabled
 * outbound federation fails here, at preview, with IAM's `FeatureDisabled`, before anything is created.
 */
export function outboundIssuer(parent: pulumi.Resource): pulumi.Output<string> {
  return aws.iam.getOutboundWebIdentityFederationOutput({ parent }).issuerIdentifier;
}

export function awsRestToAzure(name: string, target: AzurePushTarget, platform: AzurePlatform, tags: Tags, parent: pulumi.Resource): PushWiring {
  const issuer = outboundIssuer(parent);
  const identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, {
    resourceGroupName: platform.resourceGroupName,
    location: platform.location,
    tags: { ...tags },
  }, { parent });
  // The same role and scope a REST Function App's own identity gets on Azure (./push-link.ts).
  grantRole(`${name}-webpubsub-owner`, "webPubSubServiceOwner", target.serviceId, identity.principalId, platform, parent);
  return {
    environment: {
      [PUSH_ENV.provider]: "azure",
      [PUSH_ENV.endpoint]: target.endpoint,
      [PUSH_ENV.hub]: target.hub,
      [PUSH_ENV.tenantId]: identity.tenantId,
      [PUSH_ENV.clientId]: identity.clientId,
    },
    statements: pulumi.output(webIdentityTokenStatements()),
    trustRole: (roleArn) =>
      void new managedidentity.FederatedIdentityCredential(`${name}-aws-role`, {
        resourceGroupName: platform.resourceGroupName,
        resourceName: identity.name,
        issuer,
        // The role's ARN as IAM gives it (path included): Entra compares issuer and subject exactly.
        subject: roleArn,
        // "Federated identity credentials must have exactly one audience" (Entra, considerations).
        audiences: [PUSH_FEDERATION.audience],
      }, { parent }),
  };
}

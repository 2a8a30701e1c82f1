/**
 * What `doctor` asks of the machine and the accounts, in the stack's own terms. Each method
 * answers one question; a thrown error means "could not ask" (no credentials, no network, denied),
 * and the check that asked reports it as a failure with the message.
 */

export interface PulumiCliProbe {
  /** `pulumi version` (e.g. "v3.200.0"), or undefined when no `pulumi` is on PATH. */
  version(): Promise<string | undefined>;
  /** Who is logged in and to which backend; throws when not logged in. */
  whoami(): Promise<{ readonly user: string; readonly url?: string }>;
}

export interface AwsAccountProbe {
  /** STS GetCallerIdentity. */
  callerIdentity(): Promise<{ readonly account: string; readonly arn: string }>;
  /** API Gateway GetAccount's `cloudwatchRoleArn` (per region), undefined when unset. */
  apiGatewayCloudWatchRoleArn(): Promise<string | undefined>;
  /** Service Quotas: EC2 "EC2-VPC Elastic IPs" (L-0263D0A3) for the region. */
  elasticIpQuota(): Promise<number>;
  /** Elastic IPs allocated in the region, and how many of them this stack already owns (by tags). */
  elasticIpsInUse(ownTags: Readonly<Record<string, string>>): Promise<{ readonly total: number; readonly own: number }>;
  /** Lambda GetAccountSettings: the account's concurrency limit and what is left unreserved. */
  lambdaConcurrency(): Promise<{ readonly limit: number; readonly unreserved: number }>;
  /**
   * Cost Explorer ListCostAllocationTags (user-defined): each asked key's status, "Active" or
   * "Inactive"; a key Billing has not seen on any resource yet is absent. Optional: probes that
   * cannot ask skip the check.
   */
  costAllocationTags?(keys: readonly string[]): Promise<Readonly<Record<string, string>>>;
}

export interface AzureAccountProbe {
  /** A management-plane token from @azure/identity; `principalId` is the token's `oid`. */
  token(): Promise<{ readonly principalId?: string; readonly expiresOn: number }>;
  /** The subscription the stack deploys to (config or environment), undefined when none is set. */
  readonly subscriptionId: string | undefined;
  /** `registrationState` of each resource provider namespace. */
  providerRegistrations(namespaces: readonly string[]): Promise<Readonly<Record<string, string>>>;
  /** Role definition ids (the GUID at the end) assigned to `principalId` at or above the subscription. */
  roleDefinitionIds(principalId: string): Promise<readonly string[]>;
  /** Regions where Flex Consumption plans can be created (Microsoft.Web/geoRegions?sku=FlexConsumption), as names like "West Europe". */
  flexConsumptionRegions(): Promise<readonly string[]>;
  /** Regions where Microsoft.SignalRService/WebPubSub can be created. */
  webPubSubRegions(): Promise<readonly string[]>;
}

/**
 * The AWS side of `doctor`, with the official AWS SDK v3 clients. Region and credentials come
 * from the standard chain (AWS_PROFILE, SSO, environment...); `endpoint` points every client
 * at one URL (tests use a local recorder; AWS_ENDPOINT_URL does the same from the environment).
 */
import { APIGatewayClient, GetAccountCommand } from "@aws-sdk/client-api-gateway";
import { CostExplorerClient, ListCostAllocationTagsCommand } from "@aws-sdk/client-cost-explorer";
import { DescribeAddressesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetAccountSettingsCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, NoSuchResourceException, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsAccountProbe } from "../../application/doctor";
import { ELASTIC_IP_QUOTA_CODE } from "../../application/doctor";

export interface AwsProbeOptions {
  readonly region: string;
  /** One endpoint for every service (a recorder in tests). Default: each service's own. */
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

export class AwsSdkAccountProbe implements AwsAccountProbe {
  private readonly config: { region: string; endpoint?: string; credentials?: AwsProbeOptions["credentials"]; maxAttempts: number };

  constructor(options: AwsProbeOptions) {
    // Two attempts: a doctor run should answer in seconds, not retry a denied call for a minute.
    this.config = { region: options.region, maxAttempts: 2, ...(options.endpoint ? { endpoint: options.endpoint } : {}), ...(options.credentials ? { credentials: options.credentials } : {}) };
  }

  async callerIdentity(): Promise<{ account: string; arn: string }> {
    const out = await new STSClient(this.config).send(new GetCallerIdentityCommand({}));
    return { account: out.Account ?? "(unknown)", arn: out.Arn ?? "(unknown)" };
  }

  async apiGatewayCloudWatchRoleArn(): Promise<string | undefined> {
    const out = await new APIGatewayClient(this.config).send(new GetAccountCommand({}));
    return out.cloudwatchRoleArn || undefined;
  }

  async elasticIpQuota(): Promise<number> {
    const client = new ServiceQuotasClient(this.config);
    const input = { ServiceCode: "ec2", QuotaCode: ELASTIC_IP_QUOTA_CODE };
    try {
      const out = await client.send(new GetServiceQuotaCommand(input));
      if (out.Quota?.Value !== undefined) return out.Quota.Value;
    } catch (error) {
      // An account that never changed the quota has no applied value: the AWS default applies.
      if (!(error instanceof NoSuchResourceException)) throw error;
    }
    const fallback = await client.send(new GetAWSDefaultServiceQuotaCommand(input));
    if (fallback.Quota?.Value === undefined) throw new Error(`Service Quotas returned no value for ec2 ${ELASTIC_IP_QUOTA_CODE}`);
    return fallback.Quota.Value;
  }

  async elasticIpsInUse(ownTags: Readonly<Record<string, string>>): Promise<{ total: number; own: number }> {
    const out = await new EC2Client(this.config).send(new DescribeAddressesCommand({}));
    const addresses = out.Addresses ?? [];
    const own = addresses.filter((a) => Object.entries(ownTags).every(([key, value]) => a.Tags?.some((t) => t.Key === key && t.Value === value))).length;
    return { total: addresses.length, own };
  }

  async lambdaConcurrency(): Promise<{ limit: number; unreserved: number }> {
    const out = await new LambdaClient(this.config).send(new GetAccountSettingsCommand({}));
    return { limit: out.AccountLimit?.ConcurrentExecutions ?? 0, unreserved: out.AccountLimit?.UnreservedConcurrentExecutions ?? 0 };
  }

  async costAllocationTags(keys: readonly string[]): Promise<Record<string, string>> {
    // Cost Explorer is one endpoint (us-east-1) for the whole account, whatever the stack's region.
    const client = new CostExplorerClient({ ...this.config, region: "us-east-1" });
    const statuses: Record<string, string> = {};
    let token: string | undefined;
    do {
      const out = await client.send(new ListCostAllocationTagsCommand({ TagKeys: [...keys], Type: "UserDefined", ...(token ? { NextToken: token } : {}) }));
      for (const tag of out.CostAllocationTags ?? []) if (tag.TagKey && tag.Status) statuses[tag.TagKey] = tag.Status;
      token = out.NextToken || undefined;
    } while (token);
    return statuses;
  }
}

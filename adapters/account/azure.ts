/**
 * The Azure side of `doctor`, with @azure/identity and the official ARM clients
 * (@azure/arm-resources, @azure/arm-authorization, @azure/arm-appservice). `endpoint` and `ca` point
 * them at another Resource Manager (a local HTTPS recorder in tests).
 */
import { WebSiteManagementClient } from "@azure/arm-appservice";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ResourceManagementClient } from "@azure/arm-resources";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import type { AzureAccountProbe } from "../../application/doctor";

export const ARM_SCOPE = "https://management.azure.com/.default";

export interface AzureProbeOptions {
  readonly subscriptionId: string | undefined;
  /** Default: DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI...). */
  readonly credential?: TokenCredential;
  /** Resource Manager's URL. Default: https://management.azure.com. */
  readonly endpoint?: string;
  /** Extra CA certificate (PEM) to trust for `endpoint`. */
  readonly ca?: string;
}

export class AzureSdkAccountProbe implements AzureAccountProbe {
  readonly subscriptionId: string | undefined;
  private readonly credential: TokenCredential;
  private readonly clientOptions: Record<string, unknown>;

  constructor(options: AzureProbeOptions) {
    this.subscriptionId = options.subscriptionId;
    this.credential = options.credential ?? new DefaultAzureCredential();
    this.clientOptions = {
      ...(options.endpoint ? { endpoint: options.endpoint, $host: options.endpoint, credentialScopes: [ARM_SCOPE] } : {}),
      ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
      retryOptions: { maxRetries: 1 },
    };
  }

  async token(): Promise<{ principalId?: string; expiresOn: number }> {
    const token = await this.credential.getToken(ARM_SCOPE);
    if (!token) throw new Error("the credential returned no token for Azure Resource Manager");
    return { principalId: claim(token.token, "oid"), expiresOn: token.expiresOnTimestamp };
  }

  async providerRegistrations(namespaces: readonly string[]): Promise<Record<string, string>> {
    const client = new ResourceManagementClient(this.credential, this.requireSubscription(), this.clientOptions);
    const states = await Promise.all(namespaces.map(async (ns) => [ns, (await client.providers.get(ns)).registrationState ?? "Unknown"] as const));
    return Object.fromEntries(states);
  }

  async roleDefinitionIds(principalId: string): Promise<string[]> {
    const client = new AuthorizationManagementClient(this.credential, this.requireSubscription(), this.clientOptions);
    const ids: string[] = [];
    // assignedTo(): the principal's assignments, including those through its groups, at the
    // subscription and above (management groups): what Resource Manager evaluates for the deploy.
    for await (const assignment of client.roleAssignments.listForSubscription({ filter: `assignedTo('${principalId}')` })) {
      if (assignment.roleDefinitionId) ids.push(assignment.roleDefinitionId);
    }
    return ids;
  }

  async flexConsumptionRegions(): Promise<string[]> {
    const client = new WebSiteManagementClient(this.credential, this.requireSubscription(), this.clientOptions);
    const names: string[] = [];
    // GET /subscriptions/{id}/providers/Microsoft.Web/geoRegions?sku=FlexConsumption: what
    // `az functionapp list-flexconsumption-locations` asks.
    for await (const region of client.listGeoRegions({ sku: "FlexConsumption" })) if (region.name) names.push(region.name);
    return names;
  }

  async webPubSubRegions(): Promise<string[]> {
    const client = new ResourceManagementClient(this.credential, this.requireSubscription(), this.clientOptions);
    const provider = await client.providers.get("Microsoft.SignalRService");
    return provider.resourceTypes?.find((t) => t.resourceType?.toLowerCase() === "webpubsub")?.locations ?? [];
  }

  private requireSubscription(): string {
    if (!this.subscriptionId) throw new Error("no Azure subscription id");
    return this.subscriptionId;
  }
}

/** A claim of a JWT access token's payload (undefined for opaque tokens). */
export function claim(token: string, name: string): string | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const value = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>)[name];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

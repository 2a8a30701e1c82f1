/**
 * What a stack needs from the account, read from its validated config and from the resources the
 * program declares for it (the offline evaluation): the checks then ask only what matters.
 */
import type { DeploymentConfiguration } from "../../domain";

/** A resource as the offline evaluation records it: type and inputs are enough here. */
export interface DeclaredResource {
  readonly type: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

export interface StackNeeds {
  readonly stack: string;
  readonly environment: string;
  readonly aws?: {
    readonly region: string;
    /** A WebSocket API stage with access logs: API Gateway needs its account-level CloudWatch role. */
    readonly webSocketAccessLogs: boolean;
    /** The program declares `aws:apigateway/account:Account` (it sets the role itself). */
    readonly managesCloudWatchRole: boolean;
    /** Elastic IPs the NAT gateways of the declared VPCs allocate. */
    readonly elasticIps: number;
    /** Sum of `reservedConcurrentExecutions` the functions reserve. */
    readonly reservedConcurrency: number;
    /** Tags every resource of the stack carries (to tell its own Elastic IPs from others'). */
    readonly ownTags: Readonly<Record<string, string>>;
  };
  readonly azure?: {
    readonly location: string;
    readonly providers: readonly string[];
    readonly flexConsumption: boolean;
    readonly webPubSub: boolean;
  };
}

/**
 * Resource providers a stack on Azure uses. Microsoft.App: Flex Consumption plans need it registered
 * on a fresh subscription (terraform-provider-azurerm#30397, azure-cli#33177).
 */
export const AZURE_PROVIDERS = ["Microsoft.Web", "Microsoft.App", "Microsoft.Storage", "Microsoft.ManagedIdentity", "Microsoft.SignalRService", "Microsoft.Insights", "Microsoft.OperationalInsights"] as const;

// awsx's default when `numberOfAvailabilityZones` is not given (awsx/ec2/vpc.ts: 3 AZs).
const AWSX_DEFAULT_AZS = 3;

export function stackNeeds(configuration: DeploymentConfiguration, declared: readonly DeclaredResource[]): StackNeeds {
  const components = configuration.components;
  const onAws = components.filter((c) => c.provider === "aws");
  const onAzure = components.filter((c) => c.provider === "azure");
  const of = (type: string) => declared.filter((r) => r.type === type);
  return {
    stack: configuration.stack,
    environment: configuration.environment.name,
    ...(onAws.length > 0
      ? {
          aws: {
            region: configuration.regions.aws?.name ?? "us-east-1",
            webSocketAccessLogs: of("aws:apigatewayv2/stage:Stage").some((s) => s.inputs.accessLogSettings !== undefined && of("aws:apigatewayv2/api:Api").some((a) => a.inputs.protocolType === "WEBSOCKET")),
            managesCloudWatchRole: of("aws:apigateway/account:Account").length > 0,
            elasticIps: of("awsx:ec2:Vpc").reduce((sum, vpc) => sum + natGateways(vpc.inputs), 0) + of("aws:ec2/eip:Eip").length,
            reservedConcurrency: of("aws:lambda/function:Function").reduce((sum, f) => sum + (typeof f.inputs.reservedConcurrentExecutions === "number" && f.inputs.reservedConcurrentExecutions > 0 ? f.inputs.reservedConcurrentExecutions : 0), 0),
            ownTags: { environment: configuration.environment.name, "managed-by": "semantest-iac" },
          },
        }
      : {}),
    ...(onAzure.length > 0
      ? {
          azure: {
            location: configuration.regions.azure?.name ?? "westeurope",
            providers: AZURE_PROVIDERS,
            flexConsumption: true,
            webPubSub: onAzure.some((c) => c.kind === "websocket"),
          },
        }
      : {}),
  };
}

/** NAT gateways (one Elastic IP each) an awsx VPC creates: one for `Single`, one per AZ otherwise. */
function natGateways(inputs: Readonly<Record<string, unknown>>): number {
  const strategy = (inputs.natGateways as { strategy?: string } | undefined)?.strategy ?? "OnePerAz";
  if (strategy === "None") return 0;
  if (strategy === "Single") return 1;
  const azs = typeof inputs.numberOfAvailabilityZones === "number" ? inputs.numberOfAvailabilityZones : AWSX_DEFAULT_AZS;
  return azs;
}

/**
 * Lambda's published versions through the official SDK (@aws-sdk/client-lambda): which versions
 * each function of the stack has (ListVersionsByFunction, paged by Marker), which an alias routes
 * to (ListAliases: FunctionVersion and RoutingConfig.AdditionalVersionWeights), and deleting one
 * (DeleteFunction with Qualifier; Lambda refuses to delete a version an alias points at —
 * Lambda API Reference, DeleteFunction — and we never ask it to).
 */
import type { FunctionVersions, FunctionVersionStore } from "../../application/ports/function-versions";
import { COMPONENT_KINDS, type ComponentKind } from "../../domain";

/** Stack output `lambdaFunctions: { "rest-api"?: name, websocket?: name }` and the AWS region from `artifactStore.aws.region`. */
export function lambdaFunctionsFromOutputs(outputs: Readonly<Record<string, unknown>>): { functions: Partial<Record<ComponentKind, string>>; region?: string } {
  const raw = outputs.lambdaFunctions;
  const functions: Partial<Record<ComponentKind, string>> = {};
  if (raw && typeof raw === "object") {
    for (const kind of COMPONENT_KINDS) {
      const name = (raw as Record<string, unknown>)[kind];
      if (typeof name === "string" && name) functions[kind] = name;
    }
  }
  const store = outputs.artifactStore as { aws?: { region?: unknown } } | undefined;
  const region = typeof store?.aws?.region === "string" ? store.aws.region : undefined;
  return { functions, ...(region ? { region } : {}) };
}

export class LambdaVersionStore implements FunctionVersionStore {
  constructor(
    private readonly location: ReturnType<typeof lambdaFunctionsFromOutputs>,
    private readonly clientConfig: import("@aws-sdk/client-lambda").LambdaClientConfig = {},
  ) {}

  async list(): Promise<readonly FunctionVersions[]> {
    const { ListVersionsByFunctionCommand, ListAliasesCommand } = lambdaSdk();
    return this.withClient(async (client) => {
      const found: FunctionVersions[] = [];
      for (const [kind, name] of Object.entries(this.location.functions) as [ComponentKind, string][]) {
        const versions: string[] = [];
        let marker: string | undefined;
        do {
          const page: import("@aws-sdk/client-lambda").ListVersionsByFunctionCommandOutput = await client.send(new ListVersionsByFunctionCommand({ FunctionName: name, Marker: marker }));
          for (const v of page.Versions ?? []) if (v.Version && v.Version !== "$LATEST") versions.push(v.Version);
          marker = page.NextMarker;
        } while (marker);
        const aliased = new Set<string>();
        marker = undefined;
        do {
          const page: import("@aws-sdk/client-lambda").ListAliasesCommandOutput = await client.send(new ListAliasesCommand({ FunctionName: name, Marker: marker }));
          for (const alias of page.Aliases ?? []) {
            if (alias.FunctionVersion) aliased.add(alias.FunctionVersion);
            for (const weighted of Object.keys(alias.RoutingConfig?.AdditionalVersionWeights ?? {})) aliased.add(weighted);
          }
          marker = page.NextMarker;
        } while (marker);
        found.push({ kind, function: name, versions, aliased: [...aliased] });
      }
      return found;
    });
  }

  async remove(fn: string, version: string): Promise<void> {
    if (!/^\d+$/.test(version)) throw new Error(`refusing to delete ${fn}:${version}: only numbered versions are pruned`);
    const { DeleteFunctionCommand } = lambdaSdk();
    await this.withClient((client) => client.send(new DeleteFunctionCommand({ FunctionName: fn, Qualifier: version })));
  }

  private async withClient<T>(work: (client: import("@aws-sdk/client-lambda").LambdaClient) => Promise<T>): Promise<T> {
    const client = new (lambdaSdk().LambdaClient)({ ...(this.location.region ? { region: this.location.region } : {}), ...this.clientConfig });
    try {
      return await work(client);
    } finally {
      client.destroy();
    }
  }
}

// Loaded when used: the SDK is large and most commands never touch Lambda.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lambdaSdk = () => require("@aws-sdk/client-lambda") as typeof import("@aws-sdk/client-lambda");

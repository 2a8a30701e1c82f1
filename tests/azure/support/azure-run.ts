/**
 * Evaluates the Azure components under mocks with a given stack config and artifacts, the way
 * index.ts does (loadConfiguration -> createPlatforms -> components), without building code.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runUnderMocks, type Run } from "../../support/pulumi-harness";

export const REST_DIGEST = `sha256:${"a".repeat(64)}`;
export const WS_DIGEST = `sha256:${"b".repeat(64)}`;

/** A stand-in zip on disk (the component only hands its path to a FileAsset). */
export function fakeZip(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "azure-artifact-")), "package.zip");
  fs.writeFileSync(file, "PK\u0005\u0006" + "\u0000".repeat(18));
  return file;
}

export interface ArtifactChoice {
  readonly digest: string;
  /** undefined = a rollback to a zip only the artifact store has. */
  readonly path: string | undefined;
}

/** Stack config with both components on Azure. */
export function azureConfig(environment: "dev" | "staging" | "production", extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "azure-native:location": "westeurope",
    "semantest:environment": environment,
    "semantest:components": {
      "rest-api": { provider: "azure", cors: { allowOrigins: ["https://semantest.com"] } },
      websocket: { provider: "azure" },
    },
    ...extra,
  };
}

export async function runAzure(
  stack: string,
  config: Record<string, unknown>,
  artifacts: { "rest-api"?: ArtifactChoice; websocket?: ArtifactChoice } = {},
): Promise<Run> {
  return runUnderMocks((load) => {
    const { loadConfiguration } = load<typeof import("../../../components/stack-config")>("components/stack-config.ts");
    const { createPlatforms } = load<typeof import("../../../components/platforms")>("components/platforms.ts");
    const { RestApiComponent } = load<typeof import("../../../components/rest-api")>("components/rest-api.ts");
    const { WebSocketComponent } = load<typeof import("../../../components/websocket")>("components/websocket.ts");
    const configuration = loadConfiguration();
    const platforms = createPlatforms(configuration);
    const context = (kind: "rest-api" | "websocket") => ({
      configuration,
      tags: { environment: configuration.environment.name, "managed-by": "semantest-iac", component: kind },
      artifact: artifacts[kind] ? { kind, provider: "azure" as const, ...artifacts[kind]! } : undefined,
      platform: platforms.azure,
    });
    const outputs: Record<string, unknown> = {};
    if (configuration.restApi) outputs.restApiUrl = new RestApiComponent("rest-api", { settings: configuration.restApi, context: context("rest-api") }).url;
    if (configuration.websocket) outputs.webSocketUrl = new WebSocketComponent("websocket", { settings: configuration.websocket, context: context("websocket") }).url;
    return outputs;
  }, { stack, config });
}

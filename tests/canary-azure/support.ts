/**
 * Evaluates both Azure components under mocks for one `semantest:release` with `traffic`, as index.ts
 * does, and compares two evaluations resource by resource (what one `pulumi up` between them would
 * change). The release is handed to the components as the parsed configuration carries it, so these
 * tests hold whether or not the domain's parser already accepts `traffic`.
 */
import type { RecordedResource } from "../../adapters/engine/offline/evaluate";
import { runUnderMocks, type Run } from "../support/pulumi-harness";
import { withoutCoverage } from "../azure/support/coverage";
import { azureConfig } from "../azure/support/azure-run";

export const OLD = `sha256:${"1".repeat(64)}`;
export const NEW = `sha256:${"2".repeat(64)}`;

/** The release record the CLI writes: `weight` undefined = no traffic (all on NEW). */
export function releaseRecord(weight: number | undefined, id = "01JNEWRELEASE"): Record<string, unknown> {
  return {
    id,
    artifacts: { "rest-api": NEW, websocket: NEW },
    ...(weight === undefined ? {} : { traffic: { previous: { id: "01JOLDRELEASE", artifacts: { "rest-api": OLD, websocket: OLD }, versions: {} }, weight } }),
  };
}

/** `{ id, artifacts }` only: what a steady stack on OLD looks like. */
export function steadyOn(digest: string, id = "01JOLDRELEASE"): Record<string, unknown> {
  return { id, artifacts: { "rest-api": digest, websocket: digest } };
}

export async function runRelease(release: Record<string, unknown>, environment: "dev" | "production" = "production"): Promise<Run> {
  return runUnderMocks((load) => {
    const { loadConfiguration } = load<typeof import("../../components/stack-config")>("components/stack-config.ts");
    const { createPlatforms } = load<typeof import("../../components/platforms")>("components/platforms.ts");
    const { releaseOutputs } = load<typeof import("../../components/release-outputs")>("components/release-outputs.ts");
    const { RestApiComponent } = load<typeof import("../../components/rest-api")>("components/rest-api.ts");
    const { WebSocketComponent } = load<typeof import("../../components/websocket")>("components/websocket.ts");
    const parsed = loadConfiguration();
    // The release as the domain will carry it (with `traffic`), on the parsed configuration.
    const configuration = Object.create(parsed, { release: { value: release } }) as typeof parsed;
    const platforms = createPlatforms(configuration);
    const context = (kind: "rest-api" | "websocket") => ({
      configuration,
      tags: { environment: configuration.environment.name, "managed-by": "semantest-iac", component: kind },
      artifact: { kind, provider: "azure" as const, digest: (release.artifacts as Record<string, string>)[kind]!, path: undefined },
      platform: platforms.azure,
    });
    const rest = new RestApiComponent("rest-api", { settings: configuration.restApi!, context: context("rest-api") });
    const websocket = new WebSocketComponent("websocket", { settings: configuration.websocket!, context: context("websocket") });
    const reports = [
      { kind: "rest-api" as const, provider: "azure" as const, liveVersion: rest.liveVersion, releaseAlarms: rest.releaseAlarms },
      { kind: "websocket" as const, provider: "azure" as const, liveVersion: websocket.liveVersion, releaseAlarms: websocket.releaseAlarms },
    ];
    return { restApiUrl: rest.url, webSocketUrl: websocket.url, ...releaseOutputs(reports) };
  }, { stack: environment, config: azureConfig(environment) });
}

function diffed(resource: RecordedResource): string {
  const inputs = structuredClone(resource.inputs);
  if (typeof inputs.__provider === "string") inputs.__provider = withoutCoverage(inputs.__provider);
  return JSON.stringify(inputs);
}

/** Names of the cloud resources whose inputs differ between two evaluations (created or deleted ones included). */
export function changedBetween(before: Run, after: Run): string[] {
  const index = (run: Run) => new Map(run.resources.filter((r) => r.custom).map((r) => [r.urn, diffed(r)]));
  const a = index(before);
  const b = index(after);
  const urns = new Set([...a.keys(), ...b.keys()]);
  return [...urns].filter((urn) => a.get(urn) !== b.get(urn)).map((urn) => urn.split("::").pop()!).sort();
}

/** The recorded inputs of one resource by name. */
export function inputsOf(run: Run, type: string, name: string): Record<string, unknown> {
  return run.get(type, name).inputs;
}

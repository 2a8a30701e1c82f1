/**
 * Destroy: remove every resource of a stack, deliberately. Checked offline first (the stack file,
 * its config, the production guard), then the engine previews what goes; after a confirmation the
 * destroy runs the program (so its resource hooks publish each deletion) under a deployment with
 * `kind: "destroy"`. Retained artifacts are kept, and said where, unless `purgeArtifacts` empties
 * the artifact store first (through the artifact store port).
 */
import { preflight } from "./doctor/check-stack";
import { DeploymentConfiguration } from "../domain";
import { guard } from "./engine-errors";
import { OperationError } from "./errors";
import { ExitCodes } from "./exit-codes";
import { MissingStoreLocationError, type ArtifactStore, type Ports, type PreviewOutcome, type PurgeReport } from "./ports";
import { PROJECT_NAME } from "./project-name";
import { configValues } from "./release/records";
import { pendingEvents, requestDeployment, runUpdate, updateFailure } from "./run-update";
import { invalidConfig, validStack } from "./shared";

export interface DestroyRequest {
  readonly stack: string;
  /** Confirms without asking. */
  readonly yes?: boolean;
  /** Empty the artifact bucket (every version) / deployment containers before the destroy. */
  readonly purgeArtifacts?: boolean;
  /** Required, with `yes`, to destroy a production stack (`--i-understand-this-deletes-production`). */
  readonly confirmProduction?: boolean;
  /** Called with the plan before anything changes (the CLI prints it). */
  readonly onPlan?: (plan: DestroyPlan) => void;
  /** Skip the doctor checks that run first (`--skip-checks`). */
  readonly skipChecks?: boolean;
}

export interface DestroyPlan {
  readonly stack: string;
  readonly environment: string;
  /** What the destroy deletes, as the engine previewed it. */
  readonly resources: PreviewOutcome["steps"];
  readonly changes: PreviewOutcome["changes"];
  /** Where the stack keeps its artifacts, and what happens to them. */
  readonly artifacts: { readonly locations: readonly string[]; readonly action: "keep" | "purge" };
}

export interface DestroyResult {
  readonly destroyId: string;
  readonly stack: string;
  readonly environment: string;
  readonly status: string;
  readonly version: number | null;
  /** Resources deleted. */
  readonly removed: number;
  readonly changes: Readonly<Record<string, number>>;
  /** Kept (and where), or what the purge removed per place. */
  readonly artifacts: { readonly kept: readonly string[] } | { readonly purged: PurgeReport["locations"] };
  readonly events: readonly { readonly id: string; readonly type: string }[];
  readonly eventsPending: Readonly<Record<string, number>>;
}

export const PRODUCTION_GUARD_FLAG = "--i-understand-this-deletes-production";

export async function destroy(ports: Ports, request: DestroyRequest): Promise<DestroyResult> {
  const env = validStack(request.stack, "destroy", "semantest-iac destroy --env dev");
  const fromFile = checkOffline(ports, env, request);

  const engine = ports.engine();
  await guard(engine.check());
  await preflight(ports, { stack: env, skipChecks: request.skipChecks });
  const stack = await guard(engine.openStack(env), env);
  // The config the stack runs (its sinks, its components); this machine's stack file if the stack's own no longer parses.
  const live = DeploymentConfiguration.parse({ project: PROJECT_NAME, stack: env, values: configValues(await guard(stack.getConfig(), env)) });
  const configuration = live.ok ? live.value : fromFile;
  guardProduction(env, configuration, request);
  const store = ports.artifactStore(await guard(stack.outputs(), env));
  const locations = storeLocations(store);
  const preview = await ports.progress.step(`Preview the destroy of ${env}`, () => guard(stack.previewDestroy({ onProgress: (p) => ports.progress.engine(p) }), env));
  const plan: DestroyPlan = {
    stack: env,
    environment: configuration.environment.name,
    resources: preview.steps,
    changes: preview.changes,
    artifacts: { locations, action: request.purgeArtifacts ? "purge" : "keep" },
  };
  request.onPlan?.(plan);
  if (!request.yes && (await ports.confirm(`Destroy every resource of stack ${env}${request.purgeArtifacts ? " and delete its artifacts" : ""}?`)) !== true) {
    throw new OperationError("CONFIRMATION_REQUIRED", `destroying stack ${env} needs confirmation`, ExitCodes.usage, "rerun with --yes to confirm", { plan });
  }

  const id = ports.clock.newId();
  const deployment = requestDeployment(ports, id, "destroy", env, configuration);
  const publisher = ports.publisher(configuration.events, env, configuration.region("aws")?.name);
  let purged: PurgeReport | undefined;
  const outcome = await runUpdate({
    ports,
    stack,
    deployment,
    publisher,
    title: `Destroy ${env} (${id})`,
    operation: async (o) => {
      // Emptied first: a bucket that still holds objects (or versions) cannot be deleted.
      if (request.purgeArtifacts) purged = await purge(ports, store);
      return stack.destroy({ message: `semantest-iac destroy ${id}`, ...o });
    },
  });
  const events = outcome.events.map((e) => ({ id: e.id, type: e.type }));
  if (!outcome.ok) throw updateFailure(outcome, env, deployment, { destroyId: id });
  return {
    destroyId: id,
    stack: env,
    environment: configuration.environment.name,
    status: deployment.status,
    version: outcome.value.version ?? null,
    removed: outcome.value.changes.delete ?? 0,
    changes: outcome.value.changes,
    artifacts: purged ? { purged: purged.locations } : { kept: locations },
    events,
    eventsPending: pendingEvents(outcome.delivery),
  };
}

/** The stack file, its config and the production guard: all checkable without the engine. */
function checkOffline(ports: Ports, stack: string, request: DestroyRequest): DeploymentConfiguration {
  let values: Readonly<Record<string, unknown>>;
  try {
    values = ports.project.stackValues(stack);
  } catch (error) {
    throw new OperationError("STACK_FILE", (error as Error).message, ExitCodes.usage, `check --env; the stacks of this project are: ${ports.project.stackNames().join(", ") || "(none)"}`);
  }
  const parsed = DeploymentConfiguration.parse({ project: PROJECT_NAME, stack, values });
  if (!parsed.ok) throw invalidConfig(stack, parsed.error);
  guardProduction(stack, parsed.value, request);
  return parsed.value;
}

function guardProduction(stack: string, configuration: DeploymentConfiguration, request: DestroyRequest): void {
  const production = configuration.environment.name === "production" || stack === "production";
  if (production && !(request.yes && request.confirmProduction)) {
    throw new OperationError(
      "PRODUCTION_GUARD",
      `stack ${stack} is production: destroying it deletes the live REST API and WebSocket endpoints`,
      ExitCodes.usage,
      `if that is what you want: semantest-iac destroy --env ${stack} --yes ${PRODUCTION_GUARD_FLAG}`,
    );
  }
}

function storeLocations(store: ArtifactStore): readonly string[] {
  try {
    return store.locations();
  } catch (error) {
    if (error instanceof MissingStoreLocationError) return [];
    throw error;
  }
}

async function purge(ports: Ports, store: ArtifactStore): Promise<PurgeReport> {
  try {
    return await ports.progress.step("Empty the artifact store", () => store.purge());
  } catch (error) {
    throw new OperationError(
      "ARTIFACT_PURGE_FAILED",
      `could not empty the artifact store: ${(error as Error).message}`,
      ExitCodes.failed,
      "check your cloud credentials and the bucket / container permissions (s3:ListBucketVersions, s3:DeleteObjectVersion; Storage Blob Data Contributor), then rerun; nothing was destroyed",
    );
  }
}

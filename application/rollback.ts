/**
 * Rollback: restore the exact config of an earlier succeeded update (its `semantest:release`
 * names the artifacts) and run `up` without rebuilding. Preflight first: the target succeeded,
 * every artifact it needs still exists, and the plan (live vs restored config) is shown.
 */
import { preflight } from "./doctor/check-stack";
import { ComponentKind, DEFAULT_EVENTS_CONFIG, Deployment, EnvironmentName, parseEventsConfig } from "../domain";
import { guard, openEachStack } from "./engine-errors";
import { OperationError } from "./errors";
import { ExitCodes } from "./exit-codes";
import { MissingStoreLocationError, type Ports, type StackEngine, type StackUpdate, type StoredArtifact } from "./ports";
import { configValues, findDeployment, rollbackMessage, toRecord } from "./release/records";
import { chooseTarget, planRollback, RollbackPlan } from "./release/rollback-plan";
import { pendingEvents, runUpdate, updateFailure } from "./run-update";
import { endpointsOf, validStack } from "./shared";

export interface RollbackRequest {
  /** The deployment (or rollback) id to restore; searches every stack unless `stack` is given. */
  readonly deploymentId?: string;
  /** The stack (with `toVersion`, or to narrow the `deploymentId` search). */
  readonly stack?: string;
  /** The update version to restore (see `history`). */
  readonly toVersion?: number;
  /** Confirms without asking. */
  readonly yes?: boolean;
  /** Called with the plan before anything changes (the CLI prints it). */
  readonly onPlan?: (plan: RollbackPlanView, stack: string) => void;
  /** Skip the doctor checks that run first (`--skip-checks`). */
  readonly skipChecks?: boolean;
}

export interface RollbackPlanView {
  readonly target: { readonly version: number; readonly deploymentId: string | null; readonly startTime: string; readonly components: RollbackPlan["target"]["components"]; readonly artifacts: Readonly<Partial<Record<ComponentKind, string>>> };
  readonly changes: RollbackPlan["changes"];
}

export interface RollbackResult {
  readonly rollbackId: string;
  readonly stack: string;
  readonly status: string;
  readonly restored: { readonly version: number; readonly deploymentId: string | null };
  readonly version: number | null;
  readonly plan: RollbackPlanView;
  readonly endpoints: Record<string, string>;
  readonly changes: Readonly<Record<string, number>>;
  readonly events: readonly { readonly id: string; readonly type: string }[];
  readonly eventsPending: Readonly<Record<string, number>>;
}

const EXAMPLE = "semantest-iac rollback --deployment 01JD... | --env production --to 41";

export async function rollback(ports: Ports, request: RollbackRequest): Promise<RollbackResult> {
  if (!request.deploymentId && request.toVersion === undefined) {
    throw new OperationError("USAGE", "rollback needs --deployment <id> or --env <env> --to <version> (or --env <env> alone, to abort a release in progress)", ExitCodes.usage, EXAMPLE);
  }
  if (request.deploymentId && request.toVersion !== undefined) throw new OperationError("USAGE", "rollback takes --deployment <id> or --to <version>, not both", ExitCodes.usage, EXAMPLE);
  if (request.toVersion !== undefined) {
    validStack(request.stack, "rollback --to", EXAMPLE);
    if (!Number.isInteger(request.toVersion) || request.toVersion < 1) {
      throw new OperationError("USAGE", `--to ${JSON.stringify(String(request.toVersion))} is not an update version; expected a whole number >= 1`, ExitCodes.usage, "semantest-iac history --env <env> lists the versions");
    }
  }
  const engine = ports.engine();
  await guard(engine.check());
  const { stack, update } = await findTarget(ports, request);
  const env = stack.stack;
  await preflight(ports, { stack: env, skipChecks: request.skipChecks });

  const live = await guard(stack.getConfig(), env);
  const plan = planRollback(update, live);
  const restoredValues = configValues(plan.config);
  await preflightArtifacts(ports, stack, plan, update.version);

  const view = describePlan(plan);
  request.onPlan?.(view, env);
  if (!request.yes && (await ports.confirm(`Roll back stack ${env} to version ${update.version}?`)) !== true) {
    throw new OperationError("CONFIRMATION_REQUIRED", `rolling back stack ${env} to version ${update.version} needs confirmation`, ExitCodes.usage, "rerun with --yes to confirm", { plan: view });
  }

  const id = ports.clock.newId();
  const deployment = Deployment.request({
    id,
    kind: "rollback",
    stack: env,
    environment: (typeof restoredValues["semantest:environment"] === "string" ? restoredValues["semantest:environment"] : env) as EnvironmentName,
    components: plan.target.components,
    requestedAt: ports.clock.now(),
    targetVersion: update.version,
    ...(plan.target.deploymentId ? { targetDeploymentId: plan.target.deploymentId } : {}),
    requestedBy: ports.operator,
  });
  // The restored config's sinks; if this version no longer accepts them, the defaults (a file sink).
  const eventsConfig = parseEventsConfig(restoredValues["semantest:events"]);
  const awsRegion = typeof restoredValues["aws:region"] === "string" ? restoredValues["aws:region"] : undefined;
  const publisher = ports.publisher(eventsConfig.ok ? eventsConfig.value : DEFAULT_EVENTS_CONFIG, env, awsRegion);
  // The restored update's config, exactly: every key it had, no key it did not have.
  await ports.progress.step(`Restore the config of version ${update.version}`, () => guard(stack.setAllConfig(plan.config, { replace: true }), env));
  const outcome = await runUpdate({
    ports,
    stack,
    deployment,
    publisher,
    title: `Roll back ${env} to version ${update.version}`,
    operation: (o) => stack.up({ message: rollbackMessage(id, plan.target.deploymentId, update.version), ...ports.project.policyOptions(deployment.request.environment), ...o }),
  });
  const events = outcome.events.map((e) => ({ id: e.id, type: e.type }));
  if (!outcome.ok) throw updateFailure(outcome, env, deployment, { rollbackId: id, targetVersion: update.version });
  return {
    rollbackId: id,
    stack: env,
    status: deployment.status,
    restored: { version: update.version, deploymentId: plan.target.deploymentId },
    version: outcome.value.version ?? null,
    plan: view,
    endpoints: endpointsOf(outcome.value.outputs),
    changes: outcome.value.changes,
    events,
    eventsPending: pendingEvents(outcome.delivery),
  };
}

/** The stack and the update to restore: in the named stack, or the first stack file whose history has the deployment. */
async function findTarget(ports: Ports, request: RollbackRequest): Promise<{ stack: StackEngine; update: StackUpdate }> {
  const candidates = request.stack ? [validStack(request.stack, "rollback", EXAMPLE)] : ports.project.stackNames();
  for await (const { name, stack } of openEachStack(ports.engine(), candidates, !request.stack)) {
    const history = await guard(stack.history(), name);
    if (request.deploymentId && !request.stack && !findDeployment(history.map(toRecord), request.deploymentId)) continue;
    const chosen = chooseTarget(history, request.deploymentId ? { deploymentId: request.deploymentId } : { version: request.toVersion! });
    if (chosen.ok) return { stack, update: chosen.update };
    const unknown = chosen.error.code === "UNKNOWN_DEPLOYMENT" || chosen.error.code === "UNKNOWN_VERSION";
    throw new OperationError(
      chosen.error.code,
      `${chosen.error.message} (stack ${name})`,
      unknown ? ExitCodes.usage : ExitCodes.failed,
      unknown ? `semantest-iac history --env ${name} lists the deployments and versions` : "pick a succeeded update: semantest-iac history --env " + name,
    );
  }
  throw new OperationError(
    "UNKNOWN_DEPLOYMENT",
    `no deployment ${request.deploymentId} in the history of ${candidates.length ? candidates.join(", ") : "any stack"}`,
    ExitCodes.usage,
    "check the id with `semantest-iac history --env <env>`, or pass --env to search one stack",
  );
}

/** Every artifact the restored config names must still be in the store. */
async function preflightArtifacts(ports: Ports, stack: StackEngine, plan: RollbackPlan, version: number): Promise<void> {
  const needed: StoredArtifact[] = plan.target.components.flatMap((component) => {
    const digest = plan.target.release?.artifacts[component.kind];
    return digest ? [{ kind: component.kind, provider: component.provider, digest }] : [];
  });
  const store = ports.artifactStore(await guard(stack.outputs(), stack.stack));
  const missing: { kind: ComponentKind; location: string }[] = [];
  try {
    for (const artifact of needed) if (!(await store.exists(artifact))) missing.push({ kind: artifact.kind, location: store.locate(artifact) });
  } catch (error) {
    if (error instanceof MissingStoreLocationError) throw new OperationError(error.code, error.message, ExitCodes.failed, "deploy once with this version of the program so the stack exports artifactStore, then retry");
    throw new OperationError("ARTIFACT_CHECK_FAILED", `could not check the artifacts: ${(error as Error).message}`, ExitCodes.environment, "check your cloud credentials (AWS_PROFILE / az login) and retry");
  }
  if (missing.length > 0) {
    throw new OperationError(
      "ARTIFACT_MISSING",
      `cannot roll back to version ${version}: ${missing.map((m) => `${m.kind} artifact ${m.location}`).join(", ")} no longer exist${missing.length === 1 ? "s" : ""}`,
      ExitCodes.failed,
      "redeploy that code with `semantest-iac deploy` (it rebuilds the artifact), or roll back to a later version whose artifacts exist",
      { missing, targetVersion: version },
    );
  }
}

function describePlan(plan: RollbackPlan): RollbackPlanView {
  const t = plan.target;
  return { target: { version: t.version, deploymentId: t.deploymentId, startTime: t.startTime, components: t.components, artifacts: t.release?.artifacts ?? {} }, changes: plan.changes };
}

/**
 * `semantest-iac rollback`: restore the exact config of an earlier succeeded update (its
 * `semantest:release` names the artifacts) and run `up` without rebuilding. Preflight first: the
 * target succeeded, every artifact it needs still exists, and what is live vs what comes back.
 */
import { ulid } from "ulidx";
import { ComponentKind, DEFAULT_EVENTS_CONFIG, Deployment, EnvironmentName, parseEventsConfig } from "../../domain";
import { MissingStoreLocationError, StoredArtifact } from "../artifacts/store";
import type { CommandContext } from "../context";
import { engineFailure, guard, openEachStack } from "../engine/errors";
import { EngineError, StackEngine, StackUpdate } from "../engine/port";
import { ExitCodes } from "../exit-codes";
import { CliError } from "../output";
import { configValues, findDeployment, rollbackMessage, toRecord } from "../release/records";
import { chooseTarget, planRollback, RollbackPlan } from "../release/rollback-plan";
import { endpointsOf, printJson, requireEnv, shortDigest, stackFiles } from "./shared";
import { runUpdate } from "./update";

export interface RollbackFlags {
  readonly deployment?: string;
  readonly env?: string;
  readonly to?: string;
  readonly yes?: boolean;
  readonly json?: boolean;
}

const EXAMPLE = "semantest-iac rollback --deployment 01JD... | --env production --to 41";

export async function rollback(flags: RollbackFlags, ctx: CommandContext): Promise<number> {
  if (!flags.deployment && flags.to === undefined) throw new CliError("USAGE", "rollback needs --deployment <id> or --env <env> --to <version>", ExitCodes.usage, EXAMPLE);
  if (flags.deployment && flags.to !== undefined) throw new CliError("USAGE", "rollback takes --deployment <id> or --to <version>, not both", ExitCodes.usage, EXAMPLE);
  let version: number | undefined;
  if (flags.to !== undefined) {
    requireEnv(flags.env, "rollback --to", EXAMPLE);
    version = Number(flags.to);
    if (!Number.isInteger(version) || version < 1) throw new CliError("USAGE", `--to ${JSON.stringify(flags.to)} is not an update version; expected a whole number >= 1`, ExitCodes.usage, "semantest-iac history --env <env> lists the versions");
  }
  const json = Boolean(flags.json);
  const engine = ctx.engine();
  await guard(engine.check());

  // Find the stack and the update to restore.
  const candidates = flags.env ? [requireEnv(flags.env, "rollback", EXAMPLE)] : stackFiles(ctx.projectDir);
  let found: { stack: StackEngine; history: readonly StackUpdate[]; update: StackUpdate } | undefined;
  let refusal: CliError | undefined;
  for await (const { name, stack } of openEachStack(engine, candidates, !flags.env)) {
    const history = await guard(stack.history(), name);
    if (flags.deployment && !flags.env && !findDeployment(history.map(toRecord), flags.deployment)) continue;
    const chosen = chooseTarget(history, flags.deployment ? { deploymentId: flags.deployment } : { version: version! });
    if (chosen.ok) {
      found = { stack, history, update: chosen.update };
      break;
    }
    const unknown = chosen.error.code === "UNKNOWN_DEPLOYMENT" || chosen.error.code === "UNKNOWN_VERSION";
    refusal = new CliError(
      chosen.error.code,
      `${chosen.error.message} (stack ${name})`,
      unknown ? ExitCodes.usage : ExitCodes.failed,
      unknown ? `semantest-iac history --env ${name} lists the deployments and versions` : "pick a succeeded update: semantest-iac history --env " + name,
    );
    break;
  }
  if (!found) {
    throw (
      refusal ??
      new CliError(
        "UNKNOWN_DEPLOYMENT",
        `no deployment ${flags.deployment} in the history of ${candidates.length ? candidates.join(", ") : "any stack"}`,
        ExitCodes.usage,
        "check the id with `semantest-iac history --env <env>`, or pass --env to search one stack",
      )
    );
  }
  const { stack, update } = found;
  const env = stack.stack;

  const live = await guard(stack.getConfig(), env);
  const plan = planRollback(update, live);
  const restoredValues = configValues(plan.config);
  const needed: StoredArtifact[] = plan.target.components.flatMap((component) => {
    const digest = plan.target.release?.artifacts[component.kind];
    return digest ? [{ kind: component.kind, provider: component.provider, digest }] : [];
  });

  // Preflight: every artifact the restored config names must still be in the store.
  const store = ctx.artifactStore(await guard(stack.outputs(), env));
  const missing: { kind: ComponentKind; location: string }[] = [];
  try {
    for (const artifact of needed) if (!(await store.exists(artifact))) missing.push({ kind: artifact.kind, location: store.locate(artifact) });
  } catch (error) {
    if (error instanceof MissingStoreLocationError) throw new CliError(error.code, error.message, ExitCodes.failed, "deploy once with this version of the program so the stack exports artifactStore, then retry");
    throw new CliError("ARTIFACT_CHECK_FAILED", `could not check the artifacts: ${(error as Error).message}`, ExitCodes.environment, "check your cloud credentials (AWS_PROFILE / az login) and retry");
  }
  if (missing.length > 0) {
    throw new CliError(
      "ARTIFACT_MISSING",
      `cannot roll back to version ${update.version}: ${missing.map((m) => `${m.kind} artifact ${m.location}`).join(", ")} no longer exist${missing.length === 1 ? "s" : ""}`,
      ExitCodes.failed,
      "redeploy that code with `semantest-iac deploy` (it rebuilds the artifact), or roll back to a later version whose artifacts exist",
      { missing, targetVersion: update.version },
    );
  }

  const summary = describePlan(plan, env);
  if (!json) ctx.io.stderr(summary.text);
  if (!flags.yes) {
    const answer = json ? undefined : await ctx.confirm(`Roll back stack ${env} to version ${update.version}?`);
    if (answer !== true) {
      throw new CliError("CONFIRMATION_REQUIRED", `rolling back stack ${env} to version ${update.version} needs confirmation`, ExitCodes.usage, "rerun with --yes to confirm", { plan: summary.json });
    }
  }

  const id = ulid();
  const deployment = Deployment.request({
    id,
    kind: "rollback",
    stack: env,
    environment: (typeof restoredValues["semantest:environment"] === "string" ? restoredValues["semantest:environment"] : env) as EnvironmentName,
    components: plan.target.components,
    requestedAt: ctx.now(),
    targetVersion: update.version,
    ...(plan.target.deploymentId ? { targetDeploymentId: plan.target.deploymentId } : {}),
    requestedBy: ctx.env.USER ?? ctx.env.USERNAME,
  });
  const progress = ctx.progress(json);
  // The restored config's sinks; if this version no longer accepts them, the defaults (a file sink).
  const eventsConfig = parseEventsConfig(restoredValues["semantest:events"]);
  const awsRegion = typeof restoredValues["aws:region"] === "string" ? restoredValues["aws:region"] : undefined;
  const publisher = ctx.publisher(eventsConfig.ok ? eventsConfig.value : DEFAULT_EVENTS_CONFIG, env, awsRegion);
  // The restored update's config, exactly: every key it had, no key it did not have.
  await progress.step(`Restore the config of version ${update.version}`, () => guard(stack.setAllConfig(plan.config, { replace: true }), env));
  const outcome = await runUpdate({
    ctx,
    stack,
    deployment,
    publisher,
    progress,
    message: rollbackMessage(id, plan.target.deploymentId, update.version),
    title: `Roll back ${env} to version ${update.version}`,
  });
  if (!outcome.ok) {
    const failure = outcome.error instanceof EngineError ? engineFailure(outcome.error, env) : new CliError("UPDATE_FAILED", String(outcome.error), ExitCodes.failed);
    throw new CliError(failure.code, failure.message, failure.exitCode, failure.fix, { rollbackId: id, targetVersion: update.version, events: outcome.events.map((e) => e.type) });
  }
  const result = {
    rollbackId: id,
    stack: env,
    status: deployment.status,
    restored: { version: update.version, deploymentId: plan.target.deploymentId },
    version: outcome.value.version ?? null,
    plan: summary.json,
    endpoints: endpointsOf(outcome.value.outputs),
    changes: outcome.value.changes,
    events: outcome.events.map((e) => ({ id: e.id, type: e.type })),
  };
  if (json) printJson(ctx.io, result);
  else {
    const lines = [`Rollback ${id} completed: stack ${env} runs the config of version ${update.version}${plan.target.deploymentId ? ` (deployment ${plan.target.deploymentId})` : ""} again`];
    for (const [name, url] of Object.entries(result.endpoints)) lines.push(`  ${name}: ${url}`);
    ctx.io.stdout(lines.join("\n"));
  }
  return ExitCodes.ok;
}

function describePlan(plan: RollbackPlan, env: string) {
  const json = {
    target: { version: plan.target.version, deploymentId: plan.target.deploymentId, startTime: plan.target.startTime, components: plan.target.components, artifacts: plan.target.release?.artifacts ?? {} },
    changes: plan.changes,
  };
  const lines = [`Rollback of stack ${env} to version ${plan.target.version}${plan.target.deploymentId ? ` (deployment ${plan.target.deploymentId}, ${plan.target.startTime})` : ""}`];
  if (plan.changes.length === 0) lines.push("  live config already equals the restored config: the update re-applies it");
  else {
    lines.push("  config        live -> restore");
    for (const change of plan.changes) {
      lines.push(`  ${change.key}`);
      lines.push(`    live:    ${abbreviate(change.live)}`);
      lines.push(`    restore: ${abbreviate(change.restore)}`);
    }
  }
  for (const component of plan.target.components) {
    lines.push(`  ${component.kind} on ${component.provider}: artifact ${shortDigest(plan.target.release?.artifacts[component.kind])}`);
  }
  return { json, text: lines.join("\n") };
}

function abbreviate(value: string | null): string {
  if (value === null) return "(not set)";
  return value.length > 160 ? `${value.slice(0, 157)}...` : value;
}

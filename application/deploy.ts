/**
 * Deploy: the stack's config (+ a component override) validated offline first, then the engine ->
 * build the artifacts -> a new release id -> `semantest:release` and the component config ->
 * requested/started -> `up` -> completed (with the endpoints) or failed.
 */
import { preflight } from "./doctor/check-stack";
import { applyComponentOverride, ComponentKind, DeploymentConfiguration, type DeploymentVerification, inProgress, overrideStrategy, providerMoves, Release, Rollout, selectedComponents, servingRelease, ungatedRolloutReason } from "../domain";
import { guard } from "./engine-errors";
import { OperationError } from "./errors";
import { ExitCodes } from "./exit-codes";
import { ArtifactBuildUnavailableError, type Ports, type StackEngine } from "./ports";
import { PROJECT_NAME } from "./project-name";
import { withLiveRelease } from "./release/live-release";
import { currentRelease } from "./release/current";
import { configValues, deployMessage, encodeValues } from "./release/records";
import { liveVersionsOf, percent, runRollout, runsInSteps, type RolloutOutcome } from "./release/rollout";
import { pendingEvents, requestDeployment, runUpdate, updateFailure } from "./run-update";
import { endpointsOf, invalidConfig, listProblems, shortDigest, validStack } from "./shared";
import { verifyOutputs, type VerifyReport, type VerifyRequest } from "./verify/verify-outputs";
import { verifyAuthOfSettings } from "./verify/stack-auth";

export interface DeployRequest {
  /** The stack / environment (`Pulumi.<stack>.yaml`). */
  readonly stack: string;
  /** Only this component (`rest-api`, `websocket` or `all`) is rebuilt; the others keep their artifact. */
  readonly component?: string;
  /** Move the named component(s) to this cloud (`aws`, `azure`); needs `yes` (the endpoint URL changes). */
  readonly provider?: string;
  /** Confirms a move between clouds without asking. */
  readonly yes?: boolean;
  /** A note added to the update message in stack history. */
  readonly message?: string;
  /** Skip the doctor checks that run first (`--skip-checks`). */
  readonly skipChecks?: boolean;
  /** After a successful update, run the contract suite against the stack's endpoints (`--verify`); with a gated rollout, also at each step. */
  readonly verify?: VerifyRequest;
  /** `all-at-once`, `canary`, `linear` or `blue-green`: overrides `semantest:rollout.strategy` (`--strategy`). */
  readonly strategy?: string;
  /** How the rollout's verify gate reaches the endpoints (`semantest:rollout.gates.verify`); the CLI always passes its transport. */
  readonly gateVerify?: VerifyRequest;
}

/** How the release went out: the strategy, and for a rollout in steps each update and the outcome. */
export interface DeployRollout {
  readonly strategy: Rollout["strategy"];
  /** The steps as configured (`canary 10% 5m`), or null when it went out all at once. */
  readonly steps: string | null;
  /** Why a gated strategy went out all at once (first release, a move between clouds). */
  readonly note?: string;
  readonly status: RolloutOutcome["status"] | "all-at-once";
  readonly updates: RolloutOutcome["updates"];
  readonly gates: RolloutOutcome["gates"];
  readonly watchedSeconds: number;
}

export interface DeployResult {
  readonly deploymentId: string;
  readonly stack: string;
  readonly environment: string;
  readonly status: string;
  readonly version: number | null;
  readonly components: readonly { readonly kind: ComponentKind; readonly provider: string; readonly artifact: string | null }[];
  readonly endpoints: Record<string, string>;
  readonly changes: Readonly<Record<string, number>>;
  readonly events: readonly { readonly id: string; readonly type: string }[];
  /** Events a sink did not take yet, per sink (they wait in the outbox for `events flush`). */
  readonly eventsPending: Readonly<Record<string, number>>;
  /** With `verify`: the contract suite's outcome against the deployed endpoints (the deploy itself succeeded). */
  readonly verify?: VerifyReport;
  readonly rollout: DeployRollout;
}

const EXAMPLE = "semantest-iac deploy --env dev";

export async function deploy(ports: Ports, request: DeployRequest): Promise<DeployResult> {
  const env = validStack(request.stack, "deploy", EXAMPLE);
  const override = { component: request.component, provider: request.provider };
  checkOffline(ports, env, override, request.strategy);

  const engine = ports.engine();
  await guard(engine.check());
  await preflight(ports, { stack: env, skipChecks: request.skipChecks });
  const stack: StackEngine = await guard(engine.openStack(env, { create: true }), env);
  const stored = configValues(await guard(stack.getConfig(), env));
  // A component not rebuilt keeps the artifact the stack runs: from this machine's stack file, or
  // (a fresh CI runner's checkout has none) from the stack's own `release` output.
  const fromStack = stored["semantest:release"] === undefined ? withLiveRelease(stored, await guard(stack.outputs(), env)).values : stored;
  // A rollout in progress (seen in stack history, shared by every machine) must finish or be aborted first.
  const current = await guard(currentRelease(stack), env);
  if (inProgress(current)) {
    const t = current.traffic;
    throw new OperationError(
      "RELEASE_IN_PROGRESS",
      `stack ${env} is in the middle of releasing ${current.id}: ${percent(t.weight)} on it, the rest on ${t.previous.id}${t.rollout ? ` (${t.rollout.strategy} step ${t.rollout.step}/${t.rollout.steps})` : ""}`,
      ExitCodes.environment,
      `wait for it to finish (semantest-iac status --env ${env}), or abort it: semantest-iac rollback --env ${env}`,
      { release: current },
    );
  }
  // After a release shifted back (weight 0), the previous release is what serves: the base of this one.
  const live = current?.traffic ? { ...fromStack, "semantest:release": servingRelease(current) } : fromStack;
  const overridden = applyComponentOverride(live, override);
  if (!overridden.ok) throw new OperationError("USAGE", listProblems(overridden.error), ExitCodes.usage, "see semantest-iac deploy --help", { problems: overridden.error });

  const moves = providerMoves(live, overridden.value);
  if (moves.length > 0 && !request.yes) {
    const what = moves.map((m) => `${m.kind} from ${m.from} to ${m.to}`).join(", ");
    if ((await ports.confirm(`Moving ${what} replaces its endpoint (a new URL). Continue?`)) !== true) {
      throw new OperationError("CONFIRMATION_REQUIRED", `moving ${what} replaces its endpoint (a new URL) and needs confirmation`, ExitCodes.usage, "rerun with --yes to confirm the move", { moves });
    }
  }

  const parsed = DeploymentConfiguration.parse({ project: PROJECT_NAME, stack: env, values: overridden.value });
  if (!parsed.ok) throw invalidConfig(env, parsed.error);
  const configuration = parsed.value;
  const rollout = effectiveRollout(configuration, request.strategy);
  // The suite learns from the stack's auth which probes need the token (application/verify/auth.ts).
  const withAuth = (verify: VerifyRequest | undefined) => verify && { auth: verifyAuthOfSettings(configuration.components), ...verify };
  if (configuration.components.length === 0) {
    throw new OperationError("NOTHING_TO_DEPLOY", `stack ${env} deploys no component: semantest:components is empty`, ExitCodes.usage, "add rest-api and/or websocket to semantest:components, or pass --component <c> --provider <p>");
  }

  const artifacts = await buildArtifacts(ports, configuration, request.component);
  const id = ports.clock.newId();
  const release: Release = { id, artifacts };
  const changes: Record<string, unknown> = { "semantest:release": release };
  if (JSON.stringify(live["semantest:components"]) !== JSON.stringify(overridden.value["semantest:components"])) {
    changes["semantest:components"] = overridden.value["semantest:components"];
  }
  const deployment = requestDeployment(ports, id, "deploy", env, configuration);
  const publisher = ports.publisher(configuration.events, env, configuration.region("aws")?.name);
  const previous = configuration.release ? servingRelease(configuration.release) : undefined;
  const stepsWhy = !runsInSteps(rollout) ? undefined : await whyAllAtOnce(stack, env, configuration, previous, moves.length > 0);
  if (stepsWhy === null && previous) {
    const gateVerify = withAuth(rollout.gates.verify || request.verify ? (request.gateVerify ?? request.verify) : undefined);
    if (rollout.gates.verify && !gateVerify) {
      throw new OperationError("USAGE", "the rollout's verify gate (semantest:rollout.gates.verify) needs a transport to reach the endpoints", ExitCodes.usage, "pass gateVerify: { transport } (the CLI passes its own), or set semantest:rollout.gates.verify to false");
    }
    const outcome = await runRollout({
      ports,
      stack,
      deployment,
      publisher,
      rollout: gateVerify && !rollout.gates.verify ? { ...rollout, gates: { ...rollout.gates, verify: true } } : rollout,
      release,
      previous,
      config: Object.fromEntries(Object.entries(changes).filter(([key]) => key !== "semantest:release")),
      upOptions: ports.project.policyOptions(configuration.environment.name),
      verify: gateVerify,
      note: request.message,
    });
    return rolloutResult(outcome, { id, env, configuration, artifacts, deployment, steps: rollout.steps });
  }
  if (stepsWhy) ports.progress.note(`  ${rollout.strategy} goes out all at once: ${stepsWhy}`);
  await ports.progress.step(`Set stack config (release ${id})`, () => guard(stack.setAllConfig(encodeValues(changes)), env));
  let verify: VerifyReport | undefined;
  const outcome = await runUpdate({
    ports,
    stack,
    deployment,
    publisher,
    title: `Deploy ${id} to ${env}`,
    // The same pack and levels as the preview: a mandatory violation stops the update before it changes anything.
    operation: (o) => stack.up({ message: deployMessage(id, request.message), ...ports.project.policyOptions(configuration.environment.name), ...o }),
    // `--verify`: the contract suite against the new endpoints, its outcome a deployment event of its own.
    afterComplete: request.verify
      ? async (up) => {
          verify = await ports.progress.step(`Verify the endpoints of ${env}`, () => verifyOutputs(up.outputs, withAuth(request.verify)!));
          deployment.recordVerification(ports.clock.now(), verificationOf(verify));
        }
      : undefined,
  });
  const events = outcome.events.map((e) => ({ id: e.id, type: e.type }));
  if (!outcome.ok) throw updateFailure(outcome, env, deployment, { deploymentId: id });
  const allAtOnce: DeployRollout = {
    strategy: rollout.strategy,
    steps: null,
    ...(stepsWhy ? { note: stepsWhy } : {}),
    status: "all-at-once",
    updates: [{ purpose: "complete", weight: 1, version: outcome.value.version ?? null, changes: outcome.value.changes }],
    gates: [],
    watchedSeconds: 0,
  };
  return {
    deploymentId: id,
    stack: env,
    environment: configuration.environment.name,
    status: deployment.status,
    version: outcome.value.version ?? null,
    components: configuration.components.map((c) => ({ kind: c.kind, provider: c.provider, artifact: artifacts[c.kind] ?? null })),
    endpoints: endpointsOf(outcome.value.outputs),
    changes: outcome.value.changes,
    events,
    eventsPending: pendingEvents(outcome.delivery),
    ...(verify ? { verify } : {}),
    rollout: allAtOnce,
  };
}

/**
 * Why a strategy in steps must go out all at once this time (null: it can run in steps): nothing to
 * shift from (a first release, a move between clouds), or the stack does not say what serves a
 * component now (no `liveVersions` entry: a stack deployed by a program older than the split),
 * which the clouds need to keep the previous release serving.
 */
async function whyAllAtOnce(stack: StackEngine, env: string, configuration: DeploymentConfiguration, previous: Release | undefined, moves: boolean): Promise<string | null> {
  if (!previous) return "first release of this stack: nothing to shift from";
  if (moves) return "a component moves between clouds: nothing to shift from";
  const versions = liveVersionsOf(await guard(stack.outputs(), env)) ?? {};
  const unknown = configuration.components.filter((c) => versions[c.kind] === undefined).map((c) => c.kind);
  if (unknown.length > 0) return `the stack's liveVersions output does not name what serves ${unknown.join(" and ")} now (deployed by an older program); the next release can go out in steps`;
  return null;
}

/** The result of a rollout in steps; any end but `completed` is the command's failure, with everything it did. */
function rolloutResult(
  outcome: RolloutOutcome,
  context: { id: string; env: string; configuration: DeploymentConfiguration; artifacts: Partial<Record<ComponentKind, string>>; deployment: ReturnType<typeof requestDeployment>; steps: string | null },
): DeployResult {
  const { id, env, configuration, artifacts, deployment } = context;
  const rollout: DeployRollout = { strategy: outcome.strategy, steps: context.steps, status: outcome.status, updates: outcome.updates, gates: outcome.gates, watchedSeconds: Math.round(outcome.watchedMs / 1000) };
  const events = outcome.events.map((e) => ({ id: e.id, type: e.type }));
  const changes: Record<string, number> = {};
  for (const u of outcome.updates) for (const [op, n] of Object.entries(u.changes)) changes[op] = (changes[op] ?? 0) + n;
  if (outcome.status !== "completed") {
    const fixes = {
      reverted: `everything is back on the previous release; fix the cause and deploy again (semantest-iac status --env ${env})`,
      aborted: `the release was aborted by another command; semantest-iac status --env ${env} shows what runs`,
      failed: `the stack may still split traffic: abort it with semantest-iac rollback --env ${env} --yes, then check semantest-iac status --env ${env}`,
    } as const;
    const code = { reverted: "RELEASE_REVERTED", aborted: "RELEASE_ABORTED", failed: "RELEASE_STUCK" }[outcome.status];
    throw new OperationError(code, deployment.error ?? `release ${id} ${outcome.status}`, ExitCodes.failed, fixes[outcome.status], {
      deploymentId: id,
      status: deployment.status,
      rollout: { ...rollout, reason: outcome.reason ?? null, detail: outcome.detail ?? null },
      ...(outcome.verify ? { verify: outcome.verify } : {}),
      events: events.map((e) => e.type),
      eventsPending: pendingEvents(outcome.delivery),
    });
  }
  const last = outcome.updates[outcome.updates.length - 1];
  return {
    deploymentId: id,
    stack: env,
    environment: configuration.environment.name,
    status: deployment.status,
    version: last?.version ?? null,
    components: configuration.components.map((c) => ({ kind: c.kind, provider: c.provider, artifact: artifacts[c.kind] ?? null })),
    endpoints: endpointsOf(outcome.outputs),
    changes,
    events,
    eventsPending: pendingEvents(outcome.delivery),
    ...(outcome.verify ? { verify: outcome.verify } : {}),
    rollout,
  };
}

/**
 * What can be checked without the engine is checked first, so a machine without the Pulumi CLI
 * (a CI job validating its arguments) gets the real mistake: a stack with no stack file, or a
 * config the program would refuse, is a usage error (exit 2), not "install Pulumi" (exit 3).
 */
function checkOffline(ports: Ports, stack: string, override: { component?: string; provider?: string }, strategy: string | undefined): void {
  let values: Readonly<Record<string, unknown>>;
  try {
    values = ports.project.stackValues(stack);
  } catch (error) {
    throw new OperationError("STACK_FILE", (error as Error).message, ExitCodes.usage, `check --env; the stacks of this project are: ${ports.project.stackNames().join(", ") || "(none)"}`);
  }
  const overridden = applyComponentOverride(values, override);
  if (!overridden.ok) throw new OperationError("USAGE", listProblems(overridden.error), ExitCodes.usage, "see semantest-iac deploy --help", { problems: overridden.error });
  const parsed = DeploymentConfiguration.parse({ project: PROJECT_NAME, stack, values: overridden.value });
  if (!parsed.ok) throw invalidConfig(stack, parsed.error);
  effectiveRollout(parsed.value, strategy);
}

/** The stack's rollout with `--strategy` applied; production refuses one that is not gated (the pack's production-gated-rollout). */
function effectiveRollout(configuration: DeploymentConfiguration, strategy: string | undefined): Rollout {
  const rollout = strategy === undefined ? { ok: true as const, value: configuration.rollout } : overrideStrategy(configuration.rollout, strategy);
  if (!rollout.ok) throw new OperationError("USAGE", listProblems(rollout.error), ExitCodes.usage, "see semantest-iac deploy --help", { problems: rollout.error });
  const ungated = configuration.environment.isProduction ? ungatedRolloutReason(rollout.value) : undefined;
  if (ungated) {
    throw new OperationError(
      "UNGATED_ROLLOUT",
      `production must ship through a gated rollout (policy production-gated-rollout): ${ungated}`,
      ExitCodes.failed,
      "deploy with --strategy canary, linear or blue-green, and keep semantest:rollout.gates on (docs/releases.md)",
    );
  }
  return rollout.value;
}

/** Builds what was asked for; a component not named keeps the artifact it runs now (if it has one). */
async function buildArtifacts(ports: Ports, configuration: DeploymentConfiguration, component: string | undefined): Promise<Partial<Record<ComponentKind, string>>> {
  const named = selectedComponents(component);
  const wanted = new Set<ComponentKind>(named.ok ? named.value : []);
  const artifacts: Partial<Record<ComponentKind, string>> = {};
  const builder = ports.artifactBuilder();
  const progress = ports.progress;
  await progress.step("Build artifacts", async () => {
    for (const settings of configuration.components) {
      const previous = configuration.release?.artifacts[settings.kind];
      if (!wanted.has(settings.kind) && previous) {
        artifacts[settings.kind] = previous;
        progress.note(`  = ${settings.kind}: keeps ${shortDigest(previous)}`);
        continue;
      }
      try {
        const built = await builder.build(settings);
        if (!built) {
          progress.note(`  ! ${settings.kind} (${settings.provider}): no build recipe for this cloud; deployed without a release artifact`);
          continue;
        }
        artifacts[settings.kind] = built.digest;
        progress.note(`  + ${settings.kind} (${settings.provider}): ${shortDigest(built.digest)}`);
      } catch (error) {
        if (error instanceof ArtifactBuildUnavailableError) throw new OperationError(error.code, error.message, ExitCodes.failed, "check the component's build recipe in artifacts/");
        throw new OperationError("BUILD_FAILED", `building ${settings.kind} for ${settings.provider} failed: ${(error as Error).message.split("\n")[0]}`, ExitCodes.failed, "fix the build error above and rerun");
      }
    }
  });
  return artifacts;
}

/** What the deployment event records of a contract suite's report: the outcome, the counts, the failed checks' names. */
export function verificationOf(report: VerifyReport): DeploymentVerification {
  return {
    passed: report.ok,
    checks: report.summary,
    failedChecks: report.checks.filter((c) => c.status === "fail").map((c) => c.name),
    ...(report.problem ? { problem: report.problem } : {}),
  };
}

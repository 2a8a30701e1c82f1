/**
 * `semantest-iac deploy`: flags -> the program's own validation -> build artifacts -> a new
 * deployment id -> `semantest:release` + the component's config -> requested/started -> `up`
 * with live progress -> completed (with the endpoints) or failed.
 */
import { ulid } from "ulidx";
import {
  applyComponentOverride,
  ComponentKind,
  Deployment,
  DeploymentConfiguration,
  providerMoves,
  Release,
  selectedComponents,
} from "../../domain";
import { ArtifactBuildUnavailableError } from "../artifacts/builder";
import type { CommandContext } from "../context";
import { engineFailure, guard } from "../engine/errors";
import { EngineError, StackEngine } from "../engine/port";
import { ExitCodes } from "../exit-codes";
import { CliError } from "../output";
import { configValues, deployMessage, encodeValues } from "../release/records";
import { endpointsOf, listProblems, printJson, PROJECT_NAME, requireEnv, shortDigest } from "./shared";
import { runUpdate } from "./update";

export interface DeployFlags {
  readonly env?: string;
  readonly component?: string;
  readonly provider?: string;
  readonly yes?: boolean;
  readonly json?: boolean;
  readonly message?: string;
}

export async function deploy(flags: DeployFlags, ctx: CommandContext): Promise<number> {
  const env = requireEnv(flags.env, "deploy", "semantest-iac deploy --env dev");
  const json = Boolean(flags.json);
  const progress = ctx.progress(json);
  const engine = ctx.engine();
  await guard(engine.check());
  const stack: StackEngine = await guard(engine.openStack(env, { create: true }), env);

  const live = configValues(await guard(stack.getConfig(), env));
  const overridden = applyComponentOverride(live, { component: flags.component, provider: flags.provider });
  if (!overridden.ok) throw new CliError("USAGE", listProblems(overridden.error), ExitCodes.usage, "see semantest-iac deploy --help", { problems: overridden.error });

  const moves = providerMoves(live, overridden.value);
  if (moves.length > 0 && !flags.yes) {
    const what = moves.map((m) => `${m.kind} from ${m.from} to ${m.to}`).join(", ");
    const answer = json ? undefined : await ctx.confirm(`Moving ${what} replaces its endpoint (a new URL). Continue?`);
    if (answer !== true) {
      throw new CliError("CONFIRMATION_REQUIRED", `moving ${what} replaces its endpoint (a new URL) and needs confirmation`, ExitCodes.usage, "rerun with --yes to confirm the move", { moves });
    }
  }

  const parsed = DeploymentConfiguration.parse({ project: PROJECT_NAME, stack: env, values: overridden.value });
  if (!parsed.ok) {
    throw new CliError("INVALID_CONFIG", listProblems(parsed.error), ExitCodes.usage, `correct Pulumi.${env}.yaml at the paths above (see docs/configuration.md)`, { problems: parsed.error });
  }
  const configuration = parsed.value;
  if (configuration.components.length === 0) {
    throw new CliError("NOTHING_TO_DEPLOY", `stack ${env} deploys no component: semantest:components is empty`, ExitCodes.usage, "add rest-api and/or websocket to semantest:components, or pass --component <c> --provider <p>");
  }

  // Build what was asked for; a component not named keeps the artifact it runs now (if it has one).
  const named = selectedComponents(flags.component);
  const wanted = new Set<ComponentKind>(named.ok ? named.value : []);
  const artifacts: Partial<Record<ComponentKind, string>> = {};
  const builder = ctx.artifactBuilder();
  await progress.step("Build artifacts", async () => {
    for (const component of configuration.components) {
      const previous = configuration.release?.artifacts[component.kind];
      if (!wanted.has(component.kind) && previous) {
        artifacts[component.kind] = previous;
        progress.note(`  = ${component.kind}: keeps ${shortDigest(previous)}`);
        continue;
      }
      try {
        const built = await builder.build(component);
        if (!built) {
          progress.note(`  ! ${component.kind} (${component.provider}): no build recipe for this cloud; deployed without a release artifact`);
          continue;
        }
        artifacts[component.kind] = built.digest;
        progress.note(`  + ${component.kind} (${component.provider}): ${shortDigest(built.digest)}`);
      } catch (error) {
        if (error instanceof ArtifactBuildUnavailableError) throw new CliError(error.code, error.message, ExitCodes.failed, "check the component's build recipe in artifacts/");
        throw new CliError("BUILD_FAILED", `building ${component.kind} for ${component.provider} failed: ${(error as Error).message.split("\n")[0]}`, ExitCodes.failed, "fix the build error above and rerun");
      }
    }
  });

  const id = ulid();
  const release: Release = { id, artifacts };
  const changes: Record<string, unknown> = { "semantest:release": release };
  if (JSON.stringify(live["semantest:components"]) !== JSON.stringify(overridden.value["semantest:components"])) {
    changes["semantest:components"] = overridden.value["semantest:components"];
  }
  await progress.step(`Set stack config (release ${id})`, () => guard(stack.setAllConfig(encodeValues(changes)), env));

  const deployment = Deployment.request({
    id,
    kind: "deploy",
    stack: env,
    environment: configuration.environment.name,
    components: configuration.components.map((c) => ({ kind: c.kind, provider: c.provider })),
    requestedAt: ctx.now(),
    requestedBy: ctx.env.USER ?? ctx.env.USERNAME,
  });
  const publisher = ctx.publisher(configuration.events, env, configuration.region("aws")?.name);
  const outcome = await runUpdate({ ctx, stack, deployment, publisher, progress, message: deployMessage(id, flags.message), title: `Deploy ${id} to ${env}` });

  if (!outcome.ok) {
    const failure = outcome.error instanceof EngineError ? engineFailure(outcome.error, env) : new CliError("UPDATE_FAILED", String(outcome.error), ExitCodes.failed);
    throw new CliError(failure.code, failure.message, failure.exitCode, failure.fix, { deploymentId: id, status: deployment.status, events: outcome.events.map((e) => e.type) });
  }
  const result = {
    deploymentId: id,
    stack: env,
    environment: configuration.environment.name,
    status: deployment.status,
    version: outcome.value.version ?? null,
    components: configuration.components.map((c) => ({ kind: c.kind, provider: c.provider, artifact: artifacts[c.kind] ?? null })),
    endpoints: endpointsOf(outcome.value.outputs),
    changes: outcome.value.changes,
    events: outcome.events.map((e) => ({ id: e.id, type: e.type })),
  };
  if (json) printJson(ctx.io, result);
  else {
    const lines = [`Deployment ${id} completed on stack ${env}${result.version ? ` (update v${result.version})` : ""}`];
    for (const [name, url] of Object.entries(result.endpoints)) lines.push(`  ${name}: ${url}`);
    ctx.io.stdout(lines.join("\n"));
  }
  return ExitCodes.ok;
}


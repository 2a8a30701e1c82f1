/**
 * `semantest-iac rollback --env <env>` while a release is rolled out in steps: abort it. ONE update
 * puts everything back on the previous release (`semantest:release.traffic.weight: 0`), with the
 * newest update's config otherwise unchanged; the process running the rollout sees it at its next
 * gate check and stops. A rollback of its own: `rollback.requested` -> `deployment.started` ->
 * `release.reverted` (reason `aborted`) -> `rollback.completed`.
 */
import { DEFAULT_EVENTS_CONFIG, Deployment, EnvironmentName, inProgress, parseEventsConfig, parseRelease, type ReleaseTraffic } from "../../domain";
import { preflight } from "../doctor/check-stack";
import { guard } from "../engine-errors";
import { OperationError } from "../errors";
import { ExitCodes } from "../exit-codes";
import type { Ports } from "../ports";
import { pendingEvents, runUpdate, updateFailure } from "../run-update";
import { endpointsOf, validStack } from "../shared";
import { abortMessage, componentsOf, configValues, encodeValues } from "./records";
import { percent } from "./rollout";

export interface AbortRequest {
  readonly stack: string;
  /** Confirms without asking. */
  readonly yes?: boolean;
  readonly skipChecks?: boolean;
}

export interface AbortResult {
  readonly rollbackId: string;
  readonly stack: string;
  readonly status: string;
  /** The release that was aborted, its share before the abort, and the release everything is back on. */
  readonly aborted: { readonly releaseId: string; readonly weight: number; readonly previousReleaseId: string; readonly strategy: string | null };
  readonly version: number | null;
  readonly endpoints: Record<string, string>;
  readonly changes: Readonly<Record<string, number>>;
  readonly events: readonly { readonly id: string; readonly type: string }[];
  readonly eventsPending: Readonly<Record<string, number>>;
}

const EXAMPLE = "semantest-iac rollback --env production";

export async function abortRelease(ports: Ports, request: AbortRequest): Promise<AbortResult> {
  const env = validStack(request.stack, "rollback", EXAMPLE);
  const engine = ports.engine();
  await guard(engine.check());
  const stack = await guard(engine.openStack(env), env);
  const [newest] = await guard(stack.history(1), env);
  const values = newest ? configValues(newest.config) : {};
  const parsed = newest ? parseRelease(values["semantest:release"]) : undefined;
  const current = parsed?.ok ? parsed.value : undefined;
  if (!newest || !inProgress(current)) {
    throw new OperationError(
      "NO_RELEASE_IN_PROGRESS",
      `stack ${env} has no release in progress to abort${current ? ` (it runs ${current.id})` : ""}`,
      ExitCodes.usage,
      `to restore an earlier update: semantest-iac rollback --env ${env} --to <version> (semantest-iac history --env ${env} lists them)`,
    );
  }
  await preflight(ports, { stack: env, skipChecks: request.skipChecks });
  const traffic = current.traffic;
  const what = `release ${current.id} (${percent(traffic.weight)} of traffic) on stack ${env}`;
  if (!request.yes && (await ports.confirm(`Abort ${what} and shift everything back to ${traffic.previous.id}?`)) !== true) {
    throw new OperationError("CONFIRMATION_REQUIRED", `aborting ${what} needs confirmation`, ExitCodes.usage, "rerun with --yes to confirm");
  }

  const id = ports.clock.newId();
  const environment = (typeof values["semantest:environment"] === "string" ? values["semantest:environment"] : env) as EnvironmentName;
  const deployment = Deployment.request({
    id,
    kind: "rollback",
    stack: env,
    environment,
    components: componentsOf(values),
    requestedAt: ports.clock.now(),
    targetDeploymentId: traffic.previous.id,
    requestedBy: ports.operator,
  });
  const events = parseEventsConfig(values["semantest:events"]);
  const publisher = ports.publisher(events.ok ? events.value : DEFAULT_EVENTS_CONFIG, env, typeof values["aws:region"] === "string" ? values["aws:region"] : undefined);
  const back: ReleaseTraffic = { ...traffic, weight: 0 };
  // The config the rollout's last update ran with, exactly, except the share: nothing else moves.
  const config = { ...newest.config, ...encodeValues({ "semantest:release": { ...current, traffic: back } }) };
  await ports.progress.step(`Shift everything back to ${traffic.previous.id}`, () => guard(stack.setAllConfig(config, { replace: true }), env));
  const strategy = traffic.rollout?.strategy ?? null;
  const outcome = await runUpdate({
    ports,
    stack,
    deployment,
    publisher,
    title: `Abort release ${current.id} on ${env}`,
    operation: (o) => stack.up({ message: abortMessage(id, current.id, strategy ?? "canary"), ...ports.project.policyOptions(environment), ...o }),
    onSucceeded: (up) =>
      deployment.recordRelease("reverted", ports.clock.now(), {
        releaseId: current.id,
        previousReleaseId: traffic.previous.id,
        strategy: strategy ?? "canary",
        weight: 0,
        steps: traffic.rollout?.steps ?? 1,
        reason: "aborted",
        detail: `aborted by ${ports.operator ?? "an operator"} (rollback ${id})`,
        ...(up.version ? { version: up.version } : {}),
      }),
  });
  const published = outcome.events.map((e) => ({ id: e.id, type: e.type }));
  if (!outcome.ok) throw updateFailure(outcome, env, deployment, { rollbackId: id, releaseId: current.id });
  return {
    rollbackId: id,
    stack: env,
    status: deployment.status,
    aborted: { releaseId: current.id, weight: traffic.weight, previousReleaseId: traffic.previous.id, strategy },
    version: outcome.value.version ?? null,
    endpoints: endpointsOf(outcome.value.outputs),
    changes: outcome.value.changes,
    events: published,
    eventsPending: pendingEvents(outcome.delivery),
  };
}

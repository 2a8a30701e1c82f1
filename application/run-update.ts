/**
 * The part deploy, rollback and destroy share: requested -> started -> the engine operation with
 * live progress and interrupt handling -> completed or failed, each state change published as it
 * happens, and what the sinks could not take reported as pending.
 */
import { Deployment, DeploymentConfiguration, DeploymentKind } from "../domain";
import { engineFailure } from "./engine-errors";
import { OperationError } from "./errors";
import { ExitCodes } from "./exit-codes";
import type { Ports } from "./ports";
import { EngineError, EngineErrorCodes, StackEngine, UpOutcome } from "./ports/engine";
import type { DeliveryReport, DeploymentEventPublisher, EventEnvelope } from "./ports/events";
import { endpointsOf } from "./shared";

export interface UpdateRun {
  readonly ports: Ports;
  readonly stack: StackEngine;
  readonly deployment: Deployment;
  readonly publisher: DeploymentEventPublisher;
  readonly title: string;
  /** The engine operation: `up` for deploy and rollback, `destroy` for destroy. */
  readonly operation: (options: { env: Record<string, string>; signal: AbortSignal; onProgress: (p: Parameters<Ports["progress"]["engine"]>[0]) => void }) => Promise<UpOutcome>;
  /** Called after the operation succeeded, before the deployment completes (records events of its own, e.g. release.reverted). */
  readonly onSucceeded?: (outcome: UpOutcome) => void;
  /** Called after the deployment completed, before the publisher closes: events it records (e.g. deployment.verified) go out with the rest. */
  readonly afterComplete?: (outcome: UpOutcome) => Promise<void>;
}

export type UpdateOutcome =
  | { readonly ok: true; readonly value: UpOutcome; readonly events: readonly EventEnvelope[]; readonly delivery: DeliveryReport }
  | { readonly ok: false; readonly error: unknown; readonly events: readonly EventEnvelope[]; readonly delivery: DeliveryReport };

/** Events the sinks did not take, per sink: what a result reports as `events.pending`. */
export function pendingEvents(delivery: DeliveryReport): Record<string, number> {
  return Object.fromEntries(Object.entries(delivery.pending).filter(([, n]) => n > 0));
}

export async function runUpdate(run: UpdateRun): Promise<UpdateOutcome> {
  const { ports, stack, deployment, publisher } = run;
  const progress = ports.progress;
  const events: EventEnvelope[] = [];
  const flush = async () => events.push(...(await publisher.publish(deployment.pullEvents())));

  await flush(); // requested
  deployment.start(ports.clock.now());
  await flush(); // started

  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts === 1) {
      // Pulumi's own Ctrl-C: the engine finishes in-flight resource operations, then stops.
      progress.note("cancelling the update: waiting for in-flight resource operations (Ctrl-C again to force `pulumi cancel`)");
      controller.abort();
    } else if (interrupts === 2) {
      progress.note("forcing: pulumi cancel");
      stack.cancel().catch((error: unknown) => progress.note(`pulumi cancel failed: ${(error as Error).message}`));
    }
  };

  try {
    const outcome = await ports.onInterrupt(onInterrupt, () =>
      progress.step(run.title, () =>
        run.operation({ env: publisher.engineEnvironment(deployment.id), signal: controller.signal, onProgress: (p) => progress.engine(p) }),
      ),
    );
    run.onSucceeded?.(outcome);
    deployment.complete(ports.clock.now(), endpointsOf(outcome.outputs));
    await flush();
    if (run.afterComplete) {
      try {
        await run.afterComplete(outcome);
      } finally {
        await flush();
      }
    }
    return { ok: true, value: outcome, events, delivery: await publisher.close() };
  } catch (caught) {
    const error =
      controller.signal.aborted && !(caught instanceof EngineError && caught.code === EngineErrorCodes.stackLocked)
        ? new EngineError(EngineErrorCodes.cancelled, "the update was cancelled (Ctrl-C)", caught instanceof Error ? caught.message : String(caught))
        : caught;
    const reason = error instanceof EngineError ? `${error.code}: ${error.message}${error.detail && error.detail !== error.message ? ` (${error.detail.split("\n")[0]})` : ""}` : String(error);
    deployment.fail(ports.clock.now(), reason);
    await flush();
    return { ok: false, error, events, delivery: await publisher.close() };
  }
}

/** A new deploy or destroy of a stack with this configuration, requested now by the operator. */
export function requestDeployment(ports: Ports, id: string, kind: DeploymentKind, stack: string, configuration: DeploymentConfiguration): Deployment {
  return Deployment.request({
    id,
    kind,
    stack,
    environment: configuration.environment.name,
    components: configuration.components.map((c) => ({ kind: c.kind, provider: c.provider })),
    requestedAt: ports.clock.now(),
    requestedBy: ports.operator,
  });
}

/** The error a failed update is reported with: the engine's classified failure (or the use case's own), plus what happened to the deployment. */
export function updateFailure(outcome: Extract<UpdateOutcome, { ok: false }>, stack: string, deployment: Deployment, details: Readonly<Record<string, unknown>>): OperationError {
  const error = outcome.error;
  const failure =
    error instanceof OperationError ? error : error instanceof EngineError ? engineFailure(error, stack) : new OperationError("UPDATE_FAILED", String(error), ExitCodes.failed);
  return new OperationError(failure.code, failure.message, failure.exitCode, failure.fix, {
    ...details,
    status: deployment.status,
    events: outcome.events.map((e) => e.type),
    eventsPending: pendingEvents(outcome.delivery),
  });
}

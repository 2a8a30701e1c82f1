/**
 * The part deploy and rollback share: requested -> started -> `up` with live progress and Ctrl-C
 * handling -> completed or failed, each state change published as it happens.
 */
import type { Deployment } from "../../domain";
import type { CommandContext } from "../context";
import type { DeploymentEventPublisher, EventEnvelope } from "../deployment-events";
import { EngineError, EngineErrorCodes, StackEngine, UpOutcome } from "../engine/port";
import type { Progress } from "../progress";
import { endpointsOf, policyOptions } from "./shared";

export interface UpdateRun {
  readonly ctx: CommandContext;
  readonly stack: StackEngine;
  readonly deployment: Deployment;
  readonly publisher: DeploymentEventPublisher;
  readonly progress: Progress;
  readonly message: string;
  readonly title: string;
}

export type UpdateOutcome =
  | { readonly ok: true; readonly value: UpOutcome; readonly events: readonly EventEnvelope[] }
  | { readonly ok: false; readonly error: unknown; readonly events: readonly EventEnvelope[] };

export async function runUpdate(run: UpdateRun): Promise<UpdateOutcome> {
  const { ctx, stack, deployment, publisher, progress } = run;
  const events: EventEnvelope[] = [];
  const flush = async () => events.push(...(await publisher.publish(deployment.pullEvents())));

  await flush(); // requested
  deployment.start(ctx.now());
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
    const outcome = await ctx.onInterrupt(onInterrupt, () =>
      progress.step(run.title, () =>
        stack.up({
          message: run.message,
          env: publisher.engineEnvironment(deployment.id),
          // The same pack and levels as the preview: a mandatory violation stops the update before it changes anything.
          ...policyOptions(ctx.projectDir, deployment.request.environment),
          onProgress: (p) => progress.engine(p),
          signal: controller.signal,
        }),
      ),
    );
    deployment.complete(ctx.now(), endpointsOf(outcome.outputs));
    await flush();
    await publisher.close();
    return { ok: true, value: outcome, events };
  } catch (caught) {
    const error =
      controller.signal.aborted && !(caught instanceof EngineError && caught.code === EngineErrorCodes.stackLocked)
        ? new EngineError(EngineErrorCodes.cancelled, "the update was cancelled (Ctrl-C)", caught instanceof Error ? caught.message : String(caught))
        : caught;
    const reason = error instanceof EngineError ? `${error.code}: ${error.message}${error.detail && error.detail !== error.message ? ` (${error.detail.split("\n")[0]})` : ""}` : String(error);
    deployment.fail(ctx.now(), reason);
    await flush();
    await publisher.close();
    return { ok: false, error, events };
  }
}

/**
 * Deployment events (DESIGN §6): the `EventPublisher` port, its durable outbox and four sinks.
 *
 * For the CLI (deploy / rollback / preview / events flush):
 *
 *   import { createPublisher, flushOutbox, deploymentEnvironment } from "../events";
 *   const publisher = createPublisher(configuration.events, { projectDir, stack, awsRegion });
 *   await publisher.publish(deployment.pullEvents());            // durable (fsync) when it resolves
 *   // run `pulumi up` with env: deploymentEnvironment(deployment.id, publisher.lastEventId(deployment.id))
 *   // so that the program's resource events share the correlation id and chain to `started`
 *   await publisher.publish(deployment.pullEvents());            // completed / failed
 *   const report = await publisher.close();                      // delivers what it can; never throws for an outage
 *   const summary = summarizeDelivery(report);                   // per sink: delivered / pending / rejected / failure
 *
 *   // `semantest-iac events flush --env <env>`: re-send whatever earlier runs could not deliver
 *   const report = await flushOutbox(configuration.events, { projectDir, stack, awsRegion });
 *
 * `publish` takes domain events (wrapped in Semantest's envelope with a ULID id, chained by
 * causation per deployment) or ready envelopes. Delivery is at-least-once; consumers
 * de-duplicate by `id`. A sink outage is reported in the FlushReport and on stderr, never thrown.
 */
export { createPublisher, flushOutbox, isEnvelope } from "./publisher";
export type { EventPublisher, FlushReport, PublisherOptions, PublishOptions } from "./publisher";
export { summarizeDelivery } from "./delivery-summary";
export type { DeliverySummary, SinkDelivery } from "./delivery-summary";
export { Outbox, OUTBOX_DIR } from "./outbox";
export type { EventSink, DeliveryResult } from "./sink";
export { createSink } from "./sinks";
export { ulidGenerator } from "./ids";

/** Environment variables through which the CLI hands the deployment to the Pulumi program. */
export const DEPLOYMENT_ID_ENV = "SEMANTEST_DEPLOYMENT_ID";
export const CAUSATION_ID_ENV = "SEMANTEST_CAUSATION_ID";

/** The env vars to pass to `pulumi up` (Automation API `envVars`) so resource events join the deployment. */
export function deploymentEnvironment(deploymentId: string, causationId?: string): Record<string, string> {
  return { [DEPLOYMENT_ID_ENV]: deploymentId, ...(causationId ? { [CAUSATION_ID_ENV]: causationId } : {}) };
}

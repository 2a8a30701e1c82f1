/**
 * The event publisher adapter: the events package's publisher (durable outbox, then the sinks of
 * `semantest:events`) behind the port the use cases use (application/ports/events.ts).
 */
import type { DeploymentEventPublisher, DeliveryReport } from "../application/ports/events";
import type { EventsConfig } from "../domain";

export interface PublisherSettings {
  /** The outbox lives under `<dir>/.semantest/outbox/<stack>/`; relative file sinks resolve against it. */
  readonly dir: string;
  readonly stack: string;
  readonly awsRegion?: string;
  readonly warn: (message: string) => void;
}

export function createDeploymentPublisher(config: EventsConfig, settings: PublisherSettings): DeploymentEventPublisher {
  // Loaded when a deploy or rollback publishes: the sinks pull in the AWS and Azure SDKs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const events = require("../events") as typeof import("../events");
  const publisher = events.createPublisher(config, { projectDir: settings.dir, stack: settings.stack, awsRegion: settings.awsRegion, onWarning: settings.warn });
  return {
    publish: (domainEvents) => publisher.publish(domainEvents),
    engineEnvironment: (deploymentId) => events.deploymentEnvironment(deploymentId, publisher.lastEventId(deploymentId)),
    close: async (): Promise<DeliveryReport> => {
      const report = await publisher.close();
      for (const [sink, reason] of Object.entries(report.failures)) {
        settings.warn(`events for ${sink} are kept in the outbox (${reason}); \`semantest-iac\` re-sends them on the next run`);
      }
      return { delivered: report.delivered, pending: report.pending, failures: report.failures };
    },
  };
}

/**
 * Where the CLI sends a deployment's domain events: the events package's publisher (durable
 * outbox, then the sinks of `semantest:events`), behind the small port the commands use.
 */
import type { DomainEvent, EventsConfig } from "../domain";
import type { EventEnvelope } from "../domain/events";
import type { DeliverySummary } from "../events/delivery-summary";

export type { DeliverySummary, EventEnvelope };

/** The port the commands use: publish a deployment's events, in order. Never throws on a sink outage. */
export interface DeploymentEventPublisher {
  publish(events: readonly DomainEvent[]): Promise<readonly EventEnvelope[]>;
  /** Env vars for `pulumi up` so that the program's resource events join this deployment's chain. */
  engineEnvironment(deploymentId: string): Record<string, string>;
  /** Delivers what it can and releases the sinks; says, per sink, what was delivered and what waits. */
  close(): Promise<DeliverySummary>;
}

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
    close: async () => {
      const report = await publisher.close();
      for (const [sink, reason] of Object.entries(report.failures)) {
        settings.warn(`events for ${sink} are kept in the outbox (${reason}); \`semantest-iac\` re-sends them on the next run`);
      }
      return events.summarizeDelivery(report);
    },
  };
}

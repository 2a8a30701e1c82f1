/**
 * The event publisher port: where a deployment's domain events go (a durable outbox, then the
 * sinks of `semantest:events`). Adapter: adapters/event-publisher.ts over events/.
 */
import type { DomainEvent, EventsConfig } from "../../domain";
import type { EventEnvelope } from "../../domain/events";

export type { EventEnvelope };

/** Per sink, after a close: how many events were delivered and how many wait in the outbox. */
export interface DeliveryReport {
  readonly delivered: Readonly<Record<string, number>>;
  readonly pending: Readonly<Record<string, number>>;
  /** Why the last attempt of a sink failed, per sink. */
  readonly failures: Readonly<Record<string, string>>;
}

/** Publishes a deployment's events, in order. Never throws on a sink outage: what is not delivered stays pending. */
export interface DeploymentEventPublisher {
  publish(events: readonly DomainEvent[]): Promise<readonly EventEnvelope[]>;
  /** Env vars for the engine so that the program's resource events join this deployment's chain. */
  engineEnvironment(deploymentId: string): Record<string, string>;
  /** Delivers what it can, releases the sinks and says what is still pending. */
  close(): Promise<DeliveryReport>;
}

/** Opens the publisher of one stack with its events config. */
export type PublisherFactory = (events: EventsConfig, stack: string, awsRegion?: string) => DeploymentEventPublisher;

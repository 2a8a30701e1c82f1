import { AzureKeyCredential, EventGridPublisherClient, SendCloudEventInput } from "@azure/eventgrid";
import type { TokenCredential } from "@azure/identity";
import type { EventGridSinkConfig } from "../../domain/config/events-config";
import { EVENTS_TOPIC, EventEnvelope } from "../../domain/events";
import { DeliveryResult, errorMessage, EventSink } from "../sink";

/** CloudEvents `source` of every event. */
export const CLOUDEVENTS_SOURCE = "/semantest/infrastructure";
/** Event Grid takes up to 1 MB per publish request (Azure Event Grid quotas and limits). */
const MAX_REQUEST_BYTES = 900 * 1024;

export interface EventGridSinkOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** A ready client (tests point one at a local server). */
  readonly client?: EventGridPublisherClient<"CloudEvent">;
  /** Used when the sink has no `accessKeyEnv` (default: @azure/identity DefaultAzureCredential). */
  readonly credential?: TokenCredential;
}

/**
 * The envelope as a CloudEvents 1.0 event: `id` and `type` are the envelope's, `time` its
 * timestamp, `subject` the resource URN or the deployment, `data` the whole envelope; the
 * correlation and causation ids travel as extension attributes too, so subscriptions can filter on them.
 */
export function toCloudEvent(event: EventEnvelope): SendCloudEventInput<EventEnvelope> {
  const urn = (event.payload as { urn?: unknown }).urn;
  return {
    id: event.id,
    type: event.type,
    source: CLOUDEVENTS_SOURCE,
    time: new Date(event.timestamp),
    subject: typeof urn === "string" ? urn : `deployments/${event.aggregateId}`,
    datacontenttype: "application/json",
    data: event,
    extensionAttributes: {
      correlationid: event.correlationId,
      ...(event.causationId ? { causationid: event.causationId } : {}),
      topic: EVENTS_TOPIC,
    },
  };
}

/** Azure Event Grid (a topic with the CloudEvents 1.0 input schema) through @azure/eventgrid. */
export class EventGridSink implements EventSink {
  readonly kind = "eventgrid" as const;
  readonly network = true;
  readonly batchSize = 100;
  readonly id: string;
  private client: EventGridPublisherClient<"CloudEvent"> | undefined;

  constructor(
    private readonly config: EventGridSinkConfig,
    private readonly options: EventGridSinkOptions = {},
  ) {
    this.id = `eventgrid:${config.endpoint}`;
    this.client = options.client;
  }

  async deliver(batch: readonly EventEnvelope[]): Promise<DeliveryResult> {
    let client: EventGridPublisherClient<"CloudEvent">;
    try {
      client = await this.connect();
    } catch (error) {
      return { delivered: [], rejected: [], failure: errorMessage(error) };
    }
    const delivered: string[] = [];
    const rejected: { id: string; reason: string }[] = [];
    for (const chunk of bySize(batch)) {
      const outcome = await this.send(client, chunk);
      if (outcome === "ok") delivered.push(...chunk.map((event) => event.id));
      else if (outcome.status !== undefined && outcome.status >= 400 && outcome.status < 500 && ![401, 403, 404, 408, 429].includes(outcome.status)) {
        // The topic refused the request itself: find which events it refuses by sending them one at a time.
        for (const event of chunk) {
          const single = chunk.length === 1 ? outcome : await this.send(client, [event]);
          if (single === "ok") delivered.push(event.id);
          else if (single.status !== undefined && single.status >= 400 && single.status < 500 && ![401, 403, 404, 408, 429].includes(single.status)) rejected.push({ id: event.id, reason: single.reason });
          else return { delivered, rejected, failure: single.reason };
        }
      } else return { delivered, rejected, failure: outcome.reason };
    }
    return { delivered, rejected };
  }

  private async send(client: EventGridPublisherClient<"CloudEvent">, events: readonly EventEnvelope[]): Promise<"ok" | { status?: number; reason: string }> {
    try {
      await client.send(events.map(toCloudEvent));
      return "ok";
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      return { status, reason: `Event Grid ${this.config.endpoint}${status ? ` answered ${status}` : ""}: ${errorMessage(error)}` };
    }
  }

  private async connect(): Promise<EventGridPublisherClient<"CloudEvent">> {
    if (this.client) return this.client;
    if (this.config.accessKeyEnv) {
      const key = (this.options.env ?? process.env)[this.config.accessKeyEnv];
      if (!key) throw new Error(`eventgrid sink ${this.config.endpoint}: environment variable ${this.config.accessKeyEnv} (accessKeyEnv) is not set`);
      this.client = new EventGridPublisherClient(this.config.endpoint, "CloudEvent", new AzureKeyCredential(key));
    } else {
      const credential = this.options.credential ?? new (await import("@azure/identity")).DefaultAzureCredential();
      this.client = new EventGridPublisherClient(this.config.endpoint, "CloudEvent", credential);
    }
    return this.client;
  }
}

function* bySize(events: readonly EventEnvelope[]): Generator<EventEnvelope[]> {
  let chunk: EventEnvelope[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = Buffer.byteLength(JSON.stringify(event)) + 512;
    if (chunk.length > 0 && bytes + size > MAX_REQUEST_BYTES) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(event);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

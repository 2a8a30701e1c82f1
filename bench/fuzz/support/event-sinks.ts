/**
 * The four sink kinds, each pointed at something on this machine, for the SIGKILL trials of
 * bench/fuzz/events.ts: the file sink writes a JSONL file; http, EventBridge and Event Grid post to
 * a local recorder through the real clients (fetch, AWS SDK v3, @azure/eventgrid).
 */
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { AzureKeyCredential, EventGridPublisherClient } from "@azure/eventgrid";
import type { SinkConfig, SinkKind } from "../../../domain/config/events-config";
import type { PublisherOptions } from "../../../events";

export const SINK_KINDS_UNDER_TEST: readonly SinkKind[] = ["file", "http", "eventbridge", "eventgrid"];

/** The sink config of one kind; `url` is the local recorder (unused by the file sink). */
export function sinkConfig(kind: SinkKind, url: string): SinkConfig {
  switch (kind) {
    case "file":
      return { kind: "file", path: "events.jsonl" };
    case "http":
      return { kind: "http", url: `${url}/events`, timeoutMs: 2000, maxAttempts: 3 };
    case "eventbridge":
      return { kind: "eventbridge", eventBusName: "semantest-bus", region: "eu-west-1" };
    case "eventgrid":
      return { kind: "eventgrid", endpoint: "https://semantest.westeurope-1.eventgrid.azure.net/api/events", accessKeyEnv: "EG_KEY" };
  }
}

/** Publisher options whose cloud clients talk to the local recorder instead of the cloud. */
export function sinkOptions(kind: SinkKind, url: string): Partial<PublisherOptions> {
  if (kind === "eventbridge") {
    const client = new EventBridgeClient({ endpoint: url, region: "eu-west-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, maxAttempts: 1 });
    return { eventbridge: { client, backoff: { baseMs: 5, capMs: 20 } } };
  }
  if (kind === "eventgrid") {
    const client = new EventGridPublisherClient(`${url}/api/events`, "CloudEvent", new AzureKeyCredential("topic-key"), { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
    return { eventgrid: { client } };
  }
  if (kind === "http") return { http: { backoff: { baseMs: 5, capMs: 20 } } };
  return {};
}

/** The event ids one request to the recorder carried, as each service's wire format has them. */
export function idsInRequest(kind: SinkKind, body: string): string[] {
  const parsed = JSON.parse(body);
  if (kind === "http") return [parsed.id];
  if (kind === "eventbridge") return (parsed.Entries as { Detail: string }[]).map((entry) => JSON.parse(entry.Detail).id);
  return (parsed as { id: string }[]).map((event) => event.id);
}

/** What the recorder answers: 200 with the body each service returns on success. */
export function successBody(kind: SinkKind, body: string): { readonly status: number; readonly headers: Record<string, string>; readonly body: string } {
  if (kind === "eventbridge") {
    const entries = JSON.parse(body).Entries as unknown[];
    return { status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify({ FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `evt-${i}` })) }) };
  }
  return { status: 200, headers: {}, body: "" };
}

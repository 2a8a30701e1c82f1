import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { AzureKeyCredential, EventGridPublisherClient } from "@azure/eventgrid";
import type { EventsConfig } from "../../domain/config/events-config";
import type { EventEnvelope } from "../../domain/events";
import { createPublisher } from "../../events";
import { EventBridgeSink, EVENTBRIDGE_SOURCE } from "../../events/sinks/eventbridge";
import { CLOUDEVENTS_SOURCE, EventGridSink } from "../../events/sinks/eventgrid";
import { deploymentEnvelopes, FAST_BACKOFF, ids, tempProject } from "./support/fixtures";
import { expectValidEvents } from "./support/schema";
import { LocalServer, startServer } from "./support/servers";

let servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function server(...args: Parameters<typeof startServer>) {
  const started = await startServer(...args);
  servers.push(started);
  return started;
}
const quiet = () => undefined;

function manyEvents(count: number): EventEnvelope[] {
  return Array.from({ length: Math.ceil(count / 3) }, (_, i) => deploymentEnvelopes(`01JD00000000000000000000${String(i).padStart(2, "0")}`)).flat().slice(0, count);
}

function eventBridgeClient(url: string): EventBridgeClient {
  return new EventBridgeClient({ endpoint: url, region: "eu-west-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, maxAttempts: 1 });
}

/** Answers PutEvents as EventBridge does (JSON 1.1): one result per entry, in order. */
function putEventsResponse(entries: readonly ({ EventId: string } | { ErrorCode: string; ErrorMessage: string })[]) {
  return JSON.stringify({ FailedEntryCount: entries.filter((e) => "ErrorCode" in e).length, Entries: entries });
}

describe("the eventbridge sink, with the real AWS SDK client against a local endpoint", () => {
  it("sends PutEvents in batches of at most 10, source semantest.infrastructure, detail-type = the event type, detail = the envelope", async () => {
    const aws = await server((req, _i, res) => {
      const entries = JSON.parse(req.body).Entries as unknown[];
      res.setHeader("content-type", "application/x-amz-json-1.1");
      res.end(putEventsResponse(entries.map((_, n) => ({ EventId: `evt-${n}` }))));
    });
    const events = manyEvents(23);
    const sink = new EventBridgeSink({ kind: "eventbridge", eventBusName: "semantest-bus", region: "eu-west-1" }, { client: eventBridgeClient(aws.url) });
    const result = await sink.deliver(events);

    expect(result).toEqual({ delivered: ids(events), rejected: [] });
    expect(aws.requests.map((r) => JSON.parse(r.body).Entries.length)).toEqual([10, 10, 3]);
    for (const request of aws.requests) {
      expect(request.method).toBe("POST");
      expect(request.headers["x-amz-target"]).toBe("AWSEvents.PutEvents");
      expect(request.headers["content-type"]).toBe("application/x-amz-json-1.1");
      expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/events\/aws4_request/);
    }
    const entries = aws.requests.flatMap((r) => JSON.parse(r.body).Entries);
    entries.forEach((entry, i) => {
      expect(entry).toEqual({
        Source: EVENTBRIDGE_SOURCE,
        DetailType: events[i].type,
        Detail: JSON.stringify(events[i]),
        EventBusName: "semantest-bus",
        Time: new Date(events[i].timestamp).getTime() / 1000,
      });
    });
    expectValidEvents(entries.map((entry) => JSON.parse(entry.Detail)));
  });

  it("handles a partial failure (FailedEntryCount): retries only throttled entries, rejects malformed ones", async () => {
    const aws = await server((req, i, res) => {
      const entries = JSON.parse(req.body).Entries as { DetailType: string }[];
      res.setHeader("content-type", "application/x-amz-json-1.1");
      res.end(
        putEventsResponse(
          entries.map((entry, n) => {
            if (i === 0 && n === 1) return { ErrorCode: "ThrottlingException", ErrorMessage: "Rate exceeded" };
            if (i === 0 && n === 2) return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed" };
            return { EventId: `evt-${i}-${n}-${entry.DetailType}` };
          }),
        ),
      );
    });
    const events = deploymentEnvelopes();
    const sink = new EventBridgeSink({ kind: "eventbridge", eventBusName: "default", region: undefined }, { client: eventBridgeClient(aws.url), backoff: FAST_BACKOFF });
    const result = await sink.deliver(events);
    expect(result.delivered).toEqual([events[0].id, events[1].id]);
    expect(result.rejected).toEqual([{ id: events[2].id, reason: "MalformedDetail: Detail is malformed" }]);
    expect(aws.requests.map((r) => JSON.parse(r.body).Entries.map((e: { Detail: string }) => JSON.parse(e.Detail).id))).toEqual([ids(events), [events[1].id]]);
  });

  it("reports the sink unavailable (events stay pending) when PutEvents itself fails", async () => {
    const aws = await server((_req, _i, res) => {
      res.statusCode = 500;
      res.setHeader("content-type", "application/x-amz-json-1.1");
      res.end(JSON.stringify({ __type: "InternalException", message: "boom" }));
    });
    const projectDir = tempProject();
    const config: EventsConfig = { sinks: [{ kind: "eventbridge", eventBusName: "default", region: "eu-west-1" }], publishOnPreview: false };
    const publisher = createPublisher(config, { projectDir, stack: "production", eventbridge: { client: eventBridgeClient(aws.url) }, onWarning: quiet });
    await publisher.publish(deploymentEnvelopes());
    const report = await publisher.close();
    expect(report.pending).toEqual({ "eventbridge:default@eu-west-1": 3 });
    expect(report.failures["eventbridge:default@eu-west-1"]).toMatch(/PutEvents/);
  });
});

describe("the eventgrid sink, with the real Azure SDK client against a local endpoint", () => {
  it("publishes CloudEvents 1.0 with the envelope's id and type, the key in aeg-sas-key, the envelope as data", async () => {
    const azure = await server((_req, _i, res) => res.end());
    const events = deploymentEnvelopes();
    const client = new EventGridPublisherClient(`${azure.url}/api/events`, "CloudEvent", new AzureKeyCredential("topic-key"), {
      // The SDK refuses plain http unless told (@azure/core-rest-pipeline's documented option for local endpoints).
      allowInsecureConnection: true,
    });
    const sink = new EventGridSink({ kind: "eventgrid", endpoint: "https://semantest.westeurope-1.eventgrid.azure.net/api/events", accessKeyEnv: "EG_KEY" }, { client });
    const result = await sink.deliver(events);

    expect(result).toEqual({ delivered: ids(events), rejected: [] });
    expect(azure.requests).toHaveLength(1);
    const [request] = azure.requests;
    expect(request.method).toBe("POST");
    expect(request.url).toMatch(/^\/api\/events\?api-version=\d{4}-\d{2}-\d{2}/);
    expect(request.headers["aeg-sas-key"]).toBe("topic-key");
    expect(request.headers["content-type"]).toMatch(/^application\/cloudevents-batch\+json/);
    const sent = JSON.parse(request.body);
    expect(sent).toHaveLength(3);
    sent.forEach((cloudEvent: Record<string, unknown>, i: number) => {
      expect(cloudEvent).toEqual({
        specversion: "1.0",
        id: events[i].id,
        type: events[i].type,
        source: CLOUDEVENTS_SOURCE,
        time: events[i].timestamp,
        subject: `deployments/${events[i].aggregateId}`,
        datacontenttype: "application/json",
        data: events[i],
        correlationid: events[i].correlationId,
        ...(events[i].causationId ? { causationid: events[i].causationId } : {}),
        topic: "infrastructure.events",
      });
    });
    expectValidEvents(sent.map((e: { data: unknown }) => e.data));
  });

  it("finds the event a topic refuses (400) by sending one at a time, and delivers the rest", async () => {
    const events = deploymentEnvelopes();
    const azure = await server((req, _i, res) => {
      const batch = JSON.parse(req.body) as { id: string }[];
      res.statusCode = batch.some((e) => e.id === events[1].id) ? 400 : 200;
      res.end(res.statusCode === 400 ? JSON.stringify({ error: { code: "BadRequest", message: "event too large" } }) : "");
    });
    const client = new EventGridPublisherClient(`${azure.url}/api/events`, "CloudEvent", new AzureKeyCredential("k"), { allowInsecureConnection: true });
    const sink = new EventGridSink({ kind: "eventgrid", endpoint: "https://t.westeurope-1.eventgrid.azure.net/api/events", accessKeyEnv: undefined }, { client });
    const result = await sink.deliver(events);
    expect(result.delivered).toEqual([events[0].id, events[2].id]);
    expect(result.rejected.map((r) => r.id)).toEqual([events[1].id]);
    expect(result.failure).toBeUndefined();
  });

  it("reports a missing access key as an unavailable sink, naming the variable", async () => {
    const sink = new EventGridSink({ kind: "eventgrid", endpoint: "https://t.westeurope-1.eventgrid.azure.net/api/events", accessKeyEnv: "SEMANTEST_EG_KEY" }, { env: {} });
    const result = await sink.deliver(deploymentEnvelopes());
    expect(result).toEqual({ delivered: [], rejected: [], failure: expect.stringContaining("SEMANTEST_EG_KEY") });
  });
});

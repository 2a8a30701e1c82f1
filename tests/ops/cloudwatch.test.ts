/**
 * The AWS log reader (adapters/logs/cloudwatch.ts) with the real @aws-sdk/client-cloudwatch-logs
 * client pointed at a recorder on 127.0.0.1: what it asks FilterLogEvents (group, times, pattern,
 * pages) and what it makes of the answers; `follow` polls with an overlap and delivers each event once.
 */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { CloudWatchLogReader } from "../../adapters/logs/cloudwatch";
import { cloudWatchLogs, startRecorder, type Recorder } from "./support/recorder";

const SOURCE = { component: "rest-api" as const, provider: "aws" as const, region: "eu-west-1", logGroup: "rest-api-logs-1a5fe35" };
const T0 = Date.UTC(2026, 10, 30, 7, 0, 0);
const event = (i: number, message = `line ${i}`) => ({ eventId: `e${i}`, timestamp: T0 + i * 1000, ingestionTime: T0 + i * 1000 + 50, logStreamName: "2026/11/30/[7]abc", message: `${message}\n` });

let recorder: Recorder | undefined;
afterEach(async () => {
  await recorder?.close();
  recorder = undefined;
});

const client = (endpoint: string) => new CloudWatchLogsClient({ region: "eu-west-1", endpoint, credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" }, maxAttempts: 1 });

describe("CloudWatchLogReader.read", () => {
  it("pages through FilterLogEvents with the group, the window and the filter as one quoted term; events oldest first", async () => {
    recorder = await startRecorder(cloudWatchLogs((input) => (input.nextToken ? { events: [event(1)] } : { events: [event(3), event(2, '{"level":"ERROR","message":"boom"}')], nextToken: "page-2" })));
    const reader = new CloudWatchLogReader(SOURCE, { client: client(recorder.endpoint) });
    const batch = await reader.read({ startMs: T0, endMs: T0 + 60_000, filter: "ERROR x" });

    expect(batch.truncated).toBe(false);
    expect(batch.events).toEqual([
      { timestamp: T0 + 1000, message: "line 1", stream: "2026/11/30/[7]abc", id: "e1" },
      { timestamp: T0 + 2000, message: '{"level":"ERROR","message":"boom"}', stream: "2026/11/30/[7]abc", id: "e2" },
      { timestamp: T0 + 3000, message: "line 3", stream: "2026/11/30/[7]abc", id: "e3" },
    ]);
    const inputs = recorder.requests.map((r) => JSON.parse(r.body));
    expect(inputs).toEqual([
      { logGroupName: "rest-api-logs-1a5fe35", startTime: T0, endTime: T0 + 60_000, filterPattern: '"ERROR x"', limit: 10_000 },
      { logGroupName: "rest-api-logs-1a5fe35", startTime: T0, endTime: T0 + 60_000, filterPattern: '"ERROR x"', limit: 9_998, nextToken: "page-2" },
    ]);
    // Signed like the real service expects: SigV4 for the logs service in the source's region.
    expect(String(recorder.requests[0].headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/logs\/aws4_request/);
  });

  it("stops at maxEvents and says the result is truncated", async () => {
    recorder = await startRecorder(cloudWatchLogs(() => ({ events: [event(1), event(2)], nextToken: "more" })));
    const batch = await new CloudWatchLogReader(SOURCE, { client: client(recorder.endpoint), maxEvents: 2 }).read({ startMs: T0 });
    expect(batch).toEqual({ events: [expect.objectContaining({ id: "e1" }), expect.objectContaining({ id: "e2" })], truncated: true });
    expect(recorder.requests).toHaveLength(1);
  });

  it("surfaces the service's refusal (a missing group) as an error with its message", async () => {
    recorder = await startRecorder(() => ({ status: 400, contentType: "application/x-amz-json-1.1", body: { __type: "ResourceNotFoundException", message: "The specified log group does not exist." } }));
    await expect(new CloudWatchLogReader(SOURCE, { client: client(recorder.endpoint) }).read({ startMs: T0 })).rejects.toThrow("The specified log group does not exist.");
  });
});

describe("CloudWatchLogReader.follow", () => {
  it("polls from the cursor minus an overlap, delivers each event once (a late-indexed one too) and ends when aborted", async () => {
    let poll = 0;
    const controller = new AbortController();
    recorder = await startRecorder(
      cloudWatchLogs(() => {
        poll++;
        if (poll === 1) return { events: [event(1), event(2)] };
        // The second poll repeats event 2 (overlap) and brings event 3 plus a late event 0.5 (indexed after 2).
        if (poll === 2) return { events: [event(2), event(3), { ...event(0), eventId: "late", timestamp: T0 + 1500 }] };
        controller.abort();
        return { events: [event(3)] };
      }),
    );
    const seen: string[] = [];
    await new CloudWatchLogReader(SOURCE, { client: client(recorder.endpoint), pollMs: 5 }).follow({ startMs: T0, filter: "line" }, (e) => seen.push(e.id!), controller.signal);

    expect(seen).toEqual(["e1", "e2", "late", "e3"]);
    const starts = recorder.requests.map((r) => JSON.parse(r.body).startTime);
    expect(starts[0]).toBe(T0);
    // Never before the requested start, even with the 30 s overlap.
    expect(starts.every((s: number) => s >= T0)).toBe(true);
    expect(recorder.requests.every((r) => JSON.parse(r.body).filterPattern === '"line"')).toBe(true);
  });
});

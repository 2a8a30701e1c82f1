/**
 * `follow` on AWS with Live Tail (adapters/logs/cloudwatch.ts): the real SDK client opens a
 * StartLiveTail session on the group's ARN against a local event-stream server, prints the backlog
 * (FilterLogEvents) first and the live events after it, each once; falls back to polling when the
 * session is refused; ends when aborted.
 */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { CloudWatchLogReader } from "../../adapters/logs/cloudwatch";
import type { LogEvent } from "../../application/logs";
import { startLiveTailServer, type LiveTailServer } from "./support/live-tail";

const ARN = "arn:aws:logs:eu-west-1:123456789012:log-group:rest-api-logs-1";
const SOURCE = { component: "rest-api" as const, provider: "aws" as const, region: "eu-west-1", logGroup: "rest-api-logs-1", logGroupArn: ARN };
const T0 = Date.now() - 60_000;

let server: LiveTailServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const client = (endpoint: string) => new CloudWatchLogsClient({ region: "eu-west-1", endpoint, disableHostPrefix: true, credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" }, maxAttempts: 1 });
const until = async (test: () => boolean) => {
  for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!test()) throw new Error("timed out");
};

describe("CloudWatchLogReader.follow with Live Tail", () => {
  it("opens the session on the group's ARN with the filter, prints the backlog, then live events, each once", async () => {
    server = await startLiveTailServer({ filterEvents: () => [{ eventId: "b1", timestamp: T0, logStreamName: "s", message: "backlog\n" }, { eventId: "b2", timestamp: T0 + 1, logStreamName: "s", message: "both\n" }] });
    const controller = new AbortController();
    const seen: LogEvent[] = [];
    const notices: string[] = [];
    const following = new CloudWatchLogReader(SOURCE, { client: client(server.endpoint), onNotice: (n) => notices.push(n) }).follow({ startMs: T0, filter: "o" }, (e) => seen.push(e), controller.signal);

    await server.sessionOpen;
    // Ingested while the backlog was read: returned by both, printed once.
    server.push("sessionUpdate", { sessionMetadata: { sampled: false }, sessionResults: [{ logStreamName: "s", logGroupIdentifier: ARN, message: "both\n", timestamp: T0 + 1, ingestionTime: T0 + 2 }] });
    await until(() => seen.length >= 2);
    server.push("sessionUpdate", { sessionMetadata: { sampled: true }, sessionResults: [{ logStreamName: "s", logGroupIdentifier: ARN, message: "live one\n", timestamp: T0 + 5, ingestionTime: T0 + 6 }] });
    await until(() => seen.length >= 3);
    controller.abort();
    await following;

    expect(seen.map((e) => e.message)).toEqual(["backlog", "both", "live one"]);
    expect(server.liveTailInputs).toEqual([{ logGroupIdentifiers: [ARN], logEventFilterPattern: '"o"' }]);
    expect(server.targets.filter((t) => t.endsWith("FilterLogEvents"))).toHaveLength(1); // no polling
    expect(notices).toEqual([expect.stringContaining("live tail samples them")]);
  });

  it("falls back to polling, saying why, when the session is refused (no logs:StartLiveTail)", async () => {
    server = await startLiveTailServer({ filterEvents: () => [{ eventId: "p1", timestamp: T0, logStreamName: "s", message: "polled" }], refuseLiveTail: { type: "AccessDeniedException", message: "not authorized to perform: logs:StartLiveTail" } });
    const controller = new AbortController();
    const seen: string[] = [];
    const notices: string[] = [];
    await new CloudWatchLogReader(SOURCE, { client: client(server.endpoint), pollMs: 5, onNotice: (n) => notices.push(n) }).follow({ startMs: T0 }, (e) => (seen.push(e.message), controller.abort()), controller.signal);
    expect(seen).toEqual(["polled"]);
    expect(notices).toEqual(["rest-api: live tail is unavailable (not authorized to perform: logs:StartLiveTail); following by polling FilterLogEvents every 0.005 s"]);
  });

  it("polls without asking for a session when the output names no ARN (a stack deployed before it did)", async () => {
    server = await startLiveTailServer({ filterEvents: () => [{ eventId: "p1", timestamp: T0, logStreamName: "s", message: "polled" }] });
    const controller = new AbortController();
    const { logGroupArn: _arn, ...withoutArn } = SOURCE;
    await new CloudWatchLogReader(withoutArn, { client: client(server.endpoint), pollMs: 5 }).follow({ startMs: T0 }, () => controller.abort(), controller.signal);
    expect(server.targets).toEqual(["Logs_20140328.FilterLogEvents"]);
  });
});

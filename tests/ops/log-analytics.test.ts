/**
 * The Azure log reader (adapters/logs/log-analytics.ts) with Microsoft's LogsQueryClient
 * (@azure/monitor-query-logs) pointed at a recorder on 127.0.0.1: the workspace it queries, the
 * bearer token, the KQL (the app's rows, the filter) and the window; rows back to events.
 */
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { LogsQueryClient } from "@azure/monitor-query-logs";
import { LogAnalyticsLogReader } from "../../adapters/logs/log-analytics";
import { startRecorder, type Recorded, type Recorder } from "./support/recorder";

const WORKSPACE = "1d9a9a47-cae7-4980-a6f6-aed36af5e11d";
const SOURCE = { component: "websocket" as const, provider: "azure" as const, workspaceId: WORKSPACE, appName: "semantest-production-websocket-b3110245" };
const T0 = Date.UTC(2026, 10, 30, 7, 0, 0);
const credential = { getToken: async () => ({ token: "monitor-token", expiresOnTimestamp: Date.now() + 3_600_000 }) };
const COLUMNS = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "AppRoleName", type: "string" },
  { name: "Message", type: "string" },
  { name: "Table", type: "string" },
  { name: "ItemId", type: "string" },
];
const row = (i: number, table = "AppTraces") => [new Date(T0 + i * 1000).toISOString(), SOURCE.appName, `message ${i}`, table, `item-${i}`];
const answer = (rows: unknown[][]) => () => ({ status: 200, body: { tables: [{ name: "PrimaryResult", columns: COLUMNS, rows }] } });

let recorder: Recorder | undefined;
afterEach(async () => {
  await recorder?.close();
  recorder = undefined;
});

/**
 * The client speaks to https://api.loganalytics.io (the SDK refuses bearer tokens over plain http);
 * a last pipeline policy, after the token is set, sends the request to the recorder instead.
 */
const toRecorder: PipelinePolicy = {
  name: "to-recorder",
  sendRequest: (request, next) => {
    request.url = request.url.replace("https://api.loganalytics.io", recorder!.endpoint);
    request.allowInsecureConnection = true;
    return next(request);
  },
};
const reader = (options: { maxEvents?: number; pollMs?: number } = {}) =>
  new LogAnalyticsLogReader(SOURCE, { client: new LogsQueryClient(credential, { retryOptions: { maxRetries: 0 }, additionalPolicies: [{ policy: toRecorder, position: "perRetry" }] }), ...options });
const body = (r: Recorded) => JSON.parse(r.body) as { query: string; timespan: string };

describe("LogAnalyticsLogReader.read", () => {
  it("queries the workspace for the app's rows in the window, with the filter, and maps rows to events", async () => {
    recorder = await startRecorder(answer([row(1), row(2, "AppRequests")]));
    const batch = await reader().read({ startMs: T0, endMs: T0 + 60_000, filter: "message" });

    expect(batch).toEqual({
      truncated: false,
      events: [
        { timestamp: T0 + 1000, message: "message 1", stream: "AppTraces", id: "item-1" },
        { timestamp: T0 + 2000, message: "message 2", stream: "AppRequests", id: "item-2" },
      ],
    });
    const [request] = recorder.requests;
    expect(request.method).toBe("POST");
    expect(request.url).toBe(`/v1/workspaces/${WORKSPACE}/query`);
    expect(request.headers.authorization).toBe("Bearer monitor-token");
    const sent = body(request);
    expect(sent.timespan).toBe(`${new Date(T0).toISOString()}/${new Date(T0 + 60_000).toISOString()}`);
    expect(sent.query).toContain(`| where AppRoleName == "${SOURCE.appName}"`);
    expect(sent.query).toContain('| where Message contains_cs @"message"');
    expect(sent.query).toMatch(/AppTraces[\s\S]*AppExceptions[\s\S]*AppRequests/);
  });

  it("says truncated when the query returned more rows than maxEvents", async () => {
    recorder = await startRecorder(answer([row(1), row(2), row(3)]));
    const batch = await reader({ maxEvents: 2 }).read({ startMs: T0 });
    expect(batch.truncated).toBe(true);
    expect(batch.events.map((e) => e.id)).toEqual(["item-1", "item-2"]);
    expect(body(recorder.requests[0]).query).toContain("| take 3");
  });

  it("surfaces the service's error (no access to the workspace) and a partial result as errors", async () => {
    recorder = await startRecorder(() => ({ status: 403, body: { error: { code: "InsufficientAccessError", message: "The provided credentials have insufficient access to perform the requested operation" } } }));
    await expect(reader().read({ startMs: T0 })).rejects.toThrow(/insufficient access/);
    await recorder.close();
    recorder = await startRecorder(() => ({ status: 200, body: { tables: [{ name: "PrimaryResult", columns: COLUMNS, rows: [row(1)] }], error: { code: "PartialError", message: "query exceeded limits" } } }));
    await expect(reader().read({ startMs: T0 })).rejects.toThrow(/partial result: PartialError/);
  });
});

describe("LogAnalyticsLogReader.follow", () => {
  it("re-reads an overlap window and delivers each row once, until aborted", async () => {
    const controller = new AbortController();
    let poll = 0;
    recorder = await startRecorder(() => {
      poll++;
      if (poll >= 3) controller.abort();
      const rows = poll === 1 ? [row(1)] : [row(1), row(2)];
      return answer(rows)();
    });
    const seen: string[] = [];
    await reader({ pollMs: 5 }).follow({ startMs: T0 }, (e) => seen.push(e.id!), controller.signal);
    expect(seen).toEqual(["item-1", "item-2"]);
    expect(recorder.requests.length).toBeGreaterThanOrEqual(3);
  });
});

/**
 * A local CloudWatch for DescribeAlarms: records each request the real `CloudWatchClient` sends
 * (AWS JSON 1.0, `X-Amz-Target: GraniteServiceVersion20100801.DescribeAlarms`, SigV4-signed) and
 * answers from a table of alarms, paginating by `MaxRecords`/`NextToken` as CloudWatch does.
 */
import * as http from "http";
import type { AddressInfo } from "net";

export interface RecordedCall {
  readonly target: string;
  readonly signed: boolean;
  readonly body: { AlarmNames?: string[]; AlarmTypes?: string[]; NextToken?: string };
}

export interface CloudWatchRecorder {
  readonly url: string;
  readonly calls: RecordedCall[];
  /** The region of each request's SigV4 credential scope, in order. */
  readonly regions: string[];
  /** Alarm name -> StateValue. */
  readonly alarms: Map<string, string>;
  /** Alarms per page (CloudWatch's default MaxRecords is 50). */
  pageSize: number;
  /** The next answer is this error instead (status, `__type`). */
  failNext?: { status: number; type: string; message: string };
  close(): Promise<void>;
}

export async function startCloudWatchRecorder(): Promise<CloudWatchRecorder> {
  const recorder = { calls: [] as RecordedCall[], regions: [] as string[], alarms: new Map<string, string>(), pageSize: 50 } as CloudWatchRecorder & { failNext?: CloudWatchRecorder["failNext"] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = (status: number, body: unknown): void => void res.writeHead(status, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "rec" }).end(JSON.stringify(body));
      let body: RecordedCall["body"];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as RecordedCall["body"];
      } catch {
        return answer(400, { __type: "com.amazonaws.cloudwatch#SerializationException", message: "bad JSON" });
      }
      const target = String(req.headers["x-amz-target"] ?? "");
      recorder.regions.push(/Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? "")?.[1] ?? "");
      recorder.calls.push({ target, signed: /^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? ""), body });
      if (recorder.failNext) {
        const { status, type, message } = recorder.failNext;
        recorder.failNext = undefined;
        return answer(status, { __type: `com.amazonaws.cloudwatch#${type}`, message });
      }
      if (target !== "GraniteServiceVersion20100801.DescribeAlarms") return answer(400, { __type: "com.amazonaws.cloudwatch#UnknownOperationException", message: target });
      const wanted = (body.AlarmNames ?? [...recorder.alarms.keys()]).filter((name) => recorder.alarms.has(name));
      const start = body.NextToken ? Number(body.NextToken) : 0;
      const page = wanted.slice(start, start + recorder.pageSize);
      const next = start + recorder.pageSize < wanted.length ? String(start + recorder.pageSize) : undefined;
      answer(200, {
        MetricAlarms: page.map((name) => ({ AlarmName: name, StateValue: recorder.alarms.get(name), Namespace: "AWS/Lambda", MetricName: "Errors" })),
        CompositeAlarms: [],
        ...(next ? { NextToken: next } : {}),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(recorder, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}

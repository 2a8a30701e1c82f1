/**
 * A cloud API played on 127.0.0.1 for the official SDK clients: records every request (method,
 * path, headers, body) and answers with `answer(request)`. Used as CloudWatch Logs (JSON 1.1 on
 * `POST /`, the operation in `x-amz-target`) and as the Log Analytics query API.
 */
import * as http from "http";
import type { AddressInfo } from "net";

export interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly contentType?: string;
}

export interface Recorder {
  readonly endpoint: string;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

export async function startRecorder(answer: (request: Recorded) => Answer): Promise<Recorder> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const request = { method: req.method!, url: req.url!, headers: req.headers, body };
      requests.push(request);
      let reply: Answer;
      try {
        reply = answer(request);
      } catch (error) {
        reply = { status: 500, body: { message: String(error) } };
      }
      res.writeHead(reply.status, { "content-type": reply.contentType ?? "application/json" });
      res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** CloudWatch Logs on a recorder: answers FilterLogEvents from `pages` (by nextToken), records the inputs. */
export function cloudWatchLogs(pages: (input: Record<string, unknown>) => { events: unknown[]; nextToken?: string }) {
  return (request: Recorded): Answer => {
    const target = String(request.headers["x-amz-target"] ?? "");
    if (target !== "Logs_20140328.FilterLogEvents") return { status: 400, contentType: "application/x-amz-json-1.1", body: { __type: "UnknownOperationException", message: target } };
    return { status: 200, contentType: "application/x-amz-json-1.1", body: pages(JSON.parse(request.body) as Record<string, unknown>) };
  };
}

/**
 * A tiny HTTP server on 127.0.0.1 for the cost recorders: every request is recorded, answered by
 * the test's handler, and a handler that throws answers 500 for that request only (the server keeps
 * serving).
 */
import * as http from "http";
import type { AddressInfo } from "net";

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly type?: string;
}

export interface Recorder {
  readonly url: string;
  readonly calls: Recorded[];
  close(): Promise<void>;
}

export async function startRecorder(handle: (call: Recorded, url: string) => Answer): Promise<Recorder> {
  const calls: Recorded[] = [];
  let base = "";
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://recorder");
      const call: Recorded = { method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body };
      calls.push(call);
      try {
        const answer = handle(call, base);
        res.writeHead(answer.status, { "content-type": answer.type ?? "application/json" }).end(answer.body);
      } catch (error) {
        res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

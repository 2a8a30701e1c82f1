/** ARM played on 127.0.0.1: records every request and answers with `answer(request)`. */
import * as http from "http";
import type { AddressInfo } from "net";

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
  readonly body: string;
}

export interface ArmAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface ArmRecorder {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startArmRecorder(answer: (request: RecordedRequest) => ArmAnswer): Promise<ArmRecorder> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const request = { method: req.method!, url: req.url!, authorization: req.headers.authorization, body };
      requests.push(request);
      const { status, body: json, headers } = answer(request);
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(json === undefined ? "" : JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

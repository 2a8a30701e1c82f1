/** An HTTP server on 127.0.0.1 that records each request and answers as a test says: a cloud API stand-in for the real SDK clients. */
import * as http from "http";
import type { AddressInfo } from "net";

export interface Recorded {
  method: string;
  url: string;
  body: string;
}

export async function recorder(answer: (req: Recorded, res: http.ServerResponse) => void): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const recorded = { method: req.method ?? "", url: req.url ?? "", body };
      requests.push(recorded);
      answer(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}


/**
 * CloudWatch Logs with Live Tail, played on 127.0.0.1 for the real SDK client: FilterLogEvents
 * answers JSON; StartLiveTail answers an AWS event stream (application/vnd.amazon.eventstream,
 * frames encoded with the SDK's own codec) that the test feeds with `push` and keeps open.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { EventStreamCodec } from "@smithy/core/event-streams";

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString("utf8"),
  (text) => new Uint8Array(Buffer.from(text, "utf8")),
);

export function frame(eventType: string, body: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ":message-type": { type: "string", value: "event" },
      ":event-type": { type: "string", value: eventType },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: new Uint8Array(Buffer.from(JSON.stringify(body))),
  });
}

export interface LiveTailServer {
  readonly endpoint: string;
  readonly targets: string[];
  readonly liveTailInputs: Record<string, unknown>[];
  /** Resolves when a live tail session is open (its response started). */
  readonly sessionOpen: Promise<void>;
  /** Sends one frame on the open session. */
  push(eventType: string, body: unknown): void;
  close(): Promise<void>;
}

export async function startLiveTailServer(options: { filterEvents: () => unknown[]; refuseLiveTail?: { type: string; message: string } }): Promise<LiveTailServer> {
  const targets: string[] = [];
  const liveTailInputs: Record<string, unknown>[] = [];
  let session: http.ServerResponse | undefined;
  let opened!: () => void;
  const sessionOpen = new Promise<void>((resolve) => (opened = resolve));
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      targets.push(target);
      if (target === "Logs_20140328.FilterLogEvents") {
        res.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify({ events: options.filterEvents() }));
        return;
      }
      if (target === "Logs_20140328.StartLiveTail") {
        liveTailInputs.push(JSON.parse(body));
        if (options.refuseLiveTail) {
          res.writeHead(400, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify({ __type: options.refuseLiveTail.type, message: options.refuseLiveTail.message }));
          return;
        }
        res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
        res.write(frame("sessionStart", { requestId: "r", sessionId: "s", logGroupIdentifiers: (JSON.parse(body) as { logGroupIdentifiers: string[] }).logGroupIdentifiers }));
        session = res;
        opened();
        return;
      }
      res.writeHead(400, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify({ __type: "UnknownOperationException", message: target }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    targets,
    liveTailInputs,
    sessionOpen,
    push: (eventType, body) => void session?.write(frame(eventType, body)),
    close: () =>
      new Promise<void>((resolve) => {
        session?.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

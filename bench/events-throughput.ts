/**
 * Deployment-event throughput (prints, asserts nothing): events per second from `publish` to
 * "delivered" through the outbox (append + fsync, ack + fsync) to the file sink, and to the http
 * sink POSTing to a local server (one request per event, keep-alive). Publishing one event per
 * call is how resource hooks publish; 100 per call is a deploy flushing a burst.
 * Usage: npm run bench:events   (EVENTS=2000 to change the count)
 */
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import type { EventsConfig } from "../domain/config/events-config";
import { EventEnvelope, resourceEvent, toEnvelope } from "../domain/events";
import { createPublisher, ulidGenerator } from "../events";
import { FileSink } from "../events/sinks/file";

const COUNT = Number(process.env.EVENTS ?? 2000);
const newId = ulidGenerator();
const identity = { deploymentId: newId(), stack: "production", environment: "production" };

function events(count: number): EventEnvelope[] {
  return Array.from({ length: count }, (_, i) =>
    toEnvelope(
      resourceEvent("created", identity, { urn: `urn:pulumi:production::semantest-infrastructure::semantest:components:RestApi$aws:lambda/function:Function::fn-${i}`, resourceType: "aws:lambda/function:Function", name: `fn-${i}`, component: "rest-api", provider: "aws", physicalId: `fn-${i}-abc` }, new Date()),
      { newId, correlationId: identity.deploymentId },
    ),
  );
}

async function measure(label: string, config: EventsConfig, perCall: number): Promise<Record<string, string | number>> {
  const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-bench-"));
  const batch = events(COUNT);
  const publisher = createPublisher(config, { projectDir, stack: "bench", onWarning: () => undefined });
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < batch.length; i += perCall) {
    const t = process.hrtime.bigint();
    publisher.publishSync(batch.slice(i, i + perCall));
    latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const appended = Number(process.hrtime.bigint() - start) / 1e9;
  const report = await publisher.close();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const delivered = Object.values(report.delivered).reduce((a, b) => a + b, 0);
  latencies.sort((a, b) => a - b);
  fs.rmSync(projectDir, { recursive: true, force: true });
  return {
    scenario: label,
    "events/call": perCall,
    delivered,
    "seconds": seconds.toFixed(2),
    "events/s (publish->delivered)": Math.round(delivered / seconds),
    "events/s (durable append only)": Math.round(COUNT / appended),
    "publish p50 ms": latencies[Math.floor(latencies.length / 2)].toFixed(3),
    "publish p99 ms": latencies[Math.floor(latencies.length * 0.99)].toFixed(3),
  };
}

async function main(): Promise<void> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.statusCode = 202;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  const file: EventsConfig = { sinks: [{ kind: "file", path: "events.jsonl" }], publishOnPreview: false };
  const httpSink: EventsConfig = { sinks: [{ kind: "http", url, timeoutMs: 5000, maxAttempts: 5 }], publishOnPreview: false };

  // Warm-up (not measured).
  await measure("warm-up", httpSink, 100);

  const rows = [];
  for (const perCall of [1, 100]) rows.push(await measure("file sink", file, perCall));
  for (const perCall of [1, 100]) rows.push(await measure("http sink (local server)", httpSink, perCall));

  // The file sink alone, without the outbox around it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-bench-"));
  const sink = new FileSink({ kind: "file", path: "events.jsonl" }, dir);
  const batch = events(COUNT);
  const start = process.hrtime.bigint();
  for (let i = 0; i < batch.length; i += sink.batchSize) await sink.deliver(batch.slice(i, i + sink.batchSize));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  fs.rmSync(dir, { recursive: true, force: true });

  server.close();
  console.log(`Deployment events: ${COUNT} events per scenario, Node ${process.version}, ${os.cpus().length} CPUs, tmpdir ${os.tmpdir()}`);
  console.table(rows);
  console.log(`file sink alone (batches of ${sink.batchSize}, one fsync each): ${Math.round(COUNT / seconds)} events/s`);
}

void main();

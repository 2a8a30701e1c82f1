/**
 * 1,000 concurrent WebSocket connections on one local gateway: how long they take to connect
 * (each `$connect` / `connect` runs the bundled handler, which writes the registry), to subscribe,
 * and how long one publish takes to reach all of them (the handler's broadcast through
 * `@connections` on AWS, one group send through the Web PubSub REST API on Azure).
 *
 *   npm run bench:local                       # both providers, 1,000 connections
 *   npm run bench:local -- --provider aws --connections 2000
 *
 * Prints figures; asserts nothing about time.
 */
import * as path from "path";
import WebSocket from "ws";
import { startGateway, type LocalProvider } from "../runtime/local/gateway";
import { createLog } from "../runtime/local/log";

const PROJECT_DIR = path.resolve(__dirname, "..");

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;

async function clientUrl(restUrl: string, page: { webSocketUrl?: string; negotiateUrl?: string }): Promise<string> {
  if (page.webSocketUrl) return page.webSocketUrl;
  const res = await fetch(new URL(page.negotiateUrl!, restUrl));
  return ((await res.json()) as { url: string }).url;
}

/** Resolves when `socket` receives a frame matching `predicate`. */
function waitFor(socket: WebSocket, predicate: (frame: { type?: string }) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as { type?: string };
      if (!predicate(frame)) return;
      socket.off("message", onMessage);
      resolve(performance.now());
    };
    socket.on("message", onMessage);
    socket.once("close", (code) => reject(new Error(`a connection closed (${code}) during the benchmark`)));
  });
}

async function bench(provider: LocalProvider, count: number): Promise<void> {
  const log = createLog(() => undefined); // one line per invocation would be 5,000 lines
  const gateway = await startGateway({ provider, port: 0, projectDir: PROJECT_DIR, log });
  try {
    // Azure clients negotiate first (one HTTP call each, like real clients); not part of the connect figure.
    const urls = await Promise.all(Array.from({ length: count }, () => clientUrl(gateway.restUrl, gateway.host.page)));
    const handshakes: number[] = [];
    const t0 = performance.now();
    const sockets = await Promise.all(
      urls.map(
        (url) =>
          new Promise<WebSocket>((resolve, reject) => {
            const started = performance.now();
            const socket = new WebSocket(url);
            socket.once("open", () => {
              handshakes.push(performance.now() - started);
              resolve(socket);
            });
            socket.once("error", reject);
          }),
      ),
    );
    const connectMs = performance.now() - t0;
    const registered = (await gateway.host.registry()).connections.length;

    const t1 = performance.now();
    await Promise.all(
      sockets.map((socket) => {
        const done = waitFor(socket, (f) => f.type === "subscribed");
        socket.send(JSON.stringify({ action: "subscribe", topic: "bench" }));
        return done;
      }),
    );
    const subscribeMs = performance.now() - t1;

    const arrivals = sockets.map((socket) => waitFor(socket, (f) => f.type === "message"));
    const t2 = performance.now();
    sockets[0]!.send(JSON.stringify({ action: "publish", topic: "bench", payload: { at: Date.now() } }));
    const received = (await Promise.all(arrivals)).map((t) => t - t2).sort((a, b) => a - b);

    handshakes.sort((a, b) => a - b);
    console.log(`\n${provider}: ${count} concurrent WebSocket connections on one gateway (registry holds ${registered})`);
    console.log(`  connect all           ${ms(connectMs)}  (${(count / (connectMs / 1000)).toFixed(0)} connections/s; handshake p50 ${ms(percentile(handshakes, 50))}, p95 ${ms(percentile(handshakes, 95))}, max ${ms(handshakes[handshakes.length - 1]!)})`);
    console.log(`  subscribe all         ${ms(subscribeMs)}`);
    console.log(`  broadcast to all      ${ms(received[received.length - 1]!)}  (first arrival ${ms(received[0]!)}, p50 ${ms(percentile(received, 50))}, p95 ${ms(percentile(received, 95))})`);
    for (const socket of sockets) socket.terminate();
  } finally {
    await gateway.close();
  }
}

async function main(): Promise<void> {
  const count = Number(arg("connections", "1000"));
  const providers = (arg("provider", "aws,azure").split(",") as LocalProvider[]).filter((p) => p === "aws" || p === "azure");
  console.log(`node ${process.version}, ${require("os").cpus().length} CPUs; gateway, function processes and clients on this machine`);
  for (const provider of providers) await bench(provider, count);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * The HTTP + WebSocket client on Node behind application/verify's Transport port: fetch for HTTP,
 * `ws` for WebSockets. Used by `verify`, `deploy --verify` and `invoke` (CLI and API); `ws` is
 * loaded only when a transport is made, so registering the commands stays light.
 */
import type { SocketOpening, SocketSession, Transport } from "../../application/verify/contract";

/** The suite's transport on Node: fetch for HTTP, `ws` for WebSockets. */
export function nodeTransport(): Transport {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const WebSocket = require("ws") as typeof import("ws");
  return {
    async http(request) {
      const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(request.timeoutMs ?? 30_000) });
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
      return { status: res.status, headers, body: await res.text() };
    },
    openSocket(url, protocols, headers) {
      return new Promise<SocketOpening>((resolve) => {
        const socket = new WebSocket(url, protocols ? [...protocols] : undefined, { handshakeTimeout: 15_000, ...(headers ? { headers: { ...headers } } : {}) });
        socket.once("open", () => resolve({ ok: true, session: session(socket) }));
        socket.once("unexpected-response", (_req, res) => {
          resolve({ ok: false, status: res.statusCode, reason: `HTTP ${res.statusCode}` });
          socket.terminate();
        });
        socket.once("error", (error) => resolve({ ok: false, reason: error.message }));
      });
    },
  };
}

function session(socket: import("ws")): SocketSession {
  const frames: unknown[] = [];
  let closed: { code: number; reason: string } | undefined;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  socket.on("message", (data) => {
    const text = data.toString();
    try {
      frames.push(JSON.parse(text));
    } catch {
      frames.push(text);
    }
    notify();
  });
  socket.on("close", (code, reason) => {
    closed = { code, reason: reason.toString() };
    notify();
  });
  socket.on("error", () => undefined);
  const wait = <T>(probe: () => T | undefined, timeoutMs: number, onTimeout: () => T | Error): Promise<T> =>
    new Promise((resolve, reject) => {
      // Runs inside the socket's event handlers: it must never throw there.
      const check = () => {
        let value: T | undefined;
        try {
          value = probe();
        } catch (error) {
          finish();
          reject(error as Error);
          return;
        }
        if (value === undefined) return;
        finish();
        resolve(value);
      };
      const timer = setTimeout(() => {
        finish();
        const outcome = onTimeout();
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      }, timeoutMs);
      const waiter = () => check();
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(waiter);
      };
      waiters.add(waiter);
      check();
    });
  return {
    send: (text) => socket.send(text),
    next: (predicate, timeoutMs) =>
      wait(
        () => {
          const found = frames.find(predicate);
          if (found !== undefined) return found;
          if (closed) throw new Error(`the connection closed (${closed.code} ${closed.reason}) before the expected frame; received ${JSON.stringify(frames).slice(0, 300)}`);
          return undefined;
        },
        timeoutMs,
        () => new Error(`no expected frame within ${timeoutMs} ms; received ${JSON.stringify(frames).slice(0, 300)}`),
      ),
    closed: (timeoutMs) => wait(() => closed, timeoutMs, () => undefined as unknown as { code: number; reason: string }).then((c) => c ?? undefined),
    close: () => socket.close(1000),
  };
}

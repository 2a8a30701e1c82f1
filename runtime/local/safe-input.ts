/**
 * The one way the local gateway reads untrusted request input: URLs, percent-encoded segments,
 * header and query names. Nothing here throws, and maps keyed by what a client sent have no
 * prototype, so names such as `__proto__`, `constructor` or `toString` are plain keys
 * (issue 14: each of these used to kill `semantest-iac dev`).
 */
import type { IncomingMessage, Server, ServerResponse } from "http";
import type { Duplex } from "stream";

/** A record with no prototype: `record["__proto__"] = x` stores a key instead of changing the prototype. */
export type SafeRecord<T> = Record<string, T>;

export function safeRecord<T>(): SafeRecord<T> {
  return Object.create(null) as SafeRecord<T>;
}

/** Appends `value` to the list under `key` (the multi-value maps of headers and query strings). */
export function appendValue(record: SafeRecord<string[]>, key: string, value: string): void {
  const list = Object.prototype.hasOwnProperty.call(record, key) ? record[key]! : (record[key] = []);
  list.push(value);
}

/** The request target as a URL, or undefined when it is not one (e.g. `GET http://[ HTTP/1.1`). */
export function requestUrl(raw: string | undefined): URL | undefined {
  try {
    return new URL(raw ?? "/", "http://localhost");
  } catch {
    return undefined;
  }
}

/** `decodeURIComponent` that answers undefined for bad or truncated escapes (`%ZZ`, `%E0%A4%A`). */
export function decodeSegment(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The `Host` header when it can be the authority of a URL, otherwise `fallback`. */
export function safeHost(host: string | undefined, fallback = "localhost"): string {
  if (!host) return fallback;
  if (!/^[A-Za-z0-9._~\-[\]:]{1,255}$/.test(host)) return fallback;
  try {
    new URL(`http://${host}/`);
    return host;
  } catch {
    return fallback;
  }
}

/** Answers a JSON error unless an answer was already started; never throws (the socket may be gone). */
export function answerError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  try {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify({ message }));
  } catch {
    res.destroy();
  }
}

/** Refuses a WebSocket upgrade with a status line; never throws. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, body = JSON.stringify({ message: reason })): void {
  try {
    if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${reason.replace(/[\r\n]/g, " ")}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n${body}`);
  } catch {
    socket.destroy();
  }
}

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * A request listener that cannot take the process down: a throw or a rejected promise becomes a
 * 500 (the specific error paths answer 4xx before they get here); a request whose body stream
 * fails (the client closed mid-upload) only ends that request.
 */
export function guardRequests(listener: Listener, onError?: (error: unknown) => void): Listener {
  return (req, res) => {
    req.on("error", () => undefined);
    res.on("error", () => undefined);
    const fail = (error: unknown) => {
      onError?.(error);
      answerError(res, 500, "Internal Server Error");
    };
    try {
      const result = listener(req, res);
      if (result && typeof (result as Promise<unknown>).then === "function") (result as Promise<unknown>).then(undefined, fail);
    } catch (error) {
      fail(error);
    }
  };
}

/** Same for `upgrade` listeners: a throw refuses the handshake with 500 instead of crashing. */
export function guardUpgrades(server: Server, listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => unknown, onError?: (error: unknown) => void): void {
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => undefined);
    const fail = (error: unknown) => {
      onError?.(error);
      refuseUpgrade(socket, 500, "Internal Server Error");
    };
    try {
      const result = listener(req, socket, head);
      if (result && typeof (result as Promise<unknown>).then === "function") (result as Promise<unknown>).then(undefined, fail);
    } catch (error) {
      fail(error);
    }
  });
}

/** Malformed request lines and headers get a 400 and the socket is closed (Node's own parser errors). */
export function answerClientErrors(server: Server): void {
  server.on("clientError", (_error: Error, socket: Duplex) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{\"message\":\"Bad Request\"}");
    else socket.destroy();
  });
}

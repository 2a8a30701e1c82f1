/**
 * The plain local host of a WebSocket app (DESIGN §9's "local (`ws`)" adapter): no cloud emulation,
 * just `ws` and the in-memory `Connections` registry. `onConnect` decides the handshake,
 * `onConnected` runs once the connection is open and before its first message (the greeting),
 * frames go to `onMessage` one at a time per connection, `onDisconnect` runs after the registry
 * forgets the connection, with the close code and reason. Each connection keeps its own `state`
 * (in memory here), written in `onConnect` / `onMessage` only, as on the cloud hosts.
 * For tests ("one app, three hosts") and for hosting the app in a plain Node server.
 */
import { guardUpgrades, refuseUpgrade, requestUrl, safeRecord } from "./safe-input";
import { randomUUID } from "crypto";
import type { IncomingMessage, Server } from "http";
import type { Duplex } from "stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { MemoryConnections } from "../../app/websocket/memory-connections";
import type { ConnectionContext, WebSocketApp } from "../../app/websocket/port";
import { InvocationState } from "../shared/connection-state";

export interface LocalWebSocketHostOptions {
  /** Only upgrades on this path are taken. @default "/" */
  readonly path?: string;
  /** Largest message; bigger ones close the connection with 1009. @default 1 MB */
  readonly maxMessageBytes?: number;
  readonly onError?: (where: string, connectionId: string, error: unknown) => void;
}

export class LocalWebSocketHost {
  readonly connections = new MemoryConnections();
  private readonly wss: WebSocketServer;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly app: WebSocketApp,
    private readonly options: LocalWebSocketHostOptions = {},
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 1024 * 1024, perMessageDeflate: false });
  }

  attach(server: Server): void {
    guardUpgrades(server, (req, socket, head) => {
      if (!this.handleUpgrade(req, socket, head)) refuseUpgrade(socket, 404, "Not Found");
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = requestUrl(req.url);
    if (!url || url.pathname !== (this.options.path ?? "/")) return false;
    socket.on("error", () => undefined);
    const connectionId = randomUUID();
    const query = safeRecord<string>(); // names are the client's (`__proto__` included)
    for (const [key, value] of url.searchParams) query[key] = value;
    const context: ConnectionContext = { connectionId, connections: this.connections, query };
    const stored: { value: Record<string, unknown> } = { value: {} };
    const state = new InvocationState(async () => ({ ...stored.value }));
    void this.app.onConnect({ ...context, state }).then(
      (decision) => {
        if (!decision.accept) return void socket.end(`HTTP/1.1 ${decision.status} Refused\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${decision.reason}`);
        stored.value = state.changed() ?? stored.value;
        this.wss.handleUpgrade(req, socket, head, (ws) => this.opened(ws, context, stored));
      },
      (error) => {
        this.options.onError?.("onConnect", connectionId, error);
        socket.end("HTTP/1.1 500 Internal Server Error\r\nconnection: close\r\n\r\n");
      },
    );
    return true;
  }

  /** The context of one invocation: a fresh view of the connection's state, stored back after the handler when it changed. */
  private async invoke(context: ConnectionContext, stored: { value: Record<string, unknown> }, readOnlyIn: string | undefined, handler: (context: ConnectionContext) => Promise<void>): Promise<void> {
    const state = new InvocationState(async () => ({ ...stored.value }), readOnlyIn);
    await handler({ ...context, state });
    stored.value = state.changed() ?? stored.value;
  }

  private opened(ws: WebSocket, context: ConnectionContext, stored: { value: Record<string, unknown> }): void {
    const { connectionId } = context;
    this.connections.register(connectionId, {
      send: (data) =>
        new Promise<void>((resolve, reject) => {
          if (ws.readyState !== ws.OPEN) return reject(new Error("closed"));
          ws.send(data, (error) => (error ? reject(error) : resolve()));
        }),
      close: (reason) => ws.close(1000, reason),
    });
    // The greeting goes first: every message of this connection waits behind onConnected.
    const onConnected = this.app.onConnected?.bind(this.app);
    let queue = onConnected
      ? this.invoke(context, stored, "onConnected", (c) => onConnected(c)).catch((error) => this.options.onError?.("onConnected", connectionId, error))
      : Promise.resolve();
    ws.on("error", () => undefined);
    ws.on("message", (data: RawData) => {
      const text = (Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[])).toString("utf8");
      queue = queue.then(() => this.invoke(context, stored, undefined, (c) => this.app.onMessage(c, text)).catch((error) => this.options.onError?.("onMessage", connectionId, error)));
    });
    ws.on("close", (code: number, reason: Buffer) => {
      this.connections.unregister(connectionId);
      const closed = { ...context, code, reason: reason.toString("utf8") };
      const done = queue.then(() => this.invoke(closed, stored, "onDisconnect", (c) => this.app.onDisconnect(c)).catch((error) => this.options.onError?.("onDisconnect", connectionId, error)));
      this.pending.add(done);
      void done.finally(() => this.pending.delete(done));
    });
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.close(1001, "Going away");
    await Promise.allSettled([...this.pending]);
    this.wss.close();
  }
}

/**
 * The plain local host of a WebSocket app (DESIGN §9's "local (`ws`)" adapter): no cloud emulation,
 * just `ws` and the in-memory `Connections` registry. `onConnect` decides the handshake, frames go
 * to `onMessage` one at a time per connection, `onDisconnect` runs after the registry forgets the
 * connection. For tests ("one app, three hosts") and for hosting the app in a plain Node server.
 */
import { guardUpgrades, refuseUpgrade, requestUrl, safeRecord } from "./safe-input";
import { randomUUID } from "crypto";
import type { IncomingMessage, Server } from "http";
import type { Duplex } from "stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { MemoryConnections } from "../../app/websocket/memory-connections";
import type { ConnectionContext, WebSocketApp } from "../../app/websocket/port";

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
    void this.app.onConnect(context).then(
      (decision) => {
        if (!decision.accept) return void socket.end(`HTTP/1.1 ${decision.status} Refused\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${decision.reason}`);
        this.wss.handleUpgrade(req, socket, head, (ws) => this.opened(ws, context));
      },
      (error) => {
        this.options.onError?.("onConnect", connectionId, error);
        socket.end("HTTP/1.1 500 Internal Server Error\r\nconnection: close\r\n\r\n");
      },
    );
    return true;
  }

  private opened(ws: WebSocket, context: ConnectionContext): void {
    const { connectionId } = context;
    this.connections.register(connectionId, {
      send: (data) =>
        new Promise<void>((resolve, reject) => {
          if (ws.readyState !== ws.OPEN) return reject(new Error("closed"));
          ws.send(data, (error) => (error ? reject(error) : resolve()));
        }),
      close: (reason) => ws.close(1000, reason),
    });
    let queue = Promise.resolve();
    ws.on("error", () => undefined);
    ws.on("message", (data: RawData) => {
      const text = (Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[])).toString("utf8");
      queue = queue.then(() => this.app.onMessage(context, text).catch((error) => this.options.onError?.("onMessage", connectionId, error)));
    });
    ws.on("close", () => {
      this.connections.unregister(connectionId);
      const done = queue.then(() => this.app.onDisconnect(context).catch((error) => this.options.onError?.("onDisconnect", connectionId, error)));
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

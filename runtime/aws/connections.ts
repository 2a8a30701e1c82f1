/**
 * The `Connections` port (app/websocket/port.ts) on API Gateway: frames go out through the
 * `@connections` management API, the registry lives in DynamoDB. A connection that answers
 * 410 Gone is dropped from the registry, never reported as an error.
 */
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import type { BroadcastOptions, BroadcastResult, Connections } from "../../app/websocket/port";
import { forEachLimited } from "./pool";
import type { ConnectionRegistry } from "./registry";

/** API Gateway WebSocket message payload limit: 128 KB (WebSocket API quotas). */
export const MAX_MESSAGE_BYTES = 128 * 1024;
/** In-flight PostToConnection calls per broadcast: enough to overlap latency, far under the API's rate limit. */
export const DEFAULT_BROADCAST_CONCURRENCY = 50;

export class MessageTooLargeError extends Error {
  readonly code = "MESSAGE_TOO_LARGE" as const;
}

export interface ApiGatewayConnectionsOptions {
  readonly client: ApiGatewayManagementApiClient;
  readonly registry: ConnectionRegistry;
  readonly concurrency?: number;
}

export class ApiGatewayConnections implements Connections {
  private readonly client: ApiGatewayManagementApiClient;
  private readonly registry: ConnectionRegistry;
  private readonly concurrency: number;

  constructor(options: ApiGatewayConnectionsOptions) {
    this.client = options.client;
    this.registry = options.registry;
    this.concurrency = options.concurrency ?? DEFAULT_BROADCAST_CONCURRENCY;
  }

  async send(connectionId: string, data: string): Promise<void> {
    await this.post(connectionId, encode(data));
  }

  async broadcast(data: string, options: BroadcastOptions = {}): Promise<BroadcastResult> {
    const bytes = encode(data);
    const except = new Set(options.except ?? []);
    const targets = (await this.registry.members(options.topic)).filter((id) => !except.has(id));
    let delivered = 0;
    let gone = 0;
    await forEachLimited(targets, this.concurrency, async (id) => {
      try {
        if (await this.post(id, bytes)) delivered++;
        else gone++;
      } catch (error) {
        // One failing connection (throttled, 5xx) must not stop the others from getting the frame.
        console.error(JSON.stringify({ level: "error", message: "broadcast to a connection failed", connectionId: id, error: String(error) }));
      }
    });
    return { delivered, gone };
  }

  async close(connectionId: string): Promise<void> {
    try {
      await this.client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    } catch (error) {
      if (!isGone(error)) throw error;
    }
    await this.registry.remove(connectionId);
  }

  subscribe(connectionId: string, topic: string): Promise<void> {
    return this.registry.subscribe(connectionId, topic);
  }

  unsubscribe(connectionId: string, topic: string): Promise<void> {
    return this.registry.unsubscribe(connectionId, topic);
  }

  /** true = delivered; false = the connection is gone (and now out of the registry). */
  private async post(connectionId: string, bytes: Uint8Array): Promise<boolean> {
    try {
      await this.client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: bytes }));
      return true;
    } catch (error) {
      if (!isGone(error)) throw error;
      await this.registry.remove(connectionId);
      return false;
    }
  }
}

function encode(data: string): Uint8Array {
  const bytes = Buffer.from(data, "utf8");
  if (bytes.length > MAX_MESSAGE_BYTES) {
    throw new MessageTooLargeError(`a frame of ${bytes.length} bytes is above API Gateway's ${MAX_MESSAGE_BYTES}-byte WebSocket message limit`);
  }
  return bytes;
}

/** 410 Gone: the client disconnected (GoneException in the management API reference). */
export function isGone(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === "GoneException" || e?.$metadata?.httpStatusCode === 410;
}

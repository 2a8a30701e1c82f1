/**
 * The WebSocket app's ports (DESIGN §9). An app is written once against these and runs unchanged
 * on API Gateway WebSocket APIs (runtime/aws), Azure Web PubSub (runtime/azure) and the local
 * gateway (runtime/local). Topics are the app's pub/sub groups: API Gateway keeps them in the
 * DynamoDB connection registry, Web PubSub maps them to groups.
 */

/** What the app can do to connections; each host implements it with its own service. */
export interface Connections {
  /** Sends one frame to one connection. A connection that is gone is dropped from the registry, not an error. */
  send(connectionId: string, data: string): Promise<void>;
  /** Sends one frame to every connection, or to a topic's subscribers; returns how many got it. */
  broadcast(data: string, options?: BroadcastOptions): Promise<BroadcastResult>;
  /** Closes a connection from the server side. */
  close(connectionId: string, reason?: string): Promise<void>;
  /** Adds a connection to a topic. */
  subscribe(connectionId: string, topic: string): Promise<void>;
  /** Removes a connection from a topic. */
  unsubscribe(connectionId: string, topic: string): Promise<void>;
}

export interface BroadcastOptions {
  /** Only the topic's subscribers; absent = every connection. */
  readonly topic?: string;
  /** Connection ids to leave out (e.g. the sender). */
  readonly except?: readonly string[];
}

export interface BroadcastResult {
  readonly delivered: number;
  /** Connections found gone while sending, and removed from the registry. */
  readonly gone: number;
}

/** One event's view of the connection it concerns. */
export interface ConnectionContext {
  readonly connectionId: string;
  readonly connections: Connections;
  /** Query string of the connect request (API Gateway `queryStringParameters`, Web PubSub `query`). */
  readonly query: Readonly<Record<string, string | undefined>>;
  /** Request id for logs, when the host has one. */
  readonly requestId?: string;
}

/** What `onConnect` decides: accept, or refuse with an HTTP status (401, 403, 429...). */
export type ConnectDecision = { readonly accept: true } | { readonly accept: false; readonly status: number; readonly reason: string };

/** The app: three handlers. Errors thrown here become error frames / 500s in the host, never crashes. */
export interface WebSocketApp {
  onConnect(context: ConnectionContext): Promise<ConnectDecision>;
  /** `data` is the frame as text, exactly as the client sent it (the app parses it). */
  onMessage(context: ConnectionContext, data: string): Promise<void>;
  onDisconnect(context: ConnectionContext): Promise<void>;
}

/**
 * What a REST app may do to WebSocket connections: push to one, broadcast to a topic, close one.
 * Every host wires exactly these (and grants exactly what they need: no subscribe from REST).
 */
export type PushConnections = Pick<Connections, "send" | "broadcast" | "close">;

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

/**
 * A connection's own state, kept by the host across invocations: the registry item on API Gateway,
 * the connection state (`ce-connectionState`) on Web PubSub. Small JSON values only (Web PubSub
 * carries it in a header on every event; keep it under a few KB).
 */
export interface ConnectionState {
  /** The state as last written; `{}` for a new connection. */
  get(): Promise<Readonly<Record<string, unknown>>>;
  /**
   * Merges `values` into the state (a key set to `undefined` is removed). Writable in `onConnect`
   * and `onMessage` only: Web PubSub applies state from the answers to those events alone, so
   * every host refuses a write in `onConnected` / `onDisconnect` (StateNotWritableError).
   */
  set(values: Readonly<Record<string, unknown>>): Promise<void>;
}

export class StateNotWritableError extends Error {
  readonly code = "STATE_NOT_WRITABLE" as const;
  constructor(event: string) {
    super(`connection state cannot be written in ${event}; write it in onConnect or onMessage`);
  }
}

/** One event's view of the connection it concerns. */
export interface ConnectionContext {
  readonly connectionId: string;
  readonly connections: Connections;
  /** Query string of the connect request (API Gateway `queryStringParameters`, Web PubSub `query`). */
  readonly query: Readonly<Record<string, string | undefined>>;
  /** Request id for logs, when the host has one. */
  readonly requestId?: string;
  /**
   * Who connected, from the verified token when the component has auth (API Gateway: the `$connect`
   * authorizer's context; Web PubSub: the userId negotiate put in the client token); absent otherwise.
   */
  readonly userId?: string;
  /** The connection's state across invocations (every cloud host provides it). */
  readonly state?: ConnectionState;
}

/** `onDisconnect`'s context: why the connection closed, when the host knows. */
export interface DisconnectContext extends ConnectionContext {
  /** The close reason (API Gateway `disconnectReason`, Web PubSub's `reason`). */
  readonly reason?: string;
  /** The WebSocket close code, when the host reports it (API Gateway `disconnectStatusCode`). */
  readonly code?: number;
}

/** What `onConnect` decides: accept, or refuse with an HTTP status (401, 403, 429...). */
export type ConnectDecision = { readonly accept: true } | { readonly accept: false; readonly status: number; readonly reason: string };

/** The app: three handlers and an optional fourth. Errors thrown here become error frames / 500s in the host, never crashes. */
export interface WebSocketApp {
  onConnect(context: ConnectionContext): Promise<ConnectDecision>;
  /**
   * After the connection is open, before any message of it reaches `onMessage`: the place to greet.
   * (`onConnect` cannot send: the connection does not exist until it answers.) Web PubSub calls it
   * on its `connected` event; API Gateway has no such event, so the AWS host calls it once, on the
   * connection's first message, before `onMessage` (see docs/app.md).
   */
  onConnected?(context: ConnectionContext): Promise<void>;
  /** `data` is the frame as text, exactly as the client sent it (the app parses it). */
  onMessage(context: ConnectionContext, data: string): Promise<void>;
  onDisconnect(context: DisconnectContext): Promise<void>;
}

/**
 * What a REST app may do to WebSocket connections: push to one, broadcast to a topic, close one.
 * Every host wires exactly these (and grants exactly what they need: no subscribe from REST).
 */
export type PushConnections = Pick<Connections, "send" | "broadcast" | "close">;

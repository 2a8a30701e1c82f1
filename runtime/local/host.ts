/** What the gateway needs from a cloud's local host (runtime/local/aws, runtime/local/azure). */
import type { IncomingMessage, Server, ServerResponse } from "http";
import type { RestApiSettings, WebSocketSettings } from "../../domain";
import type { GatewayLog } from "./log";

/** The two components as a stack configures them (entry, variables, memory, timeouts). */
export interface LocalComponents {
  readonly restApi: RestApiSettings;
  readonly websocket: WebSocketSettings;
}

export interface HostContext {
  readonly projectDir: string;
  /** Scratch space inside the project (extracted artifacts), e.g. `.semantest/local`. */
  readonly workDir: string;
  readonly log: GatewayLog;
  /** Base URL of the REST server, e.g. `http://127.0.0.1:3000`. */
  readonly restBaseUrl: string;
  /** Base URL of the WebSocket server (http scheme), e.g. `http://127.0.0.1:3001`. */
  readonly webSocketBaseUrl: string;
  /** WebSocket idle timeout in seconds (API Gateway: 600). */
  readonly idleTimeoutSeconds?: number;
  /** The components' settings from a stack (`dev --env`). @default the dev environment's defaults on the host's provider */
  readonly components?: LocalComponents;
  /** Build and serve only this component (the other one runs on the other cloud's host). @default both */
  readonly only?: "rest-api" | "websocket";
  /** The REST function's push settings (runtime/shared/push-contract.ts) when the WebSocket server runs on another host. @default this host's */
  readonly restPushEnv?: Readonly<Record<string, string>>;
  /**
   * A release in progress: the previous and the new version side by side, the new one taking
   * `weight` of invocations (REST) and of new connections (WebSocket), drawn with `seed`
   * (runtime/local/aws/alias.ts). @default no split
   */
  readonly traffic?: { readonly weight: number; readonly seed?: number };
}

/** What the browser page needs to connect. */
export interface PageConfig {
  readonly provider: "aws" | "azure";
  /** A URL to connect to directly (AWS), or undefined when the page must negotiate first (Azure). */
  readonly webSocketUrl?: string;
  /** Azure: the negotiate URL returning `{ url }` with an access token. */
  readonly negotiateUrl?: string;
}

export interface ProviderHost {
  /** The REST API's request listener (HTTP API / Function App). */
  handleRest(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
  /** Serves the WebSocket endpoint and its management/service API on the WebSocket server. */
  attachWebSocket(server: Server): void;
  /** Plain HTTP requests on the WebSocket server (management API); false = not handled. */
  handleWebSocketHttp(req: IncomingMessage, res: ServerResponse): boolean;
  /** Rebuilds the artifacts and swaps the function processes; open WebSocket connections stay. */
  reload(): Promise<void>;
  /** Connection ids in the registry (DynamoDB table / Web PubSub service), for diagnostics and tests. */
  registry(): Promise<{ connections: string[]; topics: Record<string, string[]> }>;
  readonly page: PageConfig;
  /** Printed at start: name -> URL. */
  readonly urls: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * The two sides of a push, each run from the bundled artifacts the program deploys:
 *
 * - WebSocket side: on AWS the bundled WebSocket Lambda against dynalite and a local
 *   `@connections` recorder; on Azure the bundled WebSocket Function App driven by the Web PubSub
 *   fake (tests/azure/support). A client connects and subscribes with the relay's frame.
 * - REST side: the bundled REST Lambda (payload 2.0 events) or the bundled REST Function App
 *   (real HTTP), with the environment the program gives it (components/push).
 */
import { createHmac } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";
import { loadBundledHandler, withEnv } from "../../aws/bundled";
import { connectEvent, httpEvent, messageEvent } from "../../aws/fixtures";
import { createConnectionsTable, startDynalite, type LocalDynamo } from "../../aws/local-aws";
import { startFunctionApp, type FunctionApp } from "../../azure/support/functions-host";
import { ACCESS_KEY, FakeWebPubSub } from "../../azure/support/web-pubsub-fake";
import { sigV4KeyId } from "./recorders";

export const HUB = "semantest";
export const TABLE = "push-connections";

export interface WebSocketSide {
  /** The REST function's push settings pointing at this side (what components/push sets), minus credentials. */
  readonly pushEnv: Record<string, string>;
  connect(connectionId: string): Promise<void>;
  subscribe(connectionId: string, topic: string): Promise<void>;
  /** Frames the client received, parsed, in order. */
  frames(connectionId: string): unknown[];
  close(): Promise<void>;
}

export interface ConnectionsRecorder {
  readonly url: string;
  readonly frames: { connectionId: string; data: string; keyId?: string }[];
  close(): Promise<void>;
}

/** API Gateway's `@connections` POST/DELETE, recording each frame with the access key id that signed it. */
export async function startConnectionsRecorder(): Promise<ConnectionsRecorder> {
  const frames: ConnectionsRecorder["frames"] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const match = /\/@connections\/([^/?]+)$/.exec(req.url ?? "");
      if (!match) return void res.writeHead(404).end();
      if (req.method === "POST") frames.push({ connectionId: decodeURIComponent(match[1]), data: Buffer.concat(chunks).toString("utf8"), keyId: sigV4KeyId(req.headers.authorization) });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    frames,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

type WsHandler = (event: unknown) => Promise<{ statusCode: number; body?: string }>;

/** `extraEnv` lands before the WebSocket Lambda loads (e.g. its own fake credentials). */
export async function awsWebSocketSide(extraEnv: Record<string, string> = {}, entry?: string): Promise<WebSocketSide & { readonly recorder: ConnectionsRecorder; readonly dynamo: LocalDynamo; readonly handler: WsHandler }> {
  const dynamo = await startDynalite();
  const recorder = await startConnectionsRecorder();
  await createConnectionsTable(dynamo, TABLE);
  const restore = withEnv({
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIAWEBSOCKETROLE000",
    AWS_SECRET_ACCESS_KEY: "websocket-role-secret",
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    CONNECTIONS_TABLE: TABLE,
    SEMANTEST_MANAGEMENT_ENDPOINT: recorder.url,
    ...extraEnv,
  });
  const { handler } = await loadBundledHandler<WsHandler>("websocket", entry);
  return {
    recorder,
    dynamo,
    handler,
    pushEnv: { SEMANTEST_PUSH_PROVIDER: "aws", SEMANTEST_PUSH_ENDPOINT: recorder.url, SEMANTEST_PUSH_TABLE: TABLE, SEMANTEST_PUSH_REGION: "us-east-1" },
    async connect(id) {
      const result = await handler(connectEvent(id));
      if (result.statusCode !== 200) throw new Error(`connect ${id}: ${result.statusCode}`);
    },
    async subscribe(id, topic) {
      await handler(messageEvent(id, JSON.stringify({ action: "subscribe", topic })));
    },
    frames: (id) => recorder.frames.filter((f) => f.connectionId === id).map((f) => JSON.parse(f.data) as unknown),
    async close() {
      restore();
      await recorder.close();
      await dynamo.close();
    },
  };
}

export async function azureWebSocketSide(entry?: string, service: FakeWebPubSub = new FakeWebPubSub(HUB)): Promise<WebSocketSide & { readonly service: FakeWebPubSub; readonly host: FunctionApp }> {
  await service.start();
  const host = await startFunctionApp("websocket", entry, { WEBPUBSUB_CONNECTION_STRING: service.connectionString, WEBPUBSUB_HUB: HUB });
  service.setEventHandler(`${host.url}/webpubsub/events`);
  return {
    service,
    host,
    pushEnv: { SEMANTEST_PUSH_PROVIDER: "azure", SEMANTEST_PUSH_ENDPOINT: service.endpoint, SEMANTEST_PUSH_HUB: HUB },
    async connect(id) {
      const result = await service.connect(id);
      if (result.status !== 200) throw new Error(`connect ${id}: ${result.status}`);
    },
    async subscribe(id, topic) {
      await service.message(id, JSON.stringify({ action: "subscribe", topic }));
    },
    frames: (id) => service.framesFor(id),
    async close() {
      await host.close();
      await service.stop();
    },
  };
}

export interface RestSide {
  dispatch(body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

type RestHandler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body?: string }>;

/** The bundled REST Lambda; `env` is set before it loads and kept until close. */
export async function awsRestSide(env: Record<string, string>): Promise<RestSide> {
  const restore = withEnv(env);
  const { handler } = await loadBundledHandler<RestHandler>("rest-api");
  const context = { awsRequestId: "req-push", functionName: "rest-api-function", getRemainingTimeInMillis: () => 10000 };
  return {
    async dispatch(body) {
      const result = await handler(httpEvent("POST", "/api/automation/dispatch", { body: JSON.stringify(body), headers: { "content-type": "application/json" } }), context);
      return { status: result.statusCode, body: JSON.parse(result.body ?? "{}") as Record<string, unknown> };
    },
    close: async () => restore(),
  };
}

/** The bundled REST Function App on real HTTP. */
export async function azureRestSide(env: Record<string, string>): Promise<RestSide> {
  const restore = withEnv(env);
  const host = await startFunctionApp("rest-api", undefined, {});
  return {
    async dispatch(body) {
      const response = await fetch(`${host.url}/api/automation/dispatch`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async close() {
      await host.close();
      restore();
    },
  };
}

/** An HS256 JWT signed with the Web PubSub fake's access key: what the fake accepts as an Entra token. */
export function webPubSubToken(audience: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const head = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ aud: audience, exp: Math.floor(Date.now() / 1000) + 3600, oid: "rest-function-identity" })}`;
  return `${head}.${createHmac("sha256", ACCESS_KEY).update(head).digest("base64url")}`;
}

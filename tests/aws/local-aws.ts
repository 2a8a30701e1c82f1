/**
 * Local stand-ins for the AWS endpoints the handlers talk to: dynalite (a DynamoDB implementation)
 * and an HTTP server implementing API Gateway's `@connections` POST / DELETE, so the real AWS SDK
 * v3 clients run unchanged against them. Ports are free ports; `close()` stops both.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";

export interface Frame {
  readonly connectionId: string;
  readonly data: string;
}

export interface ConnectionsServer {
  readonly url: string;
  /** Frames posted, in order. */
  readonly frames: Frame[];
  readonly deleted: string[];
  /** Connection ids that answer 410 Gone. */
  readonly gone: Set<string>;
  close(): Promise<void>;
}

/** `latencyMs` delays every answer (a stand-in for the network round trip to API Gateway, in benchmarks). */
export async function startConnectionsServer(latencyMs = 0): Promise<ConnectionsServer> {
  const frames: Frame[] = [];
  const deleted: string[] = [];
  const gone = new Set<string>();
  const server = http.createServer((req, res) => {
    const match = /\/@connections\/([^/?]+)$/.exec(req.url ?? "");
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => (latencyMs > 0 ? setTimeout(answer, latencyMs) : answer()));
    const answer = () => {
      if (!match) return void res.writeHead(404).end();
      const id = decodeURIComponent(match[1]);
      if (gone.has(id)) {
        res.writeHead(410, { "content-type": "application/json", "x-amzn-errortype": "GoneException" });
        return void res.end(JSON.stringify({ message: "Gone" }));
      }
      if (req.method === "POST") frames.push({ connectionId: id, data: Buffer.concat(chunks).toString("utf8") });
      else if (req.method === "DELETE") deleted.push(id);
      else return void res.writeHead(405).end();
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    };
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    frames,
    deleted,
    gone,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export interface LocalDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

export async function startDynalite(): Promise<LocalDynamo> {
  const dynalite = require("dynalite") as (options: Record<string, unknown>) => http.Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "fake", secretAccessKey: "fake" } });
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The connections table as components/aws/websocket.ts declares it (pk/sk strings). */
export async function createConnectionsTable(dynamo: LocalDynamo, tableName: string): Promise<void> {
  await dynamo.client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }],
    }),
  );
}

/** Environment for the bundled handlers: fake credentials and the local endpoints. */
export function localAwsEnv(dynamo: LocalDynamo, connections: ConnectionsServer, tableName: string): Record<string, string> {
  return {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "fake",
    AWS_SECRET_ACCESS_KEY: "fake",
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    CONNECTIONS_TABLE: tableName,
    SEMANTEST_MANAGEMENT_ENDPOINT: connections.url,
  };
}

/**
 * DynamoDB on this machine: dynalite (an in-memory implementation of the DynamoDB API) with the
 * connections table the stack declares (string keys `pk`/`sk`, on-demand). dynalite has no
 * UpdateTimeToLive, so items do not expire locally; the registry filters expired items on read.
 */
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import type { Server } from "http";
import type { AddressInfo } from "net";

export interface LocalDynamoDb {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

export async function startDynalite(host = "127.0.0.1"): Promise<LocalDynamoDb> {
  // dynalite ships no types; it returns a plain Node http.Server.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require("dynalite") as (options: Record<string, unknown>) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Creates the connections table as components/aws declares it (keys `pk`, `sk`; on-demand). */
export async function createConnectionsTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 }, { TableName: tableName });
}

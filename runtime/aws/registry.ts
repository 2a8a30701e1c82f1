/**
 * The WebSocket connection registry in DynamoDB (one table, `pk`/`sk` string keys, TTL on `expiresAt`):
 *
 * | item                | pk                | sk            |
 * |---------------------|-------------------|---------------|
 * | a live connection   | `connections`     | connection id |
 * | topic -> member     | `topic#<topic>`   | connection id |
 * | member -> topic     | `member#<id>`     | topic         |
 * | `onConnected` done  | `connected`       | connection id |
 *
 * A live connection's item also holds the app's per-connection `state` (a map) and the Lambda
 * `version` that accepted it (per-connection version pinning, runtime/aws/pinning.ts).
 *
 * A broadcast is one paginated Query (never a Scan). Every item expires by TTL shortly after API
 * Gateway's 2-hour connection limit, so a missed `$disconnect` cannot leave items forever; reads
 * filter items whose TTL has passed but DynamoDB has not yet deleted (TTL deletion is lazy).
 * All connections share one partition: DynamoDB allows 1,000 writes/s per partition, i.e. about
 * 1,000 connects/s, far above Semantest's load; shard `connections` when that stops being true.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";

import { CONNECTION_TTL_SECONDS, PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from "./contract";

export { CONNECTION_TTL_SECONDS, MAX_CONNECTION_SECONDS, PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from "./contract";
const ALL = "connections";
const CONNECTED = "connected";
const topicKey = (topic: string) => `topic#${topic}`;
const memberKey = (id: string) => `member#${id}`;

export interface RegistryOptions {
  readonly tableName: string;
  /** Seconds an entry lives without a `$disconnect`. @default CONNECTION_TTL_SECONDS */
  readonly ttlSeconds?: number;
  readonly client?: DynamoDBDocumentClient;
  /** Clock in epoch milliseconds (tests). */
  readonly now?: () => number;
}

export class ConnectionRegistry {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly ttlSeconds: number;
  private readonly now: () => number;

  constructor(options: RegistryOptions) {
    this.client = options.client ?? DynamoDBDocumentClient.from(new DynamoDBClient({}));
    this.tableName = options.tableName;
    this.ttlSeconds = options.ttlSeconds ?? CONNECTION_TTL_SECONDS;
    this.now = options.now ?? Date.now;
  }

  async add(connectionId: string, state: Readonly<Record<string, unknown>> = {}, version?: string): Promise<void> {
    const extra = { connectedAt: new Date(this.now()).toISOString(), state, ...(version ? { version } : {}) };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: this.item(ALL, connectionId, extra) }));
  }

  /** The Lambda version that accepted the connection; undefined when unknown (registered before pinning, or gone). */
  async versionOf(connectionId: string): Promise<string | undefined> {
    const version = (await this.connection(connectionId))?.version;
    return typeof version === "string" ? version : undefined;
  }

  /** The live connections a version accepted (one paginated Query on the connections partition). */
  membersOfVersion(version: string): Promise<string[]> {
    return this.query(ALL, { expression: "#version = :version", names: { "#version": "version" }, values: { ":version": version } });
  }

  /** The connection's app state; `{}` when it has none or is not registered. */
  async state(connectionId: string): Promise<Record<string, unknown>> {
    return ((await this.connection(connectionId))?.state as Record<string, unknown> | undefined) ?? {};
  }

  /** Replaces the connection's app state, keeping its registration (PutItem: the function's role has no UpdateItem). */
  async putState(connectionId: string, state: Readonly<Record<string, unknown>>): Promise<void> {
    const current = await this.connection(connectionId);
    if (!current) return; // gone meanwhile: nothing to keep state for
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...current, state } }));
  }

  /** true exactly once per connection (a conditional put): whether `onConnected` is still to run. */
  async markConnected(connectionId: string): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: this.item(CONNECTED, connectionId), ConditionExpression: "attribute_not_exists(pk)" }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  private async connection(connectionId: string): Promise<Record<string, unknown> | undefined> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND sk = :sk",
        ExpressionAttributeValues: { ":pk": ALL, ":sk": connectionId },
      }),
    );
    return page.Items?.[0];
  }

  /** Removes the connection and its topic memberships. */
  async remove(connectionId: string): Promise<void> {
    const topics = await this.query(memberKey(connectionId));
    const keys = [{ pk: ALL, sk: connectionId }, { pk: CONNECTED, sk: connectionId }, ...topics.flatMap((topic) => [{ pk: memberKey(connectionId), sk: topic }, { pk: topicKey(topic), sk: connectionId }])];
    for (let i = 0; i < keys.length; i += 25) {
      // BatchWriteItem takes at most 25 requests (DynamoDB API reference).
      const batch = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      let unprocessed: Record<string, unknown[]> | undefined = { [this.tableName]: batch };
      for (let attempt = 0; unprocessed && Object.keys(unprocessed).length > 0 && attempt < 5; attempt++) {
        const result = await this.client.send(new BatchWriteCommand({ RequestItems: unprocessed as never }));
        unprocessed = result.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
    }
  }

  async subscribe(connectionId: string, topic: string): Promise<void> {
    await Promise.all([
      this.client.send(new PutCommand({ TableName: this.tableName, Item: this.item(topicKey(topic), connectionId) })),
      this.client.send(new PutCommand({ TableName: this.tableName, Item: this.item(memberKey(connectionId), topic) })),
    ]);
  }

  async unsubscribe(connectionId: string, topic: string): Promise<void> {
    await Promise.all([
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: topicKey(topic), sk: connectionId } })),
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: memberKey(connectionId), sk: topic } })),
    ]);
  }

  /** Every live connection, or a topic's subscribers. */
  members(topic?: string): Promise<string[]> {
    return this.query(topic === undefined ? ALL : topicKey(topic));
  }

  /** The topics a connection subscribed to. */
  topicsOf(connectionId: string): Promise<string[]> {
    return this.query(memberKey(connectionId));
  }

  private item(pk: string, sk: string, extra: Record<string, unknown> = {}) {
    return { [PARTITION_KEY]: pk, [SORT_KEY]: sk, [TTL_ATTRIBUTE]: Math.floor(this.now() / 1000) + this.ttlSeconds, ...extra };
  }

  private async query(pk: string, filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> }): Promise<string[]> {
    const found: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk",
          FilterExpression: filter ? `#ttl > :now AND ${filter.expression}` : "#ttl > :now",
          ExpressionAttributeNames: { "#ttl": TTL_ATTRIBUTE, ...filter?.names },
          ExpressionAttributeValues: { ":pk": pk, ":now": Math.floor(this.now() / 1000), ...filter?.values },
          ProjectionExpression: "sk",
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) found.push(item.sk as string);
      start = page.LastEvaluatedKey;
    } while (start);
    return found;
  }
}

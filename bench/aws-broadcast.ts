/**
 * Broadcast figures (prints, asserts nothing): 1,000 connections registered in DynamoDB (dynalite)
 * and subscribed to one topic; one frame to all of them through the runtime adapter
 * (ApiGatewayConnections.broadcast, bounded concurrency) against a local `@connections` endpoint,
 * next to a sequential loop of PostToConnection calls. The local endpoint answers in ~0 ms, so a
 * second round adds a fixed delay per call as a stand-in for the round trip to API Gateway.
 * Usage: npm run bench:aws  (CONNECTIONS=1000 LATENCY_MS=10 to change)
 */
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ApiGatewayConnections, DEFAULT_BROADCAST_CONCURRENCY } from "../runtime/aws/connections";
import { forEachLimited } from "../runtime/aws/pool";
import { ConnectionRegistry } from "../runtime/aws/registry";
import { createConnectionsTable, startConnectionsServer, startDynalite } from "../tests/aws/local-aws";

const COUNT = Number(process.env.CONNECTIONS ?? 1000);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 10);
const credentials = { accessKeyId: "fake", secretAccessKey: "fake" };

async function round(latencyMs: number, registry: ConnectionRegistry, ids: string[]): Promise<void> {
  const server = await startConnectionsServer(latencyMs);
  const client = new ApiGatewayManagementApiClient({ endpoint: server.url, region: "us-east-1", credentials });
  const frame = JSON.stringify({ type: "message", topic: "all", payload: { n: 1 } });
  try {
    // Warm-up (not measured): opens the client's sockets and lets the JIT settle.
    await new ApiGatewayConnections({ client, registry, concurrency: DEFAULT_BROADCAST_CONCURRENCY }).broadcast(frame, { topic: "all" });
    for (const id of ids.slice(0, 100)) await client.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from(frame) }));

    const rows: Record<string, string | number>[] = [];
    for (const concurrency of [DEFAULT_BROADCAST_CONCURRENCY, 10]) {
      const connections = new ApiGatewayConnections({ client, registry, concurrency });
      const start = process.hrtime.bigint();
      const result = await connections.broadcast(frame, { topic: "all" });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      rows.push({ way: `adapter broadcast (concurrency ${concurrency}, incl. registry query)`, delivered: result.delivered, ms: +ms.toFixed(0), "frames/s": Math.round(result.delivered / (ms / 1000)) });
    }
    const queryStart = process.hrtime.bigint();
    const members = await registry.members("all");
    const queryMs = Number(process.hrtime.bigint() - queryStart) / 1e6;
    const start = process.hrtime.bigint();
    for (const id of members) await client.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from(frame) }));
    const ms = Number(process.hrtime.bigint() - start) / 1e6 + queryMs;
    rows.push({ way: "sequential loop (same query, one call at a time)", delivered: members.length, ms: +ms.toFixed(0), "frames/s": Math.round(members.length / (ms / 1000)) });
    rows.push({ way: "  of which the registry query", delivered: members.length, ms: +queryMs.toFixed(0), "frames/s": "" });
    console.log(`\n${COUNT} connections, endpoint delay ${latencyMs} ms per call`);
    console.table(rows);
  } finally {
    client.destroy();
    await server.close();
  }
}

async function main(): Promise<void> {
  const dynamo = await startDynalite();
  try {
    await createConnectionsTable(dynamo, "bench");
    const registry = new ConnectionRegistry({ tableName: "bench", client: DynamoDBDocumentClient.from(dynamo.client) });
    const ids = Array.from({ length: COUNT }, (_, i) => `conn-${String(i).padStart(5, "0")}=`);
    const start = Date.now();
    await forEachLimited(ids, 25, async (id) => {
      await registry.add(id);
      await registry.subscribe(id, "all");
    });
    console.log(`registered ${COUNT} connections in dynalite in ${Date.now() - start} ms (node ${process.version})`);
    await round(0, registry, ids);
    if (LATENCY_MS > 0) await round(LATENCY_MS, registry, ids);
  } finally {
    await dynamo.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

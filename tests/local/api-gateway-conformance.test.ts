/**
 * Issue 19: the API Gateway WebSocket emulation of `semantest-iac dev --provider aws`, driven only
 * through a plain `ws` client and the AWS SDK's ApiGatewayManagementApiClient on the printed
 * @connections endpoint.
 */
import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, GoneException, PostToConnectionCommand } from "@aws-sdk/client-apigatewaymanagementapi";
import WebSocket from "ws";
import { Client, eventually, registry, startGatewayProcess, type GatewayProcess } from "./support";

jest.setTimeout(120_000);

let gateway: GatewayProcess;
let management: ApiGatewayManagementApiClient;

beforeAll(async () => {
  gateway = await startGatewayProcess("aws");
  const endpoint = gateway.ready.urls["@connections endpoint"]!.replace("/@connections/{connectionId}", "");
  management = new ApiGatewayManagementApiClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
});
afterAll(async () => {
  management?.destroy();
  await gateway?.stop();
});

it("refuses a client that requires a subprotocol the app's $connect does not return, as AWS does", async () => {
  const socket = new WebSocket(gateway.ready.page.webSocketUrl!, ["graphql-ws"]);
  await expect(new Promise((resolve, reject) => (socket.once("open", resolve), socket.once("error", reject)))).rejects.toThrow("Server sent no subprotocol");
  // $connect ran and registered it; its $disconnect removed it again.
  await eventually(() => registry(gateway.ready.restUrl), (r) => r.connections.length === 0);
});

it("relays frames for a plain ws client, and @connections reaches it (post, get, delete, gone)", async () => {
  const client = await Client.connect(gateway.ready.page.webSocketUrl!);
  client.send({ action: "ping" });
  await client.next((f) => f.type === "pong");
  const [id] = (await registry(gateway.ready.restUrl)).connections;
  await management.send(new PostToConnectionCommand({ ConnectionId: id!, Data: Buffer.from(JSON.stringify({ type: "from-sdk" })) }));
  await client.next((f) => f.type === "from-sdk");
  const info = await management.send(new GetConnectionCommand({ ConnectionId: id! }));
  expect(info.Identity?.SourceIp).toBe("127.0.0.1");
  await management.send(new DeleteConnectionCommand({ ConnectionId: id! }));
  await client.waitClosed();
  await expect(management.send(new PostToConnectionCommand({ ConnectionId: id!, Data: Buffer.from("late") }))).rejects.toBeInstanceOf(GoneException);
  await eventually(() => registry(gateway.ready.restUrl), (r) => r.connections.length === 0);
});

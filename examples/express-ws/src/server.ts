/**
 * The standalone server this example started as (run it with `npx tsx src/server.ts`): one HTTP
 * server for the Express app and the `ws` server. semantest-iac does not use this file; it hosts
 * src/routes.ts and src/websocket.ts instead (see docs/app.md).
 */
import * as http from "http";
import { WebSocketServer } from "ws";
import { handleMessage } from "./messages";
import { createApp } from "./routes";

const server = http.createServer(createApp());
const sockets = new WebSocketServer({ server });
sockets.on("connection", (ws) => {
  ws.send(JSON.stringify({ type: "hello" }));
  ws.on("message", (data) => void handleMessage(ws, data.toString()));
});
server.listen(Number(process.env.PORT ?? 8080));

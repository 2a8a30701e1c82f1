/**
 * The example's WebSocket protocol, unchanged from the standalone server: what to answer to each
 * text frame. It only needs something it can `send` text to, so the same function serves a `ws`
 * socket (src/server.ts) and a semantest-iac connection (src/websocket.ts).
 */
export interface Replier {
  send(text: string): void | Promise<void>;
}

export async function handleMessage(socket: Replier, data: string): Promise<void> {
  if (data === "ping") return socket.send("pong");
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return socket.send(JSON.stringify({ type: "error", message: "send ping or a JSON object" }));
  }
  await socket.send(JSON.stringify({ type: "echo", frame }));
}

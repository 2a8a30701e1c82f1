/** A REST app that proves a secret variable reached it: answers the SHA-256 of process.env.API_TOKEN (never the value). */
import { createHash } from "crypto";
import type { IncomingMessage, ServerResponse } from "http";

export function createApp() {
  const token = process.env.API_TOKEN;
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ present: typeof token === "string", sha256: token === undefined ? null : createHash("sha256").update(token).digest("hex") }));
  };
}

/**
 * A user's own REST app as a plain `(req, res)` listener: echoes what it received, answers binary
 * for /bytes, and sets two cookies.
 */
import type { IncomingMessage, ServerResponse } from "http";

export default function listener(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (req.url === "/bytes") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(Buffer.from([0, 1, 2, 253, 254, 255]));
      return;
    }
    const body = Buffer.concat(chunks);
    res.writeHead(201, { "content-type": "application/json", "set-cookie": ["seen=1; Path=/", "lang=en; Path=/"], "x-echo": "yes" });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, bodyHex: body.toString("hex") }));
  });
}

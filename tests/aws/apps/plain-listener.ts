/** A user's own REST app as a plain `(req, res)` listener (no Express), exported as default. */
import type { IncomingMessage, ServerResponse } from "http";

export default function listener(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (req.url === "/logo.png") {
      res.writeHead(200, { "content-type": "image/png" });
      return void res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
    }
    res.writeHead(200, { "content-type": "application/json", "set-cookie": ["seen=1; Path=/", "lang=en; Path=/"] });
    res.end(JSON.stringify({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString("utf8") }));
  });
}

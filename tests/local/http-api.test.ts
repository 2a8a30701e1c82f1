/** The HTTP API v2 emulation: request -> payload 2.0 event, result -> response, limits and failures. */
import * as http from "http";
import type { AddressInfo } from "net";
import { HttpApiEmulator, toHttpApiEventV2, type HttpApiEventV2 } from "../../runtime/local/aws/http-api";
import type { InvokeOutcome } from "../../runtime/local/worker";

async function serve(answer: (event: HttpApiEventV2) => InvokeOutcome, maxPayloadBytes?: number) {
  const events: HttpApiEventV2[] = [];
  const logs: { status: number; error?: string }[] = [];
  const emulator = new HttpApiEmulator({
    maxPayloadBytes,
    invoke: async (event) => {
      events.push(event);
      return answer(event);
    },
    onInvocation: (e) => logs.push(e),
  });
  const server = http.createServer((req, res) => void emulator.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, events, logs, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("HttpApiEmulator", () => {
  it("turns a request into a payload 2.0 event: path, query, joined headers, cookies, text body", async () => {
    const s = await serve(() => ({ ok: true, result: { statusCode: 204 } }));
    try {
      const res = await fetch(`${s.url}/items/42?tag=a&tag=b&q=x`, {
        method: "POST",
        headers: [["content-type", "application/json"], ["cookie", "a=1; b=2"], ["x-multi", "one"], ["x-multi", "two"]],
        body: '{"ok":true}',
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("apigw-requestid")).toBe(s.events[0]!.requestContext.requestId);
      const event = s.events[0]!;
      expect(event).toMatchObject({
        version: "2.0",
        routeKey: "$default",
        rawPath: "/items/42",
        rawQueryString: "tag=a&tag=b&q=x",
        cookies: ["a=1", "b=2"],
        queryStringParameters: { tag: "a,b", q: "x" },
        body: '{"ok":true}',
        isBase64Encoded: false,
        requestContext: { http: { method: "POST", path: "/items/42", protocol: "HTTP/1.1", sourceIp: "127.0.0.1" }, stage: "$default", routeKey: "$default" },
      });
      expect(event.headers["x-multi"]).toBe("one, two");
      // Two header lines with the same name (fetch above folds them into one) are joined with a comma.
      await new Promise<void>((resolve, reject) => {
        const req = http.request(`${s.url}/dup`, { headers: { "x-multi": ["one", "two"] } }, (res) => res.resume().on("end", resolve));
        req.on("error", reject);
        req.end();
      });
      expect(s.events[1]!.headers["x-multi"]).toBe("one,two");
      expect(event.headers.cookie).toBeUndefined();
      expect(event.headers["x-forwarded-for"]).toBe("127.0.0.1");
    } finally {
      await s.close();
    }
  });

  it("base64-encodes a binary body", async () => {
    const s = await serve(() => ({ ok: true, result: { statusCode: 200, body: "" } }));
    try {
      await fetch(`${s.url}/upload`, { method: "PUT", headers: { "content-type": "application/octet-stream" }, body: Buffer.from([0, 255, 1]) });
      expect(s.events[0]).toMatchObject({ body: Buffer.from([0, 255, 1]).toString("base64"), isBase64Encoded: true });
    } finally {
      await s.close();
    }
  });

  it("writes a structured result: status, headers, cookies, base64 body", async () => {
    const s = await serve(() => ({ ok: true, result: { statusCode: 201, headers: { "x-a": "1" }, cookies: ["s=1; Path=/", "t=2"], body: Buffer.from("bytes").toString("base64"), isBase64Encoded: true } }));
    try {
      const res = await fetch(`${s.url}/`);
      expect(res.status).toBe(201);
      expect(res.headers.get("x-a")).toBe("1");
      expect(res.headers.getSetCookie()).toEqual(["s=1; Path=/", "t=2"]);
      expect(await res.text()).toBe("bytes");
    } finally {
      await s.close();
    }
  });

  it("infers 200 JSON for a result without statusCode, as payload 2.0 does", async () => {
    const s = await serve(() => ({ ok: true, result: { hello: "world" } }));
    try {
      const res = await fetch(`${s.url}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(await res.json()).toEqual({ hello: "world" });
    } finally {
      await s.close();
    }
  });

  it("answers a failed invocation with 500 and a timeout with 503, as API Gateway does", async () => {
    const s = await serve((event) =>
      event.rawPath === "/slow"
        ? { ok: false, kind: "timeout", error: { errorType: "Sandbox.Timedout", errorMessage: "Task timed out" } }
        : { ok: false, kind: "error", error: { errorType: "TypeError", errorMessage: "x is undefined" } },
    );
    try {
      const failed = await fetch(`${s.url}/fail`);
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({ message: "Internal Server Error" });
      const slow = await fetch(`${s.url}/slow`);
      expect(slow.status).toBe(503);
      expect(await slow.json()).toEqual({ message: "Service Unavailable" });
      expect(s.logs.map((l) => l.error)).toEqual(["TypeError: x is undefined", "Sandbox.Timedout: Task timed out"]);
    } finally {
      await s.close();
    }
  });

  it("refuses a body above the payload limit with 413 without invoking the function", async () => {
    const s = await serve(() => ({ ok: true, result: { statusCode: 200 } }), 1024);
    try {
      const res = await fetch(`${s.url}/events`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(2048) });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ message: "Request Entity Too Large" });
      expect(s.events).toHaveLength(0);
    } finally {
      await s.close();
    }
  });
});

describe("toHttpApiEventV2", () => {
  it("omits body, cookies and query when there are none", () => {
    const req = { url: "/", method: "GET", httpVersion: "1.1", rawHeaders: ["Host", "example.test"], headers: { host: "example.test" }, socket: { remoteAddress: "::ffff:10.0.0.1", localPort: 80 } } as unknown as http.IncomingMessage;
    const event = toHttpApiEventV2(req, Buffer.alloc(0), { now: Date.UTC(2026, 10, 22, 17, 0, 0), requestId: "r1" });
    expect(event.body).toBeUndefined();
    expect(event.cookies).toBeUndefined();
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.requestContext).toMatchObject({ domainName: "example.test", domainPrefix: "example", time: "22/Nov/2026:17:00:00 +0000", requestId: "r1", http: { sourceIp: "10.0.0.1" } });
  });
});

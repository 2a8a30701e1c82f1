import type { IncomingMessage, ServerResponse } from "http";
import { createRestHandler, endOnce } from "../../runtime/aws/rest-handler";
import { createApp } from "../../app/rest/app";

const event = (method: string, body?: string) =>
  ({
    version: "2.0",
    routeKey: "$default",
    rawPath: "/echo",
    rawQueryString: "",
    headers: { host: "api.example.com", ...(body ? { "content-type": "text/plain" } : {}) },
    requestContext: { http: { method, path: "/echo", sourceIp: "203.0.113.1", userAgent: "jest" }, requestId: "r1", stage: "$default", domainName: "api.example.com" },
    isBase64Encoded: false,
    ...(body !== undefined ? { body } : {}),
  }) as never;
const context = { awsRequestId: "1" } as never;

describe("REST bridge with a listener that reads every body", () => {
  const uncaught: Error[] = [];
  const onUncaught = (error: Error) => uncaught.push(error);
  beforeAll(() => process.on("uncaughtException", onUncaught));
  afterAll(() => process.off("uncaughtException", onUncaught));

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => res.end(`${req.method}:${body}`));
  };

  it("answers a body-less GET once, with no write after end", async () => {
    const handler = createRestHandler(async () => listener);
    const result = await handler(event("GET"), context);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(result.body).toBe("GET:");
    expect(uncaught).toEqual([]);
  });

  it("still passes bodies through", async () => {
    const handler = createRestHandler(async () => listener);
    expect((await handler(event("POST", "hello"), context)).body).toBe("POST:hello");
  });

  it("leaves framework apps to their own entry point", () => {
    const app = createApp();
    expect(endOnce(app)).toBe(app);
    expect(endOnce(listener)).not.toBe(listener);
  });
});

import { defaultCorsPolicy } from "../../domain";
import { loadBundledHandler, withEnv } from "./bundled";
import { httpEvent } from "./fixtures";

interface Result {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  cookies?: string[];
  isBase64Encoded?: boolean;
}
type Handler = (event: unknown, context: unknown) => Promise<Result>;

const context = { awsRequestId: "req-1", functionName: "rest-api-function", getRemainingTimeInMillis: () => 10000 };
const envelope = {
  id: "01JD0000000000000000000000",
  type: "infrastructure.deployment.completed",
  timestamp: "2026-11-22T17:00:00.000Z",
  correlationId: "d-1",
  causationId: null,
  aggregateId: "d-1",
  payload: { stack: "dev", environment: "dev" },
  metadata: { source: "infrastructure", version: 1 },
};

describe("the bundled REST handler (reference Express app) with HTTP API payload 2.0 events", () => {
  let handler: Handler;
  beforeAll(async () => {
    handler = (await loadBundledHandler<Handler>("rest-api")).handler;
  });

  it("serves GET /health as JSON", async () => {
    const result = await handler(httpEvent("GET", "/health"), context);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(result.body!)).toMatchObject({ status: "ok" });
  });

  it("accepts a Semantest event envelope on POST /events, also base64-encoded", async () => {
    const plain = await handler(httpEvent("POST", "/events", { body: JSON.stringify(envelope), headers: { "content-type": "application/json" } }), context);
    expect(plain.statusCode).toBe(202);
    expect(JSON.parse(plain.body!)).toMatchObject({ id: envelope.id });
    const again = { ...envelope, id: "01JD0000000000000000000001" };
    const encoded = await handler(httpEvent("POST", "/events", { body: Buffer.from(JSON.stringify(again)).toString("base64"), base64: true, headers: { "content-type": "application/json" } }), context);
    expect(encoded.statusCode).toBe(202);
  });

  it("answers malformed JSON with a 400 JSON error, and an unknown path with 404", async () => {
    const bad = await handler(httpEvent("POST", "/events", { body: "{oops", headers: { "content-type": "application/json" } }), context);
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body!)).toMatchObject({ error: { code: "MALFORMED_JSON" } });
    const missing = await handler(httpEvent("GET", "/nope", { query: "a=1" }), context);
    expect(missing.statusCode).toBe(404);
  });

  it("keeps the app alive across requests (one app per execution environment)", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => handler(httpEvent("GET", "/version"), context)));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
  });
});

describe("a user's plain (req, res) listener (settings.entry) in the bundle", () => {
  it("gets the method, path, query, body, and its cookies and binary bodies back in payload 2.0 form", async () => {
    const { handler } = await loadBundledHandler<Handler>("rest-api", "tests/aws/apps/plain-listener.ts");
    const result = await handler(httpEvent("PUT", "/items/7", { query: "x=1", body: "hi" }), context);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toEqual({ method: "PUT", url: "/items/7?x=1", body: "hi" });
    expect(result.cookies).toEqual(["seen=1; Path=/", "lang=en; Path=/"]);
    const png = await handler(httpEvent("GET", "/logo.png"), context);
    expect(png.isBase64Encoded).toBe(true);
    expect(Buffer.from(png.body!, "base64")).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
  });
});

describe("CORS answered by the bundled function (origins API Gateway cannot express)", () => {
  const EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";
  let handler: Handler;
  let restore: () => void;
  beforeAll(async () => {
    const policy = { ...defaultCorsPolicy(["https://semantest.com", "chrome-extension://*"]), allowCredentials: true };
    restore = withEnv({ SEMANTEST_CORS: JSON.stringify(policy) });
    handler = (await loadBundledHandler<Handler>("rest-api")).handler;
  });
  afterAll(() => restore());

  it("answers a preflight from the extension without calling the app", async () => {
    const result = await handler(httpEvent("OPTIONS", "/events", { headers: { origin: EXTENSION, "access-control-request-method": "POST" } }), context);
    expect(result.statusCode).toBe(204);
    expect(result.headers).toMatchObject({
      "access-control-allow-origin": EXTENSION,
      "access-control-allow-methods": expect.stringContaining("POST"),
      "access-control-allow-credentials": "true",
      vary: "Origin",
    });
  });

  it("refuses a preflight from an origin the policy does not list", async () => {
    const result = await handler(httpEvent("OPTIONS", "/events", { headers: { origin: "https://evil.example", "access-control-request-method": "POST" } }), context);
    expect(result.statusCode).toBe(403);
    expect(result.headers).not.toHaveProperty("access-control-allow-origin");
  });

  it("adds the allow-origin header to the app's answers for allowed origins only", async () => {
    const allowed = await handler(httpEvent("GET", "/health", { headers: { origin: "https://semantest.com" } }), context);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers).toMatchObject({ "access-control-allow-origin": "https://semantest.com", "access-control-expose-headers": "x-correlation-id" });
    const other = await handler(httpEvent("GET", "/health", { headers: { origin: "https://evil.example" } }), context);
    expect(other.headers).not.toHaveProperty("access-control-allow-origin");
    expect(other.headers?.vary).toContain("Origin");
  });
});

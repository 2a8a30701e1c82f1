/**
 * The REST Function App, bundled and run as the Functions host runs it: HTTP requests in, through
 * the registered v4 HTTP trigger, the serverless-http bridge and the app, and back out.
 */
import { startFunctionApp, type FunctionApp } from "./support/functions-host";

describe("REST API on Azure Functions: the bundled artifact with the reference Express app", () => {
  let host: FunctionApp;
  beforeAll(async () => {
    host = await startFunctionApp("rest-api", undefined, { SEMANTEST_APP_VERSION: "9.9.9" });
  });
  afterAll(() => host.close());

  it("ships index.js, package.json (main) and a host.json without the /api route prefix", () => {
    expect(host.artifact.files).toEqual(expect.arrayContaining(["host.json", "index.js", "package.json"]));
    expect(host.hostJson.extensions?.http?.routePrefix).toBe("");
    expect(host.artifact.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("registers one anonymous HTTP function for every path and method", () => {
    expect(host.registrations.map((r) => ({ name: r.name, route: r.route, authLevel: r.authLevel }))).toEqual([{ name: "rest-api", route: "{*path}", authLevel: "anonymous" }]);
    expect(host.registrations[0].methods).toEqual(expect.arrayContaining(["GET", "POST", "PUT", "PATCH", "DELETE"]));
  });

  it("serves GET /health and /version from the app", async () => {
    const health = await fetch(`${host.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
    const version = await fetch(`${host.url}/version`);
    expect(await version.json()).toMatchObject({ version: "9.9.9" });
  });

  it("passes a JSON body through and returns the app's validation errors as 4xx, not crashes", async () => {
    const malformed = await fetch(`${host.url}/events`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: expect.any(String) } });
    const wrongType = await fetch(`${host.url}/events`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
    expect(wrongType.status).toBe(415);
    const unknown = await fetch(`${host.url}/no/such/route?x=1`);
    expect(unknown.status).toBe(404);
  });
});

describe("REST API on Azure Functions: a user's plain (req, res) listener", () => {
  let host: FunctionApp;
  beforeAll(async () => {
    host = await startFunctionApp("rest-api", "tests/azure/apps/echo-listener.ts");
  });
  afterAll(() => host.close());

  it("delivers method, path with query, headers and body bytes unchanged; returns status, headers and both cookies", async () => {
    const body = Buffer.from([0x7b, 0x22, 0xc3, 0xa9, 0x22, 0x7d]); // {"é"}
    const response = await fetch(`${host.url}/items/42?tag=a&tag=b&q=x%20y`, { method: "PUT", headers: { "content-type": "application/json", "x-client": "t" }, body });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-echo")).toBe("yes");
    expect(response.headers.getSetCookie()).toEqual(["seen=1; Path=/", "lang=en; Path=/"]);
    const echoed = (await response.json()) as { method: string; url: string; headers: Record<string, string>; bodyHex: string };
    expect(echoed.method).toBe("PUT");
    expect(echoed.url).toBe("/items/42?tag=a&tag=b&q=x%20y");
    expect(echoed.headers["x-client"]).toBe("t");
    expect(echoed.bodyHex).toBe(body.toString("hex"));
  });

  it("returns binary bodies byte for byte", async () => {
    const response = await fetch(`${host.url}/bytes`);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 1, 2, 253, 254, 255]);
  });
});

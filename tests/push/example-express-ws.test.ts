/**
 * examples/express-ws, an Express 4 + ws server adapted per docs/app.md, built with the program's
 * artifact builder and run unchanged on both providers' bundled handlers; and the builder's
 * dependency rule: an app with its own package.json gets its own dependencies, or a clear error.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { awsArtifactSpec } from "../../artifacts/aws";
import { buildArtifact } from "../../artifacts/build";
import { loadBundledHandler } from "../aws/bundled";
import { httpEvent } from "../aws/fixtures";
import { startFunctionApp } from "../azure/support/functions-host";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { awsWebSocketSide, azureWebSocketSide } from "./support/topologies";

jest.setTimeout(180_000);

const EXAMPLE = path.join(PROJECT_DIR, "examples", "express-ws");
const REST_ENTRY = "examples/express-ws/src/routes.ts";
const WS_ENTRY = "examples/express-ws/src/websocket.ts";

beforeAll(() => {
  // The example's own dependencies (Express 4), from its lock file, as its author would install them.
  if (!fs.existsSync(path.join(EXAMPLE, "node_modules", "express"))) {
    execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: EXAMPLE, stdio: "ignore", timeout: 150_000 });
  }
  jest.spyOn(console, "warn").mockImplementation(() => undefined);
});

type RestHandler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body?: string }>;
const context = { awsRequestId: "r", getRemainingTimeInMillis: () => 1000 };

describe("the example's REST app (Express 4) on both providers", () => {
  it("AWS Lambda: serves its routes on the Express its package.json names", async () => {
    const { handler } = await loadBundledHandler<RestHandler>("rest-api", REST_ENTRY);
    expect(JSON.parse((await handler(httpEvent("GET", "/health"), context)).body!)).toEqual({ status: "ok" });
    expect(JSON.parse((await handler(httpEvent("GET", "/runtime"), context)).body!).express).toMatch(/^4\./);
    const echo = await handler(httpEvent("POST", "/api/echo", { body: '{"a":1}', headers: { "content-type": "application/json" } }), context);
    expect(JSON.parse(echo.body!)).toEqual({ echoed: { a: 1 } });
  });

  it("Azure Functions: the same app, the same answers", async () => {
    const host = await startFunctionApp("rest-api", REST_ENTRY);
    try {
      expect(await (await fetch(`${host.url}/health`)).json()).toEqual({ status: "ok" });
      expect(((await (await fetch(`${host.url}/runtime`)).json()) as { express: string }).express).toMatch(/^4\./);
      const echo = await fetch(`${host.url}/api/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
      expect(await echo.json()).toEqual({ echoed: { a: 1 } });
    } finally {
      await host.close();
    }
  });
});

describe("the example's ws handlers as onMessage on both providers", () => {
  const expected = [{ type: "hello" }, "pong", { type: "echo", frame: { x: 1 } }, { type: "error", message: "send ping or a JSON object" }];

  it("API Gateway", async () => {
    const ws = await awsWebSocketSide({}, WS_ENTRY);
    try {
      await ws.connect("c1");
      for (const text of ["ping", '{"x":1}', "nonsense"]) await ws.handler({ requestContext: { routeKey: "$default", eventType: "MESSAGE", connectionId: "c1", domainName: "x", stage: "dev" }, body: text });
      const frames = ws.recorder.frames.filter((f) => f.connectionId === "c1").map((f) => (f.data === "pong" ? f.data : (JSON.parse(f.data) as unknown)));
      expect(frames).toEqual(expected);
    } finally {
      await ws.close();
    }
  });

  it("Web PubSub", async () => {
    const ws = await azureWebSocketSide(WS_ENTRY);
    try {
      await ws.connect("c1");
      for (const text of ["ping", '{"x":1}', "nonsense"]) await ws.service.message("c1", text);
      const frames = (ws.service.frames.get("c1") ?? []).map((f) => (f === "pong" ? f : (JSON.parse(f) as unknown)));
      expect(frames).toEqual(expected);
    } finally {
      await ws.close();
    }
  });
});

describe("an app's own dependencies", () => {
  const dir = path.join(PROJECT_DIR, ".semantest", "test-apps", "deps");
  beforeEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const app = (manifest: object) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest));
    fs.writeFileSync(path.join(dir, "app.ts"), 'import express from "express";\nexport function createApp() { return express(); }\n');
    return path.relative(PROJECT_DIR, path.join(dir, "app.ts"));
  };
  const build = (entry: string) => buildArtifact(awsArtifactSpec({ kind: "rest-api", entry } as Parameters<typeof awsArtifactSpec>[0], PROJECT_DIR));

  it("refuses an import its package.json does not declare, naming the package, the file and the fix", async () => {
    await expect(build(app({ name: "x", dependencies: {} }))).rejects.toThrow(
      ".semantest/test-apps/deps/app.ts imports express, which .semantest/test-apps/deps/package.json does not declare; add it to its dependencies (cd .semantest/test-apps/deps && npm install express)",
    );
  });

  it("refuses a declared dependency that is not installed, instead of bundling the project's copy", async () => {
    await expect(build(app({ name: "x", dependencies: { express: "^4.21.2" } }))).rejects.toThrow(
      ".semantest/test-apps/deps/app.ts imports express, declared in .semantest/test-apps/deps/package.json but not installed in .semantest/test-apps/deps/node_modules (it would resolve to node_modules/express/index.js, outside the app); run npm install in .semantest/test-apps/deps",
    );
  });
});

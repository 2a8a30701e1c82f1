/**
 * `semantest-iac invoke` in-process against the fake engine, whose stack outputs point at the local
 * gateway (`dev`'s servers: API Gateway's shapes on AWS, the Functions host and Web PubSub with
 * negotiate on Azure) and at small local servers for the failures: what it prints, and its exit code.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { WebSocketServer } from "ws";
import { run } from "../../cli/main";
import type { Io } from "../../cli/output";
import { startGateway, type Gateway } from "../../runtime/local/gateway";
import { createLog } from "../../runtime/local/log";
import { createWorld, type World } from "../cli/fake-world";
import { PROJECT_DIR } from "../support/pulumi-harness";

jest.setTimeout(180_000);

const gateways: Partial<Record<"aws" | "azure", Gateway>> = {};
let world: World | undefined;
beforeAll(async () => {
  for (const provider of ["aws", "azure"] as const) gateways[provider] = await startGateway({ provider, port: 0, projectDir: PROJECT_DIR, log: createLog(() => undefined, { color: false }) });
});
afterEach(() => world?.cleanup());
afterAll(async () => {
  for (const gateway of Object.values(gateways)) await gateway?.close();
});

const awsOutputs = () => ({ restApiUrl: gateways.aws!.restUrl, webSocketUrl: gateways.aws!.host.page.webSocketUrl });
const azureOutputs = () => {
  const g = gateways.azure!;
  return { restApiUrl: g.restUrl, webSocketUrl: `${g.webSocketServerUrl.replace("http", "ws")}/client/hubs/semantest`, webSocketNegotiateUrl: `${g.webSocketServerUrl}/negotiate` };
};

async function cli(outputs: Record<string, unknown>, argv: string[]) {
  world = createWorld(() => ({ stacks: { staging: { config: {}, history: [], outputs } } }));
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
  const code = await run(argv, io, PROJECT_DIR, { ...process.env, NO_COLOR: "1", ...world.env });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe.each(["aws", "azure"] as const)("invoke on the local %s gateway", (provider) => {
  const outputs = () => (provider === "aws" ? awsOutputs() : azureOutputs());

  it("GET /health: prints the request, the status with its time, the headers and the body; exit 0", async () => {
    const { code, stdout, stderr } = await cli(outputs(), ["invoke", "--env", "staging", "--component", "rest-api", "--path", "/health"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(`GET ${gateways[provider]!.restUrl}/health`);
    expect(lines[1]).toMatch(/^200 {2}\(\d+ ms\)$/);
    expect(lines).toContain("content-type: application/json; charset=utf-8");
    expect(JSON.parse(lines[lines.length - 1])).toMatchObject({ status: "ok" });
  });

  it("POST with --data and --header reaches the app (202 with the event's id); --json has status, headers, body and ms", async () => {
    const event = { id: "01JD0000000000000000000AAA", type: "infrastructure.invoke.requested", timestamp: new Date().toISOString(), correlationId: "c", causationId: null, aggregateId: "a", payload: {}, metadata: { source: "infrastructure", version: 1 } };
    const { code, stdout } = await cli(outputs(), ["invoke", "--env", "staging", "--path", "/events", "--data", JSON.stringify(event), "--header", "x-request-id: invoke-1", "--json"]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ stack: "staging", component: "rest-api", ok: true, request: { method: "POST", headers: { "x-request-id": "invoke-1", "content-type": "application/json" } }, response: { status: 202 } });
    expect(JSON.parse(result.response.body)).toMatchObject({ id: event.id });
    expect(typeof result.ms).toBe("number");
  });

  it("a non-2xx answer is printed and exits 1 (a malformed body: 400 naming the field)", async () => {
    const { code, stdout } = await cli(outputs(), ["invoke", "--env", "staging", "--path", "/events", "--method", "POST", "--data", '"not an event"', "--json"]);
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ ok: false, response: { status: 400 } });
    expect(JSON.parse(result.response.body).error).toMatchObject({ field: expect.any(String) });
    const missing = await cli(outputs(), ["invoke", "--env", "staging", "--path", "/nowhere"]);
    expect(missing.code).toBe(1);
    expect(missing.stdout.split("\n")[1]).toMatch(/^404 /);
  });

  it(`WebSocket one-shot: ${provider === "azure" ? "negotiates, " : ""}connects, sends, prints the first reply, closes; exit 0`, async () => {
    const { code, stdout, stderr } = await cli(outputs(), ["invoke", "--env", "staging", "--component", "websocket", "--message", '{"action":"ping"}']);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(provider === "azure" ? `websocket negotiated at ${gateways.azure!.webSocketServerUrl}/negotiate` : `websocket ${gateways.aws!.host.page.webSocketUrl}`);
    expect(lines[1]).toMatch(/^connected \(\d+ ms\)$/);
    expect(lines[2]).toBe('> {"action":"ping"}');
    expect(lines[3]).toMatch(/^< \{"type":"pong"\} {2}\(\d+ ms\)$/);
  });
});

describe("invoke failures", () => {
  it("a WebSocket server that never answers: no reply within --timeout, exit 1", async () => {
    const silent = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((resolve) => silent.once("listening", resolve));
    try {
      const url = `ws://127.0.0.1:${(silent.address() as AddressInfo).port}/dev`;
      const { code, stdout } = await cli({ webSocketUrl: url }, ["invoke", "--env", "staging", "--component", "websocket", "--message", "hello", "--timeout", "1", "--json"]);
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toMatchObject({ ok: false, failedAt: "reply", reply: null, replyMs: null, problem: expect.stringContaining("no expected frame within 1000 ms") });
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("a refused handshake (401) and a failed negotiate are printed as not connected, exit 1", async () => {
    const server = http.createServer((_req, res) => res.writeHead(401, { "content-type": "application/json" }).end('{"message":"Unauthorized"}'));
    server.on("upgrade", (_req, socket) => socket.end("HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const refused = await cli({ webSocketUrl: `ws://127.0.0.1:${port}/dev` }, ["invoke", "--env", "staging", "--component", "websocket", "--message", "hello"]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/not connected \(\d+ ms\): the handshake was refused: 401 HTTP 401/);
      const negotiate = await cli({ webSocketUrl: "wss://x.webpubsub.azure.com/client/hubs/semantest", webSocketNegotiateUrl: `http://127.0.0.1:${port}/negotiate` }, ["invoke", "--env", "staging", "--component", "websocket", "--message", "hello"]);
      expect(negotiate.code).toBe(1);
      expect(negotiate.stdout).toContain(`negotiate (http://127.0.0.1:${port}/negotiate) answered 401`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("no answer at all (nothing listens) exits 1 with INVOKE_FAILED naming the request", async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const { code, stdout } = await cli({ restApiUrl: `http://127.0.0.1:${port}` }, ["invoke", "--env", "staging", "--path", "/health", "--json"]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).error).toMatchObject({ code: "INVOKE_FAILED", message: expect.stringContaining(`GET http://127.0.0.1:${port}/health got no answer: fetch failed (ECONNREFUSED)`) });
  });

  it("usage and missing endpoints exit 2 naming the flag or the output", async () => {
    const path = await cli(awsOutputs(), ["invoke", "--env", "staging", "--path", "health"]);
    expect(path.code).toBe(2);
    expect(path.stderr).toContain('--path "health" is not a path');
    const unknown = await cli(awsOutputs(), ["invoke", "--env", "staging", "--verbose"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--verbose'");
    const noRest = await cli({}, ["invoke", "--env", "staging", "--json"]);
    expect(noRest.code).toBe(2);
    expect(JSON.parse(noRest.stdout).error).toMatchObject({ code: "NO_ENDPOINTS", message: expect.stringContaining("the stack output restApiUrl is null") });
    const hub = await cli({ webSocketUrl: "wss://x.webpubsub.azure.com/client/hubs/semantest" }, ["invoke", "--env", "staging", "--component", "websocket", "--message", "x"]);
    expect(hub.code).toBe(2);
    expect(hub.stderr).toContain("pass --negotiate-url");
  });
});

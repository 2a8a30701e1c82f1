/**
 * The gateway in-process (the subprocess tests cover the CLI): the page and its config, reload
 * keeping open connections, the one-line logs, and `semantest-iac dev`'s flag validation and
 * signal handling.
 */
import { EventEmitter } from "events";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDevFlags, runDev } from "../../cli/commands/dev";
import { HUB_NAME } from "../../components/azure/websocket";
import { LOCAL_HUB } from "../../runtime/local/azure/host";
import { startGateway, type Gateway } from "../../runtime/local/gateway";
import { createLog } from "../../runtime/local/log";
import { Client, clientUrl, eventually, PROJECT_DIR, registry } from "./support";

/** `dev` without `--env` never reads a stack. */
const noStack = (): never => {
  throw new Error("no stack read expected");
};

jest.setTimeout(90_000);

describe.each(["aws", "azure"] as const)("startGateway({ provider: %s })", (provider) => {
  let gateway: Gateway;
  const lines: string[] = [];

  beforeAll(async () => {
    gateway = await startGateway({ provider, port: 0, projectDir: PROJECT_DIR, log: createLog((l) => lines.push(l), { color: false }) });
  });
  afterAll(() => gateway?.close());

  it("serves the page at / to browsers, and leaves / to the REST app for API clients", async () => {
    const page = await fetch(`${gateway.restUrl}/`, { headers: { accept: "text/html" } });
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    for (const id of ["status", "topic", "subscribe", "payload", "publish", "messages"]) expect(html).toContain(`id="${id}"`);
    const api = await fetch(`${gateway.restUrl}/`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("tells the page how to connect", async () => {
    const config = await (await fetch(`${gateway.restUrl}/_local/config.json`)).json();
    expect(config).toEqual(provider === "aws" ? { provider, webSocketUrl: `${gateway.webSocketServerUrl.replace("http", "ws")}/local` } : { provider, negotiateUrl: "/_local/negotiate" });
  });

  it("reloads the functions without dropping open WebSocket connections or the registry", async () => {
    const client = await Client.connect(await clientUrl({ restUrl: gateway.restUrl, page: gateway.host.page }));
    client.send({ action: "subscribe", topic: "reload" });
    await client.next((f) => f.type === "subscribed");
    const before = await registry(gateway.restUrl);
    await gateway.reload();
    expect(lines.some((l) => / reloaded in \d+ms$/.test(l))).toBe(true);
    client.send({ action: "publish", topic: "reload", payload: "after reload" });
    expect(await client.next((f) => f.type === "message")).toEqual({ type: "message", topic: "reload", payload: "after reload" });
    expect((await registry(gateway.restUrl)).topics.reload).toEqual(before.topics.reload);
    expect((await fetch(`${gateway.restUrl}/health`)).status).toBe(200);
    client.close();
    await eventually(() => registry(gateway.restUrl), (r) => !r.topics.reload);
  });

  it("logs one line per invocation", () => {
    expect(lines.some((l) => /^\d{2}:\d{2}:\d{2}\.\d{3} rest +GET \/health( -> rest-api)? 200 \d+ms$/.test(l))).toBe(true);
  });
});

describe("startGateway({ watch: true })", () => {
  it("rebuilds and reloads when a watched file changes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-watch-"));
    const lines: string[] = [];
    const gateway = await startGateway({ provider: "aws", port: 0, projectDir: PROJECT_DIR, watch: true, watchPaths: [dir], log: createLog((l) => lines.push(l), { color: false }) });
    try {
      fs.writeFileSync(path.join(dir, "notes.md"), "not code: ignored");
      fs.writeFileSync(path.join(dir, "handler.ts"), "export const changed = true;\n");
      await eventually(async () => lines, (l) => l.some((line) => / reloaded in \d+ms$/.test(line)), 60_000);
      expect(lines.some((l) => l.includes("handler.ts: rebuilding"))).toBe(true);
      expect(lines.some((l) => l.includes("notes.md"))).toBe(false);
      expect((await fetch(`${gateway.restUrl}/health`)).status).toBe(200);
    } finally {
      await gateway.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the local Web PubSub hub", () => {
  it("is the hub the Azure stack creates", () => {
    expect(LOCAL_HUB).toBe(HUB_NAME);
  });
});

describe("semantest-iac dev flags", () => {
  it("defaults to aws on port 3000 with reload", () => {
    expect(parseDevFlags({})).toEqual({ provider: "aws", port: 3000, idleTimeoutSeconds: undefined, watch: true, json: false });
    expect(parseDevFlags({ provider: "azure", port: "0", idleTimeout: "30", watch: false, json: true })).toEqual({ provider: "azure", port: 0, idleTimeoutSeconds: 30, watch: false, json: true });
  });

  it.each([
    [{ provider: "gcp" }, '--provider "gcp" is not a provider; allowed: aws, azure'],
    [{ port: "http" }, '--port "http" is not a port; allowed: 0 (free ports) or 1-65534 (the WebSocket server takes the next one)'],
    [{ port: "65535" }, "--port \"65535\" is not a port"],
    [{ port: "-1" }, '--port "-1" is not a port'],
    [{ idleTimeout: "0" }, '--idle-timeout "0" is not valid; allowed: whole seconds >= 1 (API Gateway: 600)'],
  ])("refuses %p", (flags, message) => {
    expect(() => parseDevFlags(flags)).toThrow(message);
    try {
      parseDevFlags(flags);
    } catch (error) {
      expect(error).toMatchObject({ code: "USAGE", exitCode: 2 });
    }
  });
});

describe("runDev", () => {
  it("prints the URLs, runs until SIGINT, shuts down and returns 0", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const signals = new EventEmitter();
    const done = runDev({ provider: "aws", port: "0", watch: false }, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, PROJECT_DIR, noStack, signals);
    await eventually(async () => out.length, (n) => n > 0, 60_000);
    expect(out[0]).toBe("semantest-iac dev: aws gateway ready (Ctrl-C to stop)");
    const restLine = out.find((l) => l.includes("REST API"))!;
    const restUrl = /(http:\/\/\S+)/.exec(restLine)![1]!;
    expect((await fetch(`${restUrl}/health`)).status).toBe(200);
    signals.emit("SIGINT");
    expect(await done).toBe(0);
    expect(err.some((l) => l.endsWith("SIGINT: shutting down (closing connections, stopping functions)"))).toBe(true);
    await expect(fetch(`${restUrl}/health`)).rejects.toThrow();
  });

  it("says which port is taken and how to pick another", async () => {
    const first = await startGateway({ provider: "aws", port: 0, projectDir: PROJECT_DIR, log: createLog(() => undefined) });
    try {
      const port = new URL(first.restUrl).port;
      await expect(runDev({ port }, { stdout: () => undefined, stderr: () => undefined }, PROJECT_DIR, noStack)).rejects.toMatchObject({
        code: "PORT_IN_USE",
        exitCode: 2,
        fix: "pick other ports with --port N, or --port 0 for free ones",
      });
    } finally {
      await first.close();
    }
  });
});

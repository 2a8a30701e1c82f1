/** Helpers for the local gateway tests: the gateway as a subprocess, and WebSocket clients that record frames. */
import { spawn, type ChildProcessWithoutNullStreams } from "child_process";
import * as path from "path";
import WebSocket from "ws";

export const PROJECT_DIR = path.resolve(__dirname, "../..");
export const BIN = path.join(PROJECT_DIR, "bin/semantest-iac.js");

export interface ReadyLine {
  readonly event: "ready";
  readonly provider: "aws" | "azure";
  readonly restUrl: string;
  readonly webSocketServerUrl: string;
  readonly pageUrl: string;
  readonly page: { readonly provider: string; readonly webSocketUrl?: string; readonly negotiateUrl?: string };
  readonly urls: Record<string, string>;
}

export interface GatewayProcess {
  readonly ready: ReadyLine;
  readonly child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `semantest-iac dev --provider <p> --port 0 --json --no-watch` and waits for its ready line. */
export function startGatewayProcess(provider: "aws" | "azure", extraArgs: string[] = []): Promise<GatewayProcess> {
  return startDevProcess(["--provider", provider, ...extraArgs]);
}

/** Starts `semantest-iac dev <args> --port 0 --json --no-watch` (e.g. `--env dev`) and waits for its ready line. */
export function startDevProcess(args: readonly string[]): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [BIN, "dev", ...args, "--port", "0", "--json", "--no-watch"], {
    cwd: PROJECT_DIR,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the gateway did not get ready in 60 s:\n${stdout}\n${stderr}`));
    }, 60_000);
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const line = stdout.split("\n").find((l) => l.startsWith('{"event":"ready"'));
      if (!line) return;
      clearTimeout(timer);
      resolve({
        ready: JSON.parse(line) as ReadyLine,
        child,
        output: () => stdout + stderr,
        stop: async (signal = "SIGTERM") => {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
      });
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code}) before it was ready:\n${stdout}\n${stderr}`));
    });
  });
}

/** A WebSocket client that keeps every frame it receives. */
export class Client {
  readonly frames: unknown[] = [];
  readonly raw: string[] = [];
  closed?: { code: number; reason: string };
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const text = data.toString();
      this.raw.push(text);
      try {
        this.frames.push(JSON.parse(text));
      } catch {
        this.frames.push(text);
      }
      this.notify();
    });
    socket.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.notify();
    });
    socket.on("error", () => undefined);
  }

  static connect(url: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once("open", () => resolve(new Client(socket)));
      socket.once("unexpected-response", (_req, res) => reject(new Error(`WebSocket handshake refused with ${res.statusCode}`)));
      socket.once("error", reject);
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Waits until a frame matches (or the connection closes, which fails the wait). */
  async next(predicate: (frame: Record<string, unknown>) => boolean, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find((f) => typeof f === "object" && f !== null && predicate(f as Record<string, unknown>));
      if (found) return found as Record<string, unknown>;
      if (this.closed) throw new Error(`the connection closed (${this.closed.code} ${this.closed.reason}) before a matching frame; got ${JSON.stringify(this.frames)}`);
      if (Date.now() > deadline) throw new Error(`no matching frame in ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await this.changed(deadline - Date.now());
    }
  }

  async waitClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`the connection did not close in ${timeoutMs} ms`);
      await this.changed(deadline - Date.now());
    }
    return this.closed;
  }

  close(): void {
    this.socket.close(1000);
  }

  private changed(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(1, ms));
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** The registry as the gateway reports it (DynamoDB table on AWS, Web PubSub service on Azure). */
export async function registry(restUrl: string): Promise<{ connections: string[]; topics: Record<string, string[]> }> {
  const res = await fetch(`${restUrl}/_local/registry`);
  if (res.status !== 200) throw new Error(`registry: ${res.status} ${await res.text()}`);
  return (await res.json()) as { connections: string[]; topics: Record<string, string[]> };
}

/** Polls until `check` passes (for effects that land asynchronously, e.g. `$disconnect`). */
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await probe();
  }
  return last;
}

/** A WebSocket URL for a client: direct on AWS, through negotiate on Azure. */
export async function clientUrl(ready: Pick<ReadyLine, "restUrl" | "page">, token?: string): Promise<string> {
  // With auth (docs/auth.md): the token in ?access_token= (AWS $connect) or on negotiate (Azure).
  if (ready.page.webSocketUrl) return token ? `${ready.page.webSocketUrl}?access_token=${token}` : ready.page.webSocketUrl;
  const res = await fetch(new URL(ready.page.negotiateUrl!, ready.restUrl), token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (res.status !== 200) throw new Error(`negotiate: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { url: string }).url;
}

/** A token from the gateway's local issuer when a component has auth (docs/auth.md); undefined otherwise. */
export async function localToken(ready: Pick<ReadyLine, "urls">, request: Record<string, unknown> = {}): Promise<string | undefined> {
  const issuer = ready.urls["Local token issuer (POST /token)"];
  if (!issuer) return undefined;
  const res = await fetch(`${issuer}/token`, { method: "POST", body: JSON.stringify(request) });
  return ((await res.json()) as { access_token: string }).access_token;
}

export const VALID_EVENT = {
  id: "01JD5X3Q7ZK2M4N6P8R0S1T2V3",
  type: "infrastructure.deployment.completed",
  timestamp: "2026-11-22T17:00:00.000Z",
  correlationId: "dep-1",
  causationId: null,
  aggregateId: "dep-1",
  payload: { stack: "dev" },
  metadata: { source: "infrastructure", version: 1 },
};

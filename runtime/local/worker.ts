/**
 * A function host process, as a cloud runs one: the bundled code is loaded in its own Node process
 * with its own environment, invoked over IPC, killed and restarted on timeout or crash, and
 * replaced on reload. The bootstrap (what Lambda's runtime interface client or the Functions worker
 * would be) is a small CommonJS file written beside the extracted code.
 */
import { fork, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface InvokeError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stack?: string;
}

export type InvokeOutcome = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: InvokeError; readonly kind: "error" | "timeout" | "crash" };

export interface FunctionWorkerOptions {
  /** A name for logs, e.g. `rest-api`. */
  readonly name: string;
  /** The directory holding the extracted code. */
  readonly codeDir: string;
  /** The bootstrap's source (CommonJS); it gets `SEMANTEST_WORKER_*` variables in its environment. */
  readonly bootstrap: string;
  /** The function's environment; the process gets only this plus PATH, HOME and NODE_OPTIONS-free basics. */
  readonly env: Readonly<Record<string, string>>;
  /** Per-invocation time limit, like the function's configured timeout. */
  readonly timeoutMs: number;
  /** Where the function's own stdout/stderr lines go. @default process.stderr */
  readonly output?: (line: string) => void;
}

interface Pending {
  resolve(outcome: InvokeOutcome): void;
  timer: NodeJS.Timeout;
  child: ChildProcess;
}

export const BOOTSTRAP_FILE = "__semantest_bootstrap.cjs";

export class FunctionWorker {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped = false;

  constructor(private readonly options: FunctionWorkerOptions) {}

  /** Starts the process (if needed) and waits until the code is loaded. */
  start(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error(`function ${this.options.name} is stopped`));
    this.ready ??= this.spawn();
    return this.ready;
  }

  async invoke(target: string, payload: unknown): Promise<InvokeOutcome> {
    try {
      await this.start();
    } catch (error) {
      this.ready = undefined;
      return { ok: false, kind: "crash", error: { errorType: "Runtime.InitError", errorMessage: String((error as Error)?.message ?? error) } };
    }
    const child = this.child!;
    const id = this.nextId++;
    return new Promise<InvokeOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, kind: "timeout", error: { errorType: "Sandbox.Timedout", errorMessage: `Task timed out after ${(this.options.timeoutMs / 1000).toFixed(2)} seconds` } });
        // A timed-out sandbox is discarded, as Lambda does: the next invocation gets a fresh process.
        this.restart();
      }, this.options.timeoutMs);
      this.pending.set(id, { resolve, timer, child });
      child.send({ type: "invoke", id, target, payload, deadline: Date.now() + this.options.timeoutMs });
    });
  }

  /** Kills the process; the next invoke starts a new one (reload, timeout). */
  restart(): void {
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    if (child && child.exitCode === null) child.kill("SIGKILL");
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    this.restart();
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.resolve({ ok: false, kind: "crash", error: { errorType: "Runtime.Shutdown", errorMessage: "the local gateway is shutting down" } });
      this.pending.delete(id);
    }
    if (child && child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once("exit", resolve));
    // The extracted code belongs to this instance only (see LocalLambda / LocalFunctionApp).
    fs.rmSync(this.options.codeDir, { recursive: true, force: true });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private spawn(): Promise<void> {
    const bootstrapPath = path.join(this.options.codeDir, BOOTSTRAP_FILE);
    fs.writeFileSync(bootstrapPath, this.options.bootstrap);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      TZ: "UTC",
      NO_COLOR: process.env.NO_COLOR ?? "",
      ...this.options.env,
      SEMANTEST_WORKER_CODE_DIR: this.options.codeDir,
    };
    const child = fork(bootstrapPath, [], { cwd: this.options.codeDir, env, execArgv: ["--enable-source-maps"], stdio: ["ignore", "pipe", "pipe", "ipc"] });
    this.child = child;
    const output = this.options.output ?? ((line: string) => process.stderr.write(`${line}\n`));
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = "";
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) if (line.trim()) output(line);
      });
    }
    return new Promise<void>((resolve, reject) => {
      child.on("message", (message: { type: string; id?: number; result?: unknown; error?: InvokeError }) => {
        if (message.type === "ready") return resolve();
        if (message.type === "init-error") return reject(new Error(`${message.error?.errorType}: ${message.error?.errorMessage}`));
        if (message.type !== "result" || message.id === undefined) return;
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        clearTimeout(pending.timer);
        pending.resolve(message.error ? { ok: false, kind: "error", error: message.error } : { ok: true, result: message.result });
      });
      child.on("exit", (code, signal) => {
        if (this.child === child) {
          this.child = undefined;
          this.ready = undefined;
        }
        reject(new Error(`the ${this.options.name} function process exited (${signal ?? code}) while starting`));
        // Whatever was in flight in this process will never answer: it crashed (Runtime.ExitError on Lambda).
        for (const [id, pending] of this.pending) {
          if (pending.child !== child) continue;
          clearTimeout(pending.timer);
          pending.resolve({ ok: false, kind: "crash", error: { errorType: "Runtime.ExitError", errorMessage: `the function process exited (${signal ?? code})` } });
          this.pending.delete(id);
        }
      });
    });
  }
}

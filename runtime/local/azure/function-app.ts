/**
 * An Azure Function App on this machine (Node.js programming model v4). The artifact zip is
 * extracted and its `package.json` `main` loaded in a worker process, as the Functions Node worker
 * does; the worker's `@azure/functions-core` module (which the host provides at run time, and the
 * artifact leaves external) is supplied by the bootstrap, so `app.http(...)` registrations are
 * captured exactly as the host would see them. HTTP requests are routed by each function's `route`
 * and `methods` (host.json `routePrefix`), and handed to the handler as `HttpRequest` objects.
 */
import * as fs from "fs";
import type { IncomingMessage, ServerResponse } from "http";
import * as path from "path";
import { randomBytes, randomUUID } from "crypto";
import { readBody } from "../aws/http-api";
import { decodeSegment, requestUrl, safeHost, safeRecord } from "../safe-input";
import { extractZip } from "../unzip";
import { FunctionWorker, type InvokeOutcome } from "../worker";

/** Functions host limits: request body 100 MB (maxRequestBodySize); HTTP response within 230 s (Azure load balancer). */
export const FUNCTIONS_MAX_REQUEST_BYTES = 100 * 1024 * 1024;
export const FUNCTIONS_HTTP_TIMEOUT_SECONDS = 230;

export const FUNCTIONS_BOOTSTRAP = String.raw`"use strict";
const Module = require("module");
const path = require("path");
const { randomUUID } = require("crypto");
const dir = process.env.SEMANTEST_WORKER_CODE_DIR;
const registrations = new Map();
// What the Functions Node worker exposes as "@azure/functions-core".
const core = {
  registerFunction(metadata, callback) { registrations.set(metadata.name, { metadata, callback }); return { dispose() { registrations.delete(metadata.name); } }; },
  setProgrammingModel() {},
  getProgrammingModel() { return undefined; },
  registerHook() { return { dispose() {} }; },
  log(level, category, message) { if (level === "error" || level === "warning") console.error("[functions] " + message); },
};
const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === "@azure/functions-core") return core;
  return originalLoad.call(this, request, parent, isMain);
};
let functions;
try {
  functions = require("@azure/functions");
  const pkg = require(path.join(dir, "package.json"));
  require(path.join(dir, pkg.main || "index.js"));
} catch (error) {
  process.send({ type: "init-error", error: { errorType: error.name || "Error", errorMessage: String(error.message || error) } });
  setTimeout(() => process.exit(1), 50);
  return;
}
const describe = () => [...registrations.values()].map(({ metadata }) => {
  const trigger = Object.values(metadata.bindings || {}).find((b) => /Trigger$/.test(b.type));
  return { name: metadata.name, type: trigger && trigger.type, route: trigger && trigger.route, methods: trigger && trigger.methods, authLevel: trigger && trigger.authLevel };
});
process.on("message", async (message) => {
  if (!message || message.type !== "invoke") return;
  const reply = (body) => process.send(Object.assign({ type: "result", id: message.id }, body));
  if (message.target === "__list") return reply({ result: describe() });
  const registration = registrations.get(message.target);
  if (!registration) return reply({ error: { errorType: "FunctionNotFound", errorMessage: "no function named " + message.target } });
  const input = message.payload;
  const context = new functions.InvocationContext({
    invocationId: input.invocationId || randomUUID(),
    functionName: message.target,
    logHandler: (level, ...args) => (level === "error" || level === "warning" ? console.error : console.log)(...args),
  });
  try {
    const request = new functions.HttpRequest({
      method: input.method, url: input.url, headers: input.headers, query: input.query, params: input.params,
      body: input.body ? { bytes: Buffer.from(input.body, "base64") } : undefined,
    });
    const result = await registration.callback(request, context);
    const response = result instanceof functions.HttpResponse ? result : new functions.HttpResponse(result || {});
    const headers = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    for (const cookie of response.cookies || []) headers.push(["set-cookie", cookie.name + "=" + cookie.value]);
    const body = Buffer.from(await response.arrayBuffer());
    reply({ result: { status: response.status, headers, body: body.toString("base64") } });
  } catch (error) {
    console.error("Executed '" + message.target + "' (Failed): " + (error && error.stack || error));
    reply({ error: { errorType: (error && error.name) || "Error", errorMessage: String((error && error.message) || error) } });
  }
});
// The gateway is gone (even killed): nothing can invoke this process any more.
process.on("disconnect", () => process.exit(0));
process.send({ type: "ready" });
`;

export interface FunctionDescription {
  readonly name: string;
  readonly type?: string;
  readonly route?: string;
  readonly methods?: readonly string[];
  readonly authLevel?: string;
}

interface Route {
  readonly fn: FunctionDescription;
  readonly pattern: RegExp;
  readonly params: readonly string[];
  /** 0 literal, 1 parameters, 2 catch-all: literal routes win, as in ASP.NET routing. */
  readonly rank: number;
}

/** Turns a Functions route template (`items/{id}`, `{*path}`, `{id:int?}`) into a matcher. */
export function compileRoute(fn: FunctionDescription, routePrefix: string): Route {
  const template = [routePrefix, fn.route ?? fn.name].filter(Boolean).join("/").replace(/^\/+|\/+$/g, "");
  const params: string[] = [];
  let rank = 0;
  const parts = template.split("/").map((segment) => {
    const match = /^\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::[^}?]+)?(\?)?\}$/.exec(segment);
    if (!match) return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
    params.push(match[2]!);
    if (match[1]) {
      rank = 2;
      return "(?:/(.*))?";
    }
    rank = Math.max(rank, 1);
    return match[3] ? "(?:/([^/]+))?" : "/([^/]+)";
  });
  return { fn, params, rank, pattern: new RegExp(`^${template === "" ? "/?" : parts.join("")}/?$`, "i") };
}

export interface FunctionAppOptions {
  readonly name: string;
  readonly zipPath: string;
  readonly workDir: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly output?: (line: string) => void;
  readonly onInvocation?: (entry: { fn: string; method: string; path: string; status: number; ms: number; error?: string }) => void;
}

export class LocalFunctionApp {
  private routes: Route[] = [];

  private constructor(
    readonly name: string,
    private readonly worker: FunctionWorker,
    private readonly options: FunctionAppOptions,
    private readonly routePrefix: string,
  ) {}

  static async fromZip(options: FunctionAppOptions): Promise<LocalFunctionApp> {
    const digest = path.basename(options.zipPath, ".zip").slice(-12);
    // One directory per instance: several gateways (and test runs) may host the same digest at once.
    const codeDir = path.join(options.workDir, `${options.name}-${digest}-${process.pid}-${randomBytes(3).toString("hex")}`);
    fs.rmSync(codeDir, { recursive: true, force: true });
    fs.mkdirSync(codeDir, { recursive: true });
    await extractZip(options.zipPath, codeDir);
    const hostJson = readJson(path.join(codeDir, "host.json")) as { extensions?: { http?: { routePrefix?: string } } } | undefined;
    const routePrefix = hostJson?.extensions?.http?.routePrefix ?? "api";
    const worker = new FunctionWorker({
      name: options.name,
      codeDir,
      bootstrap: FUNCTIONS_BOOTSTRAP,
      timeoutMs: FUNCTIONS_HTTP_TIMEOUT_SECONDS * 1000,
      output: options.output,
      env: { FUNCTIONS_WORKER_RUNTIME: "node", WEBSITE_SITE_NAME: options.name, AzureWebJobsScriptRoot: codeDir, ...options.env },
    });
    return new LocalFunctionApp(options.name, worker, options, routePrefix);
  }

  /** Starts the worker and reads the functions it registered. */
  async start(): Promise<readonly FunctionDescription[]> {
    await this.worker.start();
    const listed = await this.worker.invoke("__list", {});
    if (!listed.ok) throw new Error(`${this.name}: could not list functions: ${listed.error.errorMessage}`);
    const functions = listed.result as FunctionDescription[];
    this.routes = functions
      .filter((fn) => fn.type === "httpTrigger")
      .map((fn) => compileRoute(fn, this.routePrefix))
      .sort((a, b) => a.rank - b.rank);
    return functions;
  }

  get functionNames(): string[] {
    return this.routes.map((r) => r.fn.name);
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  /** Calls one function directly with an HTTP request (what the host does after routing). */
  invokeHttp(functionName: string, request: { method: string; url: string; headers: Record<string, string>; body?: Buffer; params?: Record<string, string> }): Promise<InvokeOutcome> {
    const url = new URL(request.url);
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] ??= value;
    return this.worker.invoke(functionName, {
      invocationId: randomUUID(),
      method: request.method,
      url: request.url,
      headers: request.headers,
      query,
      params: request.params ?? {},
      body: request.body && request.body.length > 0 ? request.body.toString("base64") : undefined,
    });
  }

  /** The Function App's HTTP front door: route, invoke, answer as the host does. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const url = requestUrl(req.url) ?? new URL("http://localhost/");
    url.host = safeHost(req.headers.host);
    const method = (req.method ?? "GET").toUpperCase();
    const route = this.routes.find((r) => r.pattern.test(url.pathname) && (!r.fn.methods || r.fn.methods.length === 0 || r.fn.methods.map((m) => m.toUpperCase()).includes(method)));
    const log = (fn: string, status: number, error?: string) => this.options.onInvocation?.({ fn, method, path: req.url ?? "/", status, ms: Date.now() - started, ...(error ? { error } : {}) });
    if (!route) {
      res.writeHead(404).end();
      return log("-", 404);
    }
    const body = await readBody(req, FUNCTIONS_MAX_REQUEST_BYTES).catch(() => "aborted" as const);
    if (body === "aborted") return log(route.fn.name, 499); // the client closed mid-upload: nobody to answer
    if (!body) {
      res.writeHead(413).end();
      return log(route.fn.name, 413);
    }
    const match = route.pattern.exec(url.pathname)!;
    const params = Object.fromEntries(route.params.map((name, i) => [name, decodeSegment(match[i + 1] ?? "")]));
    if (Object.values(params).some((value) => value === undefined)) {
      // The host refuses a route value it cannot decode before any function runs.
      res.writeHead(400).end();
      return log(route.fn.name, 400);
    }
    const headers = safeRecord<string>();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    const outcome = await this.invokeHttp(route.fn.name, { method, url: url.toString(), headers, body, params: params as Record<string, string> });
    if (!outcome.ok) {
      // The host answers a failed invocation with an empty 500.
      res.writeHead(500).end();
      return log(route.fn.name, 500, `${outcome.error.errorType}: ${outcome.error.errorMessage}`);
    }
    const result = outcome.result as { status: number; headers: [string, string][]; body: string };
    const grouped = new Map<string, string[]>();
    for (const [name, value] of result.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
    for (const [name, values] of grouped) res.setHeader(name, name === "set-cookie" ? values : values.join(", "));
    res.statusCode = result.status;
    res.end(Buffer.from(result.body, "base64"));
    log(route.fn.name, result.status);
  };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

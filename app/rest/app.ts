/**
 * The reference REST app, in the style of Semantest's server: a plain Express app, so any host
 * (a Node http server, API Gateway through serverless-express, Azure Functions, the local gateway)
 * runs it unchanged. Errors are JSON: `{"error": {"code", "message", "field"}}`.
 */
import express, { type ErrorRequestHandler, type Express, type NextFunction, type Request, type Response } from "express";
import { validateEnvelope, type EventEnvelope } from "./envelope";
import { MemoryEventStore, type EventStore } from "./event-store";
import { automationRequested, DISPATCH_PATH, newRequestId, parseDispatch } from "./dispatch";
import { callerOf } from "./caller";
import type { RestAppContext } from "./host-context";

export interface RestAppOptions extends RestAppContext {
  /** Where accepted events go. @default an in-memory store that de-duplicates by id */
  readonly store?: EventStore;
  /** Largest accepted JSON body, in bytes. @default 262144 (256 KB; API Gateway and Functions allow more) */
  readonly maxBodyBytes?: number;
  /** Read for `/version`: SEMANTEST_APP_NAME, SEMANTEST_APP_VERSION, SEMANTEST_COMMIT. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
  /** Request ids for dispatches, for tests. @default a random UUID */
  readonly requestId?: () => string;
}

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
const JSON_TYPES = ["application/json", "application/*+json"];

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly field: string | null; readonly details?: readonly { field: string; message: string }[] };
}

function sendError(res: Response, status: number, code: string, message: string, field: string | null = null, details?: ErrorBody["error"]["details"]): void {
  const body: ErrorBody = { error: { code, message, field, ...(details ? { details } : {}) } };
  res.status(status).type("application/json").send(JSON.stringify(body));
}

/** The app's identity for `/version`, from the environment the host gives it. */
export function versionInfo(env: Readonly<Record<string, string | undefined>>): { name: string; version: string; commit: string } {
  return {
    name: env.SEMANTEST_APP_NAME || "semantest-reference-app",
    version: env.SEMANTEST_APP_VERSION || "0.0.0",
    commit: env.SEMANTEST_COMMIT || env.GIT_COMMIT || "unknown",
  };
}

/** Some host adapters hand the app an already-read body (Buffer or string); parse it like express.json would. */
function bodyOf(req: Request): { ok: true; value: unknown } | { ok: false } {
  const body: unknown = req.body;
  if (Buffer.isBuffer(body) || typeof body === "string") {
    try {
      return { ok: true, value: JSON.parse(body.toString()) };
    } catch {
      return { ok: false };
    }
  }
  return { ok: true, value: body };
}

export function createApp(options: RestAppOptions = {}): Express {
  const store = options.store ?? new MemoryEventStore();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const requestId = options.requestId ?? newRequestId;
  const connections = options.connections;
  const startedAt = now();

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);

  app.get("/health", (_req, res) => {
    res.json({ status: "ok", uptimeSeconds: Math.max(0, Math.round((now() - startedAt) / 1000)) });
  });

  app.get("/version", (_req, res) => {
    res.json(versionInfo(env));
  });

  // The verified caller (caller.ts), or null on a route no token was checked for.
  app.get("/me", (req, res) => {
    res.json({ caller: callerOf(req) ?? null });
  });

  const requireJson = (req: Request, res: Response, next: NextFunction) => {
    if (!req.is(JSON_TYPES)) {
      const got = req.headers["content-type"] ?? "none";
      return sendError(res, 415, "UNSUPPORTED_MEDIA_TYPE", `Content-Type ${JSON.stringify(got)} is not accepted; send application/json`, "content-type");
    }
    next();
  };

  app.post("/events", requireJson, express.json({ limit: maxBodyBytes, type: JSON_TYPES, strict: false }), async (req, res, next) => {
    try {
      const body = bodyOf(req);
      if (!body.ok) return sendError(res, 400, "MALFORMED_JSON", "the request body is not valid JSON", "body");
      const result = validateEnvelope(body.value);
      if (!result.ok) {
        const first = result.problems[0]!;
        return sendError(res, 400, "INVALID_EVENT", result.problems.map((p) => p.message).join("; "), first.field || "body", result.problems);
      }
      const outcome = await store.append(result.event);
      res.status(202).json({ id: result.event.id, status: outcome });
    } catch (error) {
      next(error);
    }
  });

  app.post(DISPATCH_PATH, requireJson, express.json({ limit: maxBodyBytes, type: JSON_TYPES, strict: false }), async (req, res, next) => {
    try {
      const body = bodyOf(req);
      if (!body.ok) return sendError(res, 400, "MALFORMED_JSON", "the request body is not valid JSON", "body");
      const parsed = parseDispatch(body.value);
      if (!parsed.ok) {
        return sendError(res, 400, "INVALID_DISPATCH", parsed.problems.map((p) => p.message).join("; "), parsed.problems[0]!.field, parsed.problems);
      }
      if (!connections) {
        return sendError(res, 503, "PUSH_UNAVAILABLE", "this deployment has no WebSocket component to push to; add semantest:components.websocket", null);
      }
      const id = requestId();
      let delivered: number;
      try {
        delivered = (await connections.broadcast(automationRequested(id, parsed.request), { topic: parsed.request.extensionId })).delivered;
      } catch (error) {
        // The WebSocket service (or its credential) is unreachable: say so, rather than a bare 500.
        console.error(JSON.stringify({ level: "error", message: "dispatch push failed", requestId: id, error: String(error) }));
        return sendError(res, 502, "PUSH_FAILED", `request ${id} could not be pushed: the WebSocket service did not answer; retry later`, null);
      }
      res.status(202).json({ requestId: id, delivered });
    } catch (error) {
      next(error);
    }
  });

  // Known paths with the wrong method: 405 with Allow, so a client learns what the path takes.
  const allowed: Record<string, string> = { "/health": "GET, HEAD", "/version": "GET, HEAD", "/events": "POST", [DISPATCH_PATH]: "POST" };
  app.all(Object.keys(allowed), (req, res) => {
    // Express matches `/events/` too (non-strict routing): look the path up without its trailing slash.
    const allow = allowed[req.path.replace(/\/+$/, "")] ?? "GET";
    res.setHeader("Allow", allow);
    sendError(res, 405, "METHOD_NOT_ALLOWED", `${req.method} is not allowed on ${req.path}; allowed: ${allow}`, "method");
  });

  app.use((req, res) => {
    sendError(res, 404, "NOT_FOUND", `no route for ${req.method} ${req.path}`, "path");
  });

  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    const type = (error as { type?: string }).type;
    if (res.headersSent) return;
    if (type === "entity.too.large") return sendError(res, 413, "PAYLOAD_TOO_LARGE", `the request body is larger than the limit of ${maxBodyBytes} bytes`, "body");
    if (type === "entity.parse.failed") return sendError(res, 400, "MALFORMED_JSON", "the request body is not valid JSON", "body");
    if (type === "encoding.unsupported" || type === "charset.unsupported") {
      return sendError(res, 415, "UNSUPPORTED_MEDIA_TYPE", String((error as Error).message), "content-type");
    }
    const status = (error as { status?: number }).status;
    if (typeof status === "number" && status >= 400 && status < 500) return sendError(res, status, "BAD_REQUEST", String((error as Error).message), null);
    return sendError(res, 500, "INTERNAL", "the server failed to handle the request", null);
  };
  app.use(onError);

  return app;
}

export type { EventEnvelope, RestAppContext };

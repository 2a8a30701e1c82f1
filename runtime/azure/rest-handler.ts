/**
 * Azure Functions (Node.js programming model v4) HTTP trigger -> the app's Node HTTP server,
 * through @codegenie/serverless-express: an Express app or a plain `(req, res)` listener runs
 * unchanged.
 *
 * The v4 model hands a fetch-style `HttpRequest` and takes an `HttpResponseInit`. No maintained
 * adapter speaks that natively today: serverless-express's built-in "AZURE_HTTP_FUNCTION_V4"
 * source and serverless-http's `azure` provider both read the v3 model's `req.rawBody`, and
 * @pagopa/express-azure-functions 4.x needs Express 4. serverless-express has a documented
 * extension point for exactly this, a custom `eventSource` ({ getRequest, getResponse }); the two
 * functions below are that source. serverless-http (runtime/aws's bridge) was tried first: its
 * request emits `end` twice for a body-less request, which breaks a listener that reads the body
 * of a GET (tests/azure/rest-handler.test.ts, "binary bodies").
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import serverlessExpress from "@codegenie/serverless-express";
import type { IncomingMessage, RequestListener, ServerResponse } from "http";
import type { JwtAuthorizerContext } from "../shared/auth-claims";

export type AzureHttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** Response content types passed back as bytes, not text. */
export const BINARY_CONTENT_TYPES = ["application/octet-stream", "application/pdf", "application/zip", "image/*", "font/*", "audio/*", "video/*"];

/** One request as the bridge sees it: the v4 request with its body already read. */
export interface FunctionsHttpEvent {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  /** The verified caller (runtime/azure/auth.ts), handed to the app as `req.requestContext.authorizer`. */
  readonly authorizer?: JwtAuthorizerContext;
}

/**
 * The verified caller of each request, from the auth gate (withRestAuth) to the bridge: keyed by the
 * request object, so concurrent invocations in one worker never see each other's caller.
 */
const authorizers = new WeakMap<HttpRequest, JwtAuthorizerContext>();

export function setAuthorizer(request: HttpRequest, authorizer: JwtAuthorizerContext): void {
  authorizers.set(request, authorizer);
}

/**
 * serverless-express builds the Node request from `getRequest`'s method, path, headers and body
 * only, so the caller crosses as this internal header, read and removed before the app runs
 * (`withRequestContext`). A client's own copy is dropped in `toEvent`: only the gate sets it.
 */
export const AUTHORIZER_HEADER = "x-semantest-authorizer";

export async function toEvent(request: HttpRequest): Promise<FunctionsHttpEvent> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
  delete headers[AUTHORIZER_HEADER];
  const authorizer = authorizers.get(request);
  return { method: request.method, url: request.url, headers, body: Buffer.from(await request.arrayBuffer()), ...(authorizer ? { authorizer } : {}) };
}

/** serverless-express `eventSource.getRequest`: what its Node request is built from. */
export function getRequest({ event }: { event: FunctionsHttpEvent }) {
  const url = new URL(event.url);
  const headers: Record<string, string> = { ...event.headers };
  delete headers[AUTHORIZER_HEADER];
  if (event.authorizer) headers[AUTHORIZER_HEADER] = encodeURIComponent(JSON.stringify(event.authorizer));
  if (event.body.length > 0) headers["content-length"] = String(event.body.length);
  return {
    method: event.method,
    path: url.pathname + url.search,
    headers,
    body: event.body,
    remoteAddress: (headers["x-forwarded-for"] ?? "").split(",")[0].trim() || undefined,
  };
}

/**
 * The app as serverless-express runs it, seeing the caller where API Gateway puts it on AWS:
 * `req.requestContext.authorizer.jwt` (runtime/shared/auth-claims.ts); the internal header never
 * reaches the app. Apps are Express apps or `(req, res)` listeners (loadRestApp), both callable.
 */
export function withRequestContext(app: RequestListener | object): RequestListener {
  const listener = typeof app === "function" ? (app as RequestListener) : (req: IncomingMessage, res: ServerResponse) => (app as { handle(req: IncomingMessage, res: ServerResponse): void }).handle(req, res);
  return (req, res) => {
    const carried = req.headers[AUTHORIZER_HEADER];
    delete req.headers[AUTHORIZER_HEADER];
    const index = req.rawHeaders.findIndex((name, i) => i % 2 === 0 && name.toLowerCase() === AUTHORIZER_HEADER);
    if (index >= 0) req.rawHeaders.splice(index, 2);
    if (typeof carried === "string") {
      try {
        (req as IncomingMessage & { requestContext?: unknown }).requestContext = { authorizer: JSON.parse(decodeURIComponent(carried)) as JwtAuthorizerContext };
      } catch {
        // Only the gate writes it; an unreadable value means no caller.
      }
    }
    return listener(req, res);
  };
}

/** serverless-express `eventSource.getResponse`: its response as a v4 `HttpResponseInit`. */
export function getResponse({ statusCode, body, headers = {}, isBase64Encoded = false }: { statusCode: number; body: string; headers?: Record<string, string | string[] | number>; isBase64Encoded?: boolean }): HttpResponseInit {
  const out = new Headers();
  for (const [key, value] of Object.entries(headers)) {
    for (const item of Array.isArray(value) ? value : [value]) out.append(key, String(item)); // keeps every Set-Cookie
  }
  return { status: statusCode, headers: out, body: isBase64Encoded ? Buffer.from(body, "base64") : body };
}

/**
 * The HTTP trigger's handler. The app is loaded once per instance (on the first request), so a
 * failing app module answers 500 with a JSON error instead of crashing the worker.
 */
export function createRestHandler(loadApp: () => Promise<RequestListener | object>): AzureHttpHandler {
  let serve: Promise<(event: FunctionsHttpEvent, context: object) => Promise<HttpResponseInit>> | undefined;
  return async (request, context) => {
    serve ??= loadApp().then(
      (app) =>
        serverlessExpress({
          app: withRequestContext(app),
          eventSourceName: "AZURE_HTTP_FUNCTION_V4", // only used to pick its error path (a 500 through getResponse)
          eventSource: { getRequest, getResponse },
          binarySettings: { contentTypes: BINARY_CONTENT_TYPES },
          logSettings: { level: "error" },
        }) as unknown as (event: FunctionsHttpEvent, context: object) => Promise<HttpResponseInit>,
    );
    let handle: Awaited<typeof serve>;
    try {
      handle = await serve;
    } catch (error) {
      serve = undefined; // retry on the next request: the cause may be transient
      context.error(JSON.stringify({ level: "error", message: "app failed to load", error: String(error), invocationId: context.invocationId }));
      return jsonError(500, "app_unavailable", "the application failed to start");
    }
    try {
      return await handle(await toEvent(request), {});
    } catch (error) {
      context.error(JSON.stringify({ level: "error", message: "request failed in the adapter", error: String(error), invocationId: context.invocationId }));
      return jsonError(500, "internal", "the request could not be handled");
    }
  };
}

export function jsonError(status: number, code: string, message: string): HttpResponseInit {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: { code, message } }) };
}

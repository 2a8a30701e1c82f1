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
import type { RequestListener } from "http";

export type AzureHttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** Response content types passed back as bytes, not text. */
export const BINARY_CONTENT_TYPES = ["application/octet-stream", "application/pdf", "application/zip", "image/*", "font/*", "audio/*", "video/*"];

/** One request as the bridge sees it: the v4 request with its body already read. */
export interface FunctionsHttpEvent {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export async function toEvent(request: HttpRequest): Promise<FunctionsHttpEvent> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
  return { method: request.method, url: request.url, headers, body: Buffer.from(await request.arrayBuffer()) };
}

/** serverless-express `eventSource.getRequest`: what its Node request is built from. */
export function getRequest({ event }: { event: FunctionsHttpEvent }) {
  const url = new URL(event.url);
  const headers: Record<string, string> = { ...event.headers };
  if (event.body.length > 0) headers["content-length"] = String(event.body.length);
  return {
    method: event.method,
    path: url.pathname + url.search,
    headers,
    body: event.body,
    remoteAddress: (headers["x-forwarded-for"] ?? "").split(",")[0].trim() || undefined,
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
          app: app as RequestListener,
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

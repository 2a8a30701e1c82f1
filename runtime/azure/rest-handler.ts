/**
 * Azure Functions (Node.js programming model v4) HTTP trigger -> the app's Node HTTP server,
 * through serverless-http, the same bridge runtime/aws uses: an Express app or a plain
 * `(req, res)` listener runs unchanged.
 *
 * serverless-http's `azure` provider speaks the v3 programming model (`(context, req)` with
 * `req.rawBody`, a result of `{ status, headers, body, isBase64Encoded }`). The v4 model hands a
 * fetch-style `HttpRequest` and takes an `HttpResponseInit`; `toV3Request` / `toResponseInit` are
 * the two small, tested conversions between them. No maintained adapter speaks v4 natively today:
 * @codegenie/serverless-express's "AZURE_HTTP_FUNCTION_V4" source is the same v3-shaped request,
 * and @pagopa/express-azure-functions 4.x needs Express 4.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type { RequestListener } from "http";
import serverless from "serverless-http";

export type AzureHttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** Response content types passed back as bytes, not text. */
export const BINARY_CONTENT_TYPES = ["application/octet-stream", "application/pdf", "application/zip", "image/*", "font/*", "audio/*", "video/*"];

/** The request serverless-http's azure provider reads (the v3 programming model's `req`). */
export interface V3Request {
  readonly method: string;
  /** Path only; serverless-http appends `query`. */
  readonly url: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string>;
  readonly rawBody: Buffer;
}

/** The v4 request as serverless-http's azure provider expects it. */
export async function toV3Request(request: HttpRequest): Promise<V3Request> {
  const url = new URL(request.url);
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
  const rawBody = Buffer.from(await request.arrayBuffer());
  return { method: request.method, url: url.pathname, query, headers, rawBody };
}

interface V3Result {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly isBase64Encoded: boolean;
  readonly body: string;
}

/** serverless-http's v3-shaped result as a v4 `HttpResponseInit` (binary bodies as bytes). */
export function toResponseInit(result: V3Result): HttpResponseInit {
  const headers = new Headers();
  for (const [key, value] of Object.entries(result.headers)) {
    // serverless-http spreads several Set-Cookie headers over differently-cased keys (a v3 trick).
    if (key.toLowerCase() === "set-cookie") headers.append("set-cookie", value);
    else headers.set(key, value);
  }
  const body = result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body;
  return { status: result.status, headers, body };
}

/** serverless-http logs every response through `context.log` (v3); the v4 context logs for us. */
const QUIET_CONTEXT = { log: () => undefined };

/**
 * The HTTP trigger's handler. The app is loaded once per instance (on the first request), so a
 * failing app module answers 500 with a JSON error instead of crashing the worker.
 */
export function createRestHandler(loadApp: () => Promise<RequestListener | object>): AzureHttpHandler {
  let serve: Promise<(context: unknown, req: V3Request) => Promise<V3Result>> | undefined;
  return async (request, context) => {
    serve ??= loadApp().then(
      (app) => serverless(app as Parameters<typeof serverless>[0], { provider: "azure", binary: BINARY_CONTENT_TYPES }) as unknown as (context: unknown, req: V3Request) => Promise<V3Result>,
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
      return toResponseInit(await handle(QUIET_CONTEXT, await toV3Request(request)));
    } catch (error) {
      context.error(JSON.stringify({ level: "error", message: "request failed in the adapter", error: String(error), invocationId: context.invocationId }));
      return jsonError(500, "internal", "the request could not be handled");
    }
  };
}

export function jsonError(status: number, code: string, message: string): HttpResponseInit {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: { code, message } }) };
}

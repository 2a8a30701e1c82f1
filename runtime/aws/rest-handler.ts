/**
 * API Gateway HTTP API (payload format 2.0) -> the app's Node HTTP server, through serverless-http:
 * an Express app or a plain `(req, res)` listener runs unchanged. serverless-http was chosen over
 * @codegenie/serverless-express for its size (no dependencies, a few KB minified; it matters for
 * cold starts) and because it speaks payload 2.0 (cookies, base64 bodies) natively.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import serverless from "serverless-http";
import type { IncomingMessage, RequestListener, ServerResponse } from "http";
import type { CorsPolicy } from "../../domain/config/cors-policy";
import { preflight, withCorsHeaders } from "./cors";

export type RestHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Binary content types returned base64-encoded (API Gateway decodes them for the client). */
export const BINARY_CONTENT_TYPES = ["application/octet-stream", "application/pdf", "application/zip", "image/*", "font/*", "audio/*", "video/*"];

export interface RestHandlerOptions {
  /** Answer CORS in the function (origin patterns the HTTP API cannot express); absent = API Gateway does it. */
  readonly cors?: CorsPolicy;
}

/**
 * The Lambda handler. The app is loaded once per execution environment (on the first request),
 * so a failing app module answers 500 with a JSON error instead of crashing the runtime.
 */
export function createRestHandler(loadApp: () => Promise<RequestListener | object>, options: RestHandlerOptions = {}): RestHandler {
  const serve = bridge(loadApp);
  const cors = options.cors;
  if (!cors) return serve;
  return async (event, context) => preflight(cors, event) ?? withCorsHeaders(cors, event, await serve(event, context));
}

function bridge(loadApp: () => Promise<RequestListener | object>): RestHandler {
  let handler: Promise<ReturnType<typeof serverless>> | undefined;
  return async (event, context) => {
    handler ??= loadApp().then((app) => serverless(endOnce(app) as Parameters<typeof serverless>[0], { binary: BINARY_CONTENT_TYPES }));
    let serve: ReturnType<typeof serverless>;
    try {
      serve = await handler;
    } catch (error) {
      handler = undefined; // retry on the next request: the cause may be transient
      console.error(JSON.stringify({ level: "error", message: "app failed to load", error: String(error), requestId: context.awsRequestId }));
      return jsonError(500, "app_unavailable", "the application failed to start");
    }
    return (await serve(event, context)) as APIGatewayProxyStructuredResultV2;
  };
}

/**
 * serverless-http 4.0 emits 'end' by hand on a body-less request and the stream emits it again when
 * the app reads the body, so a listener that reads every request's body answers twice and the
 * second `res.end` throws "write after end" outside any handler. Requests reach the app with
 * 'end' emitted at most once; an Express app (whose body parsers skip body-less requests) is
 * unaffected either way.
 */
export function endOnce(app: RequestListener | object): RequestListener | object {
  // Frameworks (Express's `handle`, Koa's `callback`...) are served through their own entry points.
  if (typeof app !== "function" || typeof (app as { handle?: unknown }).handle === "function") return app;
  const listener = app as RequestListener;
  const wrapped = (req: IncomingMessage, res: ServerResponse) => {
    const emit = req.emit.bind(req);
    let ended = false;
    req.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (event === "end") {
        if (ended) return false;
        ended = true;
      }
      return emit(event, ...args);
    }) as typeof req.emit;
    return listener(req, res);
  };
  return wrapped;
}

function jsonError(statusCode: number, code: string, message: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: { code, message } }) };
}

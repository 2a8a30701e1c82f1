/**
 * The Lambda Invoke API on this machine (Lambda API reference, "Invoke":
 * `POST /2015-03-31/functions/{FunctionName}/invocations?Qualifier=…`), enough for the real
 * `LambdaClient` (`AWS_ENDPOINT_URL_LAMBDA`) of a handler that forwards a WebSocket event to the
 * connection's version (runtime/aws/pinning.ts). Answers as Lambda does: the result as the body,
 * `X-Amz-Function-Error: Unhandled` for a failed invocation, `X-Amz-Executed-Version`, and typed
 * errors (`x-amzn-errortype`) for an unknown function or version and a body that is not JSON.
 */
import type { IncomingMessage, ServerResponse } from "http";
import { decodeSegment, requestUrl } from "../safe-input";
import { readBody, requestId as newRequestId } from "./http-api";
import type { LocalAlias } from "./alias";

/** Synchronous invocation payload limit: 6 MB (Lambda quotas). */
export const INVOKE_PAYLOAD_MAX_BYTES = 6 * 1024 * 1024;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export interface LambdaApiOptions {
  /** The functions by name, each an alias holding its versions. */
  readonly functions: () => ReadonlyMap<string, LocalAlias | undefined>;
  readonly onInvocation?: (entry: { functionName: string; qualifier: string; status: number }) => void;
}

/** Handles an Invoke request; false when the request is for something else. */
export function handleLambdaInvoke(req: IncomingMessage, res: ServerResponse, options: LambdaApiOptions): boolean {
  const url = requestUrl(req.url);
  const match = url && INVOKE_PATH.exec(url.pathname);
  if (!url || !match) return false;
  void invoke(req, res, decodeSegment(match[1]!) ?? match[1]!, url.searchParams.get("Qualifier") ?? "$LATEST", options).catch(() => {
    if (!res.headersSent && !res.destroyed) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ message: "Internal server error" }));
  });
  return true;
}

async function invoke(req: IncomingMessage, res: ServerResponse, functionName: string, qualifier: string, options: LambdaApiOptions): Promise<void> {
  const id = newRequestId();
  const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": id, ...headers }).end(body);
    options.onInvocation?.({ functionName, qualifier, status });
  };
  const error = (status: number, type: string, message: string) => answer(status, JSON.stringify({ Type: "User", message }), { "x-amzn-errortype": type });
  if (req.method !== "POST") {
    await readBody(req, 0).catch(() => undefined);
    return error(405, "MethodNotAllowedException", `${req.method} is not supported on invocations`);
  }
  if (!/^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? "")) {
    await readBody(req, 0).catch(() => undefined);
    return error(403, "AccessDeniedException", "Missing Authentication Token");
  }
  const body = await readBody(req, INVOKE_PAYLOAD_MAX_BYTES).catch(() => "aborted" as const);
  if (body === "aborted") return;
  if (!body) return error(413, "RequestTooLargeException", `Request must be smaller than ${INVOKE_PAYLOAD_MAX_BYTES} bytes for the InvokeFunction operation`);
  let event: unknown;
  try {
    event = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
  } catch {
    return error(400, "InvalidRequestContentException", "Could not parse request body into json");
  }
  const alias = options.functions().get(functionName);
  if (!alias) return error(404, "ResourceNotFoundException", `Function not found: ${functionName}`);
  const lambda = alias.version(qualifier);
  if (!lambda) return error(404, "ResourceNotFoundException", `Function not found: ${functionName}:${qualifier}`);
  const outcome = await lambda.invoke(event, id);
  if (!outcome.ok) return answer(200, JSON.stringify(outcome.error), { "x-amz-function-error": "Unhandled", "x-amz-executed-version": qualifier });
  return answer(200, JSON.stringify(outcome.result ?? null), { "x-amz-executed-version": qualifier });
}

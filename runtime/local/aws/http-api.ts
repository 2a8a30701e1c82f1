/**
 * API Gateway HTTP API emulation: a Node request becomes a payload-format-2.0 event, the handler's
 * result becomes the response, exactly as the API Gateway Developer Guide ("Working with AWS Lambda
 * proxy integrations for HTTP APIs") describes both, including its error answers and limits.
 */
import { randomBytes } from "crypto";
import type { IncomingMessage, ServerResponse } from "http";
import { decodeSegment, requestUrl, safeRecord } from "../safe-input";
import type { InvokeOutcome } from "../worker";
import type { HttpApiAuthDecision } from "../auth-decisions";

/** HTTP API quotas: request payload 10 MB; integration timeout 30 s (enforced by the function worker). */
export const HTTP_API_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export interface HttpApiEventV2 {
  readonly version: "2.0";
  readonly routeKey: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly cookies?: string[];
  readonly headers: Record<string, string>;
  readonly queryStringParameters?: Record<string, string>;
  readonly requestContext: {
    readonly accountId: string;
    readonly apiId: string;
    readonly domainName: string;
    readonly domainPrefix: string;
    readonly http: { readonly method: string; readonly path: string; readonly protocol: string; readonly sourceIp: string; readonly userAgent: string };
    readonly requestId: string;
    readonly routeKey: string;
    readonly stage: string;
    readonly time: string;
    readonly timeEpoch: number;
  };
  readonly body?: string;
  readonly isBase64Encoded: boolean;
}

export interface HttpApiEventOptions {
  readonly apiId?: string;
  readonly stage?: string;
  readonly requestId?: string;
  readonly now?: number;
}

const TEXT_TYPES = /^(text\/|application\/(json|[\w.+-]*\+json|xml|[\w.+-]*\+xml|javascript|x-www-form-urlencoded|graphql))/i;

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
export function clfTime(epochMs: number): string {
  const d = new Date(epochMs);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** API Gateway's request ids look like `JKJaXmPLvHcESHA=`. */
export function requestId(): string {
  return randomBytes(10).toString("base64");
}

/** Builds the payload-2.0 event for a request whose body has been read. */
export function toHttpApiEventV2(req: IncomingMessage, body: Buffer, options: HttpApiEventOptions = {}): HttpApiEventV2 {
  const url = requestUrl(req.url) ?? new URL("http://localhost/");
  const headers = safeRecord<string>();
  let cookies: string[] | undefined;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (name === "cookie") {
      // Payload 2.0 moves cookies out of the headers into `cookies`.
      cookies = [...(cookies ?? []), ...value.split(";").map((c) => c.trim()).filter(Boolean)];
      continue;
    }
    // Duplicate headers are joined with commas.
    headers[name] = Object.prototype.hasOwnProperty.call(headers, name) ? `${headers[name]},${value}` : value;
  }
  const host = headers.host ?? "localhost";
  const sourceIp = (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
  headers["x-forwarded-for"] = headers["x-forwarded-for"] ? `${headers["x-forwarded-for"]}, ${sourceIp}` : sourceIp;
  headers["x-forwarded-proto"] ??= "http";
  headers["x-forwarded-port"] ??= String(req.socket.localPort ?? 80);
  let query: Record<string, string> | undefined;
  for (const [key, value] of url.searchParams) {
    query ??= safeRecord<string>();
    query[key] = Object.prototype.hasOwnProperty.call(query, key) ? `${query[key]},${value}` : value;
  }
  const now = options.now ?? Date.now();
  const contentType = headers["content-type"] ?? "";
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  const path = decodeSegment(url.pathname) ?? url.pathname;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ""),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: options.apiId ?? "local",
      domainName: host,
      domainPrefix: host.split(".")[0]!.split(":")[0]!,
      http: { method: req.method ?? "GET", path, protocol: `HTTP/${req.httpVersion}`, sourceIp, userAgent: headers["user-agent"] ?? "" },
      requestId: options.requestId ?? requestId(),
      routeKey: "$default",
      stage: options.stage ?? "$default",
      time: clfTime(now),
      timeEpoch: now,
    },
    ...(body.length > 0 ? { body: isText ? body.toString("utf8") : body.toString("base64") } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

interface StructuredResult {
  statusCode: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, (string | number | boolean)[]>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

/**
 * Writes the handler's result. A result without `statusCode` is JSON with status 200, as API Gateway
 * infers for payload 2.0; a failed invocation is `500 {"message":"Internal Server Error"}`; a timeout
 * is `503 {"message":"Service Unavailable"}`.
 */
export function writeHttpApiResult(res: ServerResponse, outcome: InvokeOutcome, apiRequestId: string): number {
  res.setHeader("apigw-requestid", apiRequestId);
  if (!outcome.ok) {
    const [status, message] = outcome.kind === "timeout" ? [503, "Service Unavailable"] : [500, "Internal Server Error"];
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ message }));
    return status;
  }
  const result = outcome.result;
  if (typeof result !== "object" || result === null || typeof (result as StructuredResult).statusCode !== "number") {
    const body = typeof result === "string" ? result : JSON.stringify(result);
    res.writeHead(200, { "content-type": "application/json" }).end(body);
    return 200;
  }
  const structured = result as StructuredResult;
  for (const [name, value] of Object.entries(structured.headers ?? {})) res.setHeader(name, String(value));
  for (const [name, values] of Object.entries(structured.multiValueHeaders ?? {})) res.setHeader(name, values.map(String));
  if (structured.cookies?.length) res.setHeader("set-cookie", structured.cookies);
  res.statusCode = structured.statusCode;
  res.end(structured.body === undefined ? undefined : Buffer.from(structured.body, structured.isBase64Encoded ? "base64" : "utf8"));
  return structured.statusCode;
}

/** Reads a request body up to `limit` bytes; resolves undefined when it is larger. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else if (!tooLarge) chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export interface HttpApiEmulatorOptions {
  readonly invoke: (event: HttpApiEventV2, requestId: string) => Promise<InvokeOutcome>;
  readonly apiId?: string;
  readonly maxPayloadBytes?: number;
  /** Called once per request with what happened (the gateway's one-line log). */
  readonly onInvocation?: (entry: { method: string; path: string; status: number; ms: number; requestId: string; error?: string }) => void;
  /** A JWT authorizer in front of the routes (runtime/local/auth.ts httpApiJwtAuthorizer); absent = open, as the stack without auth. */
  readonly authorize?: (event: HttpApiEventV2) => Promise<HttpApiAuthDecision>;
}

/** A request listener that is an HTTP API with one `$default` route to one Lambda. */
export class HttpApiEmulator {
  constructor(private readonly options: HttpApiEmulatorOptions) {}

  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const id = requestId();
    const limit = this.options.maxPayloadBytes ?? HTTP_API_MAX_PAYLOAD_BYTES;
    const log = (status: number, error?: string) =>
      this.options.onInvocation?.({ method: req.method ?? "GET", path: req.url ?? "/", status, ms: Date.now() - started, requestId: id, ...(error ? { error } : {}) });
    try {
      const url = requestUrl(req.url);
      if (!url || decodeSegment(url.pathname) === undefined) {
        // A path that is not a URL or has a bad percent-encoding never reaches the integration.
        await readBody(req, 0).catch(() => undefined);
        res.writeHead(400, { "content-type": "application/json", "apigw-requestid": id }).end(JSON.stringify({ message: "Bad Request" }));
        return log(400);
      }
      const body = await readBody(req, limit);
      if (!body) {
        res.writeHead(413, { "content-type": "application/json", "apigw-requestid": id }).end(JSON.stringify({ message: "Request Entity Too Large" }));
        return log(413);
      }
      let event = toHttpApiEventV2(req, body, { apiId: this.options.apiId, requestId: id, now: started });
      const decision = await this.options.authorize?.(event);
      if (decision && !decision.ok) {
        res.writeHead(decision.status, { ...decision.headers, "apigw-requestid": id }).end(decision.body); // refused before the integration
        return log(decision.status);
      }
      if (decision?.authorizer) event = { ...event, routeKey: decision.routeKey, requestContext: { ...event.requestContext, routeKey: decision.routeKey, authorizer: decision.authorizer } } as HttpApiEventV2;
      const outcome = await this.options.invoke(event, id);
      const status = writeHttpApiResult(res, outcome, id);
      log(status, outcome.ok ? undefined : `${outcome.error.errorType}: ${outcome.error.errorMessage}`);
    } catch (error) {
      if (req.destroyed || req.readableAborted) return log(499, "the client closed the connection"); // nobody to answer
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ message: "Internal Server Error" }));
      log(500, String((error as Error)?.message ?? error));
    }
  };
}

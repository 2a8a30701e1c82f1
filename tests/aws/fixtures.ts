/**
 * API Gateway events shaped as in AWS's documentation: HTTP API payload format 2.0 (API Gateway
 * Developer Guide, "Working with AWS Lambda proxy integrations for HTTP APIs") and WebSocket
 * `$connect` / `$default` / `$disconnect` (the Lambda proxy input for WebSocket APIs).
 */
const DOMAIN = "abcdef1234.execute-api.us-east-1.amazonaws.com";

export function httpEvent(method: string, path: string, options: { body?: string; headers?: Record<string, string>; query?: string; base64?: boolean } = {}) {
  const headers = { accept: "application/json", host: DOMAIN, "user-agent": "jest", "x-forwarded-for": "192.0.2.1", "x-forwarded-proto": "https", ...(options.headers ?? {}) };
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: options.query ?? "",
    cookies: ["session=abc"],
    headers,
    queryStringParameters: options.query ? Object.fromEntries(new URLSearchParams(options.query)) : undefined,
    requestContext: {
      accountId: "123456789012",
      apiId: "abcdef1234",
      domainName: DOMAIN,
      domainPrefix: "abcdef1234",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "jest" },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: "$default",
      stage: "$default",
      time: "22/Nov/2026:17:00:00 +0000",
      timeEpoch: 1795366800000,
    },
    body: options.body,
    isBase64Encoded: options.base64 ?? false,
  };
}

function wsContext(routeKey: string, eventType: string, connectionId: string, extra: Record<string, unknown> = {}) {
  return {
    routeKey,
    eventType,
    extendedRequestId: `ext-${connectionId}`,
    requestTime: "22/Nov/2026:17:00:00 +0000",
    messageDirection: "IN",
    stage: "dev",
    connectedAt: 1795366800000,
    requestTimeEpoch: 1795366800000,
    identity: { sourceIp: "192.0.2.1", userAgent: "jest" },
    requestId: `req-${connectionId}`,
    domainName: DOMAIN,
    connectionId,
    apiId: "abcdef1234",
    ...extra,
  };
}

export function connectEvent(connectionId: string, query: Record<string, string> = {}) {
  return {
    headers: { Host: DOMAIN, "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13" },
    multiValueHeaders: { Host: [DOMAIN] },
    queryStringParameters: Object.keys(query).length ? query : undefined,
    requestContext: wsContext("$connect", "CONNECT", connectionId),
    isBase64Encoded: false,
  };
}

export function messageEvent(connectionId: string, body: string) {
  return { requestContext: wsContext("$default", "MESSAGE", connectionId, { messageId: `msg-${Math.random().toString(36).slice(2)}` }), body, isBase64Encoded: false };
}

export function disconnectEvent(connectionId: string) {
  return {
    headers: { Host: DOMAIN },
    requestContext: wsContext("$disconnect", "DISCONNECT", connectionId, { disconnectStatusCode: 1001, disconnectReason: "Going away" }),
    isBase64Encoded: false,
  };
}

/**
 * Where the suite connects, from a stack's outputs: `restApiUrl`, and `webSocketUrl` (API Gateway:
 * clients connect to it directly) or, for Web PubSub (`.../client/hubs/<hub>`, which needs a token),
 * the negotiate URL (`webSocketNegotiateUrl` output, or given explicitly). `invoke` reads the
 * WebSocket side alone.
 */
import type { VerifyEndpoints } from "./contract";

export type EndpointsResult = { readonly ok: true; readonly endpoints: VerifyEndpoints } | { readonly ok: false; readonly problem: string };
export type WebSocketEndpointResult = { readonly ok: true; readonly webSocket: VerifyEndpoints["webSocket"] } | { readonly ok: false; readonly problem: string };

const isHttpUrl = (value: unknown): value is string => typeof value === "string" && /^https?:\/\/[^\s/]+/.test(value);
const isWsUrl = (value: unknown): value is string => typeof value === "string" && /^wss?:\/\/[^\s/]+/.test(value);

/** The REST API's base URL (`restApiUrl`), or the problem naming the output. */
export function restUrlFromOutputs(outputs: Readonly<Record<string, unknown>>): { readonly ok: true; readonly url: string } | { readonly ok: false; readonly problem: string } {
  const rest = outputs.restApiUrl;
  if (!isHttpUrl(rest)) return { ok: false, problem: `the stack output restApiUrl is ${JSON.stringify(rest ?? null)}; expected an http(s) URL (is the rest-api component deployed?)` };
  return { ok: true, url: rest };
}

/** How a client reaches the WebSocket server: directly (API Gateway) or through negotiate (Web PubSub). */
export function webSocketFromOutputs(outputs: Readonly<Record<string, unknown>>, negotiateUrl?: string): WebSocketEndpointResult {
  const ws = outputs.webSocketUrl;
  if (!isWsUrl(ws)) return { ok: false, problem: `the stack output webSocketUrl is ${JSON.stringify(ws ?? null)}; expected a ws(s) URL (is the websocket component deployed?)` };
  if (!/\/client\/hubs\/[^/]+\/?$/.test(ws)) return { ok: true, webSocket: { kind: "direct", url: ws } };
  const negotiate = negotiateUrl ?? outputs.webSocketNegotiateUrl;
  if (!isHttpUrl(negotiate)) {
    return { ok: false, problem: `webSocketUrl ${ws} is a Web PubSub hub, whose clients need a token from negotiate; the stack has no webSocketNegotiateUrl output (got ${JSON.stringify(negotiate ?? null)}): pass --negotiate-url https://<websocket-app>/negotiate` };
  }
  return { ok: true, webSocket: { kind: "negotiate", url: negotiate } };
}

export function endpointsFromOutputs(outputs: Readonly<Record<string, unknown>>, negotiateUrl?: string): EndpointsResult {
  const rest = restUrlFromOutputs(outputs);
  if (!rest.ok) return rest;
  const ws = webSocketFromOutputs(outputs, negotiateUrl);
  if (!ws.ok) return ws;
  return { ok: true, endpoints: { restUrl: rest.url, webSocket: ws.webSocket } };
}

/**
 * Where the suite connects, from a stack's outputs: `restApiUrl`, and `webSocketUrl` (API Gateway:
 * clients connect to it directly) or, for Web PubSub (`.../client/hubs/<hub>`, which needs a token),
 * the negotiate URL (`webSocketNegotiateUrl` output, or given explicitly).
 */
import type { VerifyEndpoints } from "./contract";

export type EndpointsResult = { readonly ok: true; readonly endpoints: VerifyEndpoints } | { readonly ok: false; readonly problem: string };

const isHttpUrl = (value: unknown): value is string => typeof value === "string" && /^https?:\/\/[^\s/]+/.test(value);
const isWsUrl = (value: unknown): value is string => typeof value === "string" && /^wss?:\/\/[^\s/]+/.test(value);

export function endpointsFromOutputs(outputs: Readonly<Record<string, unknown>>, negotiateUrl?: string): EndpointsResult {
  const rest = outputs.restApiUrl;
  const ws = outputs.webSocketUrl;
  if (!isHttpUrl(rest)) return { ok: false, problem: `the stack output restApiUrl is ${JSON.stringify(rest ?? null)}; expected an http(s) URL (is the rest-api component deployed?)` };
  if (!isWsUrl(ws)) return { ok: false, problem: `the stack output webSocketUrl is ${JSON.stringify(ws ?? null)}; expected a ws(s) URL (is the websocket component deployed?)` };
  if (!/\/client\/hubs\/[^/]+\/?$/.test(ws)) return { ok: true, endpoints: { restUrl: rest, webSocket: { kind: "direct", url: ws } } };
  const negotiate = negotiateUrl ?? outputs.webSocketNegotiateUrl;
  if (!isHttpUrl(negotiate)) {
    return { ok: false, problem: `webSocketUrl ${ws} is a Web PubSub hub, whose clients need a token from negotiate; the stack has no webSocketNegotiateUrl output (got ${JSON.stringify(negotiate ?? null)}): pass --negotiate-url https://<websocket-app>/negotiate` };
  }
  return { ok: true, endpoints: { restUrl: rest, webSocket: { kind: "negotiate", url: negotiate } } };
}

/**
 * Runs the contract suite: every check, in order, each isolated (one failing check never stops
 * the others), each timed. This is what `verify` prints and what `deploy --verify` can call.
 */
import { forgedToken, NEEDS_TOKEN_HINT, redact } from "./auth";
import { restNeedsToken } from "./stack-auth";
import { contractChecks, negotiate } from "./checks";
import { CheckOutcome, fail, skip, type Check, type CheckContext, type CheckResult, type HttpAnswer, type SocketOpening, type Transport, type VerifyEndpoints, type VerifyOptions } from "./contract";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Why an API refused a request, from its `www-authenticate` (API Gateway and the adapters name the reason there). */
export function refusalReason(answer: HttpAnswer): string {
  const challenge = answer.headers["www-authenticate"];
  return `${answer.status}${challenge ? ` (www-authenticate: ${challenge.slice(0, 200)})` : ` ${answer.body.slice(0, 120)}`}`;
}

const tokenAdvice = (status: number) =>
  status === 403 ? "the token is valid but lacks the route's scopes" : "check the token's issuer, audience (aud or client_id) and expiry against the stack's auth";

export function checkContext(endpoints: VerifyEndpoints, transport: Transport, options: VerifyOptions = {}): CheckContext {
  const restBase = endpoints.restUrl.replace(/\/+$/, "");
  const { auth, token } = options;
  // Unknown auth: a given token goes everywhere; known: only where the stack asks for one.
  const webSocketToken = auth === undefined || auth.webSocket !== undefined ? token : undefined;
  const tokenSource = auth?.webSocket?.tokenSource ?? "query";
  const context: CheckContext = {
    endpoints,
    transport,
    origin: options.origin ?? "http://localhost:3000",
    timeoutMs: options.timeoutMs ?? 10_000,
    tag: options.runTag ?? Date.now().toString(36),
    auth,
    hasToken: token !== undefined,
    rest: (path) => `${restBase}${path}`,
    async call({ path, token: mode, headers, ...request }) {
      const rule = restNeedsToken(auth, request.method, path);
      if (mode === undefined && rule?.needed && !token) skip(`${rule.routeKey} needs a token (the stack's auth protects it): ${NEEDS_TOKEN_HINT}`);
      const sent = mode === "none" ? undefined : mode === "forged" ? token && forgedToken(token) : rule?.needed === false ? undefined : token;
      const answer = await transport.http({ ...request, url: context.rest(path), headers: { ...headers, ...(sent ? bearer(sent) : {}) } });
      if (mode === undefined && sent && (answer.status === 401 || answer.status === 403)) fail(`${request.method} ${path} refused the token: ${refusalReason(answer)}; ${tokenAdvice(answer.status)}`);
      if (mode === undefined && !sent && answer.status === 401 && /^bearer/i.test(answer.headers["www-authenticate"] ?? "")) {
        fail(`${request.method} ${path} answered ${refusalReason(answer)}: it needs a token${rule && !rule.needed ? ", though the stack's auth lists it as public" : `: ${NEEDS_TOKEN_HINT}`}`);
      }
      return answer;
    },
    negotiate: (query = "") => negotiate(context, query, webSocketToken ? bearer(webSocketToken) : undefined),
    async tryConnect(query = "", protocols, anonymous = false) {
      const sent = anonymous ? undefined : webSocketToken;
      if (endpoints.webSocket.kind === "negotiate") return transport.openSocket(await negotiate(context, query, sent ? bearer(sent) : undefined), protocols);
      const url = new URL(`${endpoints.webSocket.url}${query}`);
      if (sent && tokenSource === "query") url.searchParams.set("access_token", sent);
      return transport.openSocket(url.toString(), protocols, sent && tokenSource === "header" ? bearer(sent) : undefined);
    },
    async connect(query = "") {
      if (auth?.webSocket && !token) skip(`the WebSocket needs a token (the stack's auth protects ${endpoints.webSocket.kind === "negotiate" ? "negotiate" : "$connect"}): ${NEEDS_TOKEN_HINT}`);
      const opening: SocketOpening = await context.tryConnect(query);
      if (!opening.ok) {
        const refused = webSocketToken && (opening.status === 401 || opening.status === 403);
        fail(`the WebSocket handshake was refused: ${opening.status ?? ""} ${opening.reason}`.trim() + (refused ? `: the $connect authorizer refused the token; ${tokenAdvice(opening.status!)}` : ""));
      }
      return (opening as Extract<SocketOpening, { ok: true }>).session;
    },
  };
  return context;
}

export async function runContract(endpoints: VerifyEndpoints, transport: Transport, options: VerifyOptions & { readonly checks?: readonly Check[]; readonly onResult?: (result: CheckResult) => void } = {}): Promise<CheckResult[]> {
  const context = checkContext(endpoints, transport, options);
  const results: CheckResult[] = [];
  for (const check of options.checks ?? contractChecks(options.auth)) {
    const started = Date.now();
    let result: CheckResult;
    try {
      const detail = await check.run(context);
      result = { name: check.name, status: "pass", detail, ms: Date.now() - started };
    } catch (error) {
      const outcome = error instanceof CheckOutcome ? error : undefined;
      result = { name: check.name, status: outcome?.status ?? "fail", detail: outcome?.message ?? `unexpected error: ${String((error as Error)?.message ?? error)}`, ms: Date.now() - started };
    }
    // The token is a credential: no detail carries it, whatever a server or a library echoed.
    result = { ...result, detail: redact(result.detail, options.token) };
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

/**
 * Runs the contract suite: every check, in order, each isolated (one failing check never stops
 * the others), each timed. This is what `verify` prints and what `deploy --verify` can call.
 */
import { negotiate, CONTRACT_CHECKS } from "./checks";
import { CheckOutcome, fail, type Check, type CheckContext, type CheckResult, type SocketOpening, type Transport, type VerifyEndpoints, type VerifyOptions } from "./contract";

export function checkContext(endpoints: VerifyEndpoints, transport: Transport, options: VerifyOptions = {}): CheckContext {
  const restBase = endpoints.restUrl.replace(/\/+$/, "");
  const context: CheckContext = {
    endpoints,
    transport,
    origin: options.origin ?? "http://localhost:3000",
    timeoutMs: options.timeoutMs ?? 10_000,
    tag: options.runTag ?? Date.now().toString(36),
    rest: (path) => `${restBase}${path}`,
    async tryConnect(query = "", protocols) {
      const url = endpoints.webSocket.kind === "negotiate" ? await negotiate(context, query) : `${endpoints.webSocket.url}${query}`;
      return transport.openSocket(url, protocols);
    },
    async connect(query = "") {
      const opening: SocketOpening = await context.tryConnect(query);
      if (!opening.ok) fail(`the WebSocket handshake was refused: ${opening.status ?? ""} ${opening.reason}`.trim());
      return (opening as Extract<SocketOpening, { ok: true }>).session;
    },
  };
  return context;
}

export async function runContract(endpoints: VerifyEndpoints, transport: Transport, options: VerifyOptions & { readonly checks?: readonly Check[]; readonly onResult?: (result: CheckResult) => void } = {}): Promise<CheckResult[]> {
  const context = checkContext(endpoints, transport, options);
  const results: CheckResult[] = [];
  for (const check of options.checks ?? CONTRACT_CHECKS) {
    const started = Date.now();
    let result: CheckResult;
    try {
      const detail = await check.run(context);
      result = { name: check.name, status: "pass", detail, ms: Date.now() - started };
    } catch (error) {
      const outcome = error instanceof CheckOutcome ? error : undefined;
      result = { name: check.name, status: outcome?.status ?? "fail", detail: outcome?.message ?? `unexpected error: ${String((error as Error)?.message ?? error)}`, ms: Date.now() - started };
    }
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

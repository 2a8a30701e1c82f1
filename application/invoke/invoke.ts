/**
 * The `invoke` use case: one call to a deployed component, at the URL its stack outputs name, for
 * a smoke check from a terminal. REST: one HTTP request; its status decides the outcome (2xx ok).
 * WebSocket: connect (negotiating first on Web PubSub, as the verify suite does), send one
 * message, wait for the first frame, close. The HTTP and WebSocket client is the verify suite's
 * Transport port; the CLI passes its Node transport.
 */
import { guard } from "../engine-errors";
import { OperationError } from "../errors";
import { ExitCodes } from "../exit-codes";
import type { Ports } from "../ports";
import { validStack } from "../shared";
import type { Transport } from "../verify/contract";
import { restUrlFromOutputs, webSocketFromOutputs } from "../verify/endpoints";
import { checkContext } from "../verify/run-contract";
import { parseInvoke, type InvokeFlags } from "./request";

export interface InvokeRequest extends InvokeFlags {
  readonly stack: string;
  /** Web PubSub: the negotiate URL when the stack has no webSocketNegotiateUrl output. */
  readonly negotiateUrl?: string;
}

export interface RestInvokeResult {
  readonly stack: string;
  readonly component: "rest-api";
  readonly request: { readonly method: string; readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly body?: string };
  readonly response: { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string };
  readonly ms: number;
  /** True for a 2xx status. */
  readonly ok: boolean;
}

export interface WebSocketInvokeResult {
  readonly stack: string;
  readonly component: "websocket";
  /** The URL the client connected to, or on Web PubSub the negotiate URL it asked first (the client URL carries an access token). */
  readonly url: string;
  readonly negotiated: boolean;
  readonly sent: string;
  /** The first frame received (JSON-parsed when it is JSON), or null when none came. */
  readonly reply: unknown;
  /** Why there is no reply: the handshake refusal, a close, or the timeout. */
  readonly problem?: string;
  /** Where it stopped: before a connection (negotiate, handshake) or waiting for the reply. */
  readonly failedAt?: "connect" | "reply";
  readonly connectMs: number;
  readonly replyMs: number | null;
  readonly ok: boolean;
}

export type InvokeResult = RestInvokeResult | WebSocketInvokeResult;

const EXAMPLE = "semantest-iac invoke --env dev --component rest-api --path /health";

export async function invoke(ports: Ports, transport: Transport, request: InvokeRequest): Promise<InvokeResult> {
  const stack = validStack(request.stack, "invoke", EXAMPLE);
  const parsed = parseInvoke(request);
  if (!parsed.ok) throw new OperationError("USAGE", parsed.problem, ExitCodes.usage, EXAMPLE);
  if (request.negotiateUrl !== undefined && !/^https?:\/\/\S+$/.test(request.negotiateUrl)) {
    throw new OperationError("USAGE", `--negotiate-url ${JSON.stringify(request.negotiateUrl)} is not an http(s) URL`, ExitCodes.usage, EXAMPLE);
  }
  const plan = parsed.plan;
  const engine = ports.engine();
  await guard(engine.check());
  const outputs = await guard((await guard(engine.openStack(stack), stack)).outputs(), stack);
  const now = () => ports.clock.now().getTime();

  if (plan.component === "rest-api") {
    const rest = restUrlFromOutputs(outputs);
    if (!rest.ok) throw new OperationError("NO_ENDPOINTS", `stack ${stack}: ${rest.problem}`, ExitCodes.usage, `semantest-iac status --env ${stack}`);
    const url = `${rest.url.replace(/\/+$/, "")}${plan.path}`;
    const started = now();
    let answer;
    try {
      answer = await transport.http({ method: plan.method, url, headers: plan.headers, body: plan.body, timeoutMs: plan.timeoutMs });
    } catch (error) {
      throw new OperationError("INVOKE_FAILED", `${plan.method} ${url} got no answer: ${describe(error)}`, ExitCodes.failed, "check the URL (semantest-iac status), the network, or raise --timeout");
    }
    return {
      stack,
      component: "rest-api",
      request: { method: plan.method, url, headers: plan.headers, ...(plan.body !== undefined ? { body: plan.body } : {}) },
      response: answer,
      ms: now() - started,
      ok: answer.status >= 200 && answer.status <= 299,
    };
  }

  const ws = webSocketFromOutputs(outputs, request.negotiateUrl);
  if (!ws.ok) throw new OperationError("NO_ENDPOINTS", `stack ${stack}: ${ws.problem}`, ExitCodes.usage, `semantest-iac status --env ${stack}`);
  const negotiated = ws.webSocket.kind === "negotiate";
  const base = { stack, component: "websocket" as const, url: ws.webSocket.url, negotiated, sent: plan.message };
  const started = now();
  const context = checkContext({ restUrl: "", webSocket: ws.webSocket }, transport, { timeoutMs: plan.timeoutMs });
  let opening;
  try {
    opening = await context.tryConnect();
  } catch (error) {
    // negotiate answered something other than {url}, or the transport failed.
    return { ...base, reply: null, problem: describe(error), failedAt: "connect", connectMs: now() - started, replyMs: null, ok: false };
  }
  const connectMs = now() - started;
  if (!opening.ok) {
    return { ...base, reply: null, problem: `the handshake was refused: ${[opening.status, opening.reason].filter(Boolean).join(" ")}`, failedAt: "connect", connectMs, replyMs: null, ok: false };
  }
  const session = opening.session;
  try {
    const sentAt = now();
    session.send(plan.message);
    const reply = await session.next(() => true, plan.timeoutMs);
    return { ...base, reply, connectMs, replyMs: now() - sentAt, ok: true };
  } catch (error) {
    return { ...base, reply: null, problem: describe(error), failedAt: "reply", connectMs, replyMs: null, ok: false };
  } finally {
    session.close();
  }
}

function describe(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string; code?: string } };
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${String(e?.message ?? error)}${cause ? ` (${cause})` : ""}`.split("\n")[0];
}

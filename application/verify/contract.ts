/**
 * The contract a deployment of Semantest's REST API + WebSocket server must keep, as one suite of
 * checks run through a Transport port: the same checks against the local gateway
 * (`verify --local`) and against a deployed stack (`verify --env`), and callable by `deploy`
 * after an update. No I/O here besides the port: the CLI supplies fetch + ws.
 */

import type { VerifyAuth } from "./auth";

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Give up after this long. @default 30000 */
  readonly timeoutMs?: number;
}

export interface HttpAnswer {
  readonly status: number;
  /** Header names lower-case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** An open WebSocket: text frames in and out. */
export interface SocketSession {
  send(text: string): void;
  /** Resolves with the first received frame (JSON-parsed when it is JSON) matching `predicate`; rejects on timeout or close. */
  next(predicate: (frame: unknown) => boolean, timeoutMs: number): Promise<unknown>;
  /** Resolves when the connection closes (either side), with its code. */
  closed(timeoutMs: number): Promise<{ code: number; reason: string } | undefined>;
  close(): void;
}

export type SocketOpening = { readonly ok: true; readonly session: SocketSession } | { readonly ok: false; readonly status?: number; readonly reason: string };

export interface Transport {
  http(request: HttpRequest): Promise<HttpAnswer>;
  /** `headers` go on the handshake (a WebSocket authorizer reading `Authorization`). */
  openSocket(url: string, protocols?: readonly string[], headers?: Readonly<Record<string, string>>): Promise<SocketOpening>;
}

export interface VerifyEndpoints {
  /** The REST API's base URL (`restApiUrl`). */
  readonly restUrl: string;
  /** A WebSocket URL clients connect to directly (API Gateway), or a negotiate URL returning `{ url }` (Web PubSub). */
  readonly webSocket: { readonly kind: "direct" | "negotiate"; readonly url: string };
}

export type CheckStatus = "pass" | "fail" | "skip";

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly ms: number;
}

export interface VerifyOptions {
  /** The browser origin the CORS preflight claims. @default "http://localhost:3000" */
  readonly origin?: string;
  /** How long to wait for one frame or answer. @default 10000 */
  readonly timeoutMs?: number;
  /** Unique per run (topic names, event ids), for runs against shared stacks. @default a time-based tag */
  readonly runTag?: string;
  /**
   * The stack's auth (which probes need a token, where a WebSocket token goes); `{}` for a stack
   * without auth. @default unknown: the token, if any, goes on every probe, and no probe is skipped
   */
  readonly auth?: VerifyAuth;
  /** A JWT from the stack's issuer for the protected probes; never printed (auth.ts). @default none: protected probes are skipped */
  readonly token?: string;
}

/** A check outcome short of `pass`: thrown by a check to fail or skip with a reason. */
export class CheckOutcome extends Error {
  constructor(
    readonly status: "fail" | "skip",
    message: string,
  ) {
    super(message);
  }
}

export function fail(message: string): never {
  throw new CheckOutcome("fail", message);
}

export function skip(message: string): never {
  throw new CheckOutcome("skip", message);
}

export interface CheckContext {
  readonly endpoints: VerifyEndpoints;
  readonly transport: Transport;
  readonly origin: string;
  readonly timeoutMs: number;
  readonly tag: string;
  /** The stack's auth, when known (VerifyOptions.auth). */
  readonly auth?: VerifyAuth;
  /** A token was given. */
  readonly hasToken: boolean;
  /** A REST URL for a path (`/health`). */
  rest(path: string): string;
  /**
   * A REST call as a client makes it: with the token when the route needs one (skips the check when
   * it does and none was given; fails it, saying so, when the API refuses the token).
   * `token: "none"` sends none, `"forged"` a copy with a broken signature (the `auth` check).
   */
  call(request: Omit<HttpRequest, "url"> & { readonly path: string; readonly token?: "none" | "forged" }): Promise<HttpAnswer>;
  /** Web PubSub: the client URL from negotiate, asked with the token when the stack's WebSocket needs one. */
  negotiate(query?: string): Promise<string>;
  /** Opens a WebSocket the way a client does (negotiating first on Web PubSub, with the token when the stack's WebSocket needs one); fails the check when refused. */
  connect(query?: string): Promise<SocketSession>;
  /** Same, but reports a refusal instead of failing; `anonymous` leaves the token out. */
  tryConnect(query?: string, protocols?: readonly string[], anonymous?: boolean): Promise<SocketOpening>;
}

export interface Check {
  readonly name: string;
  readonly description: string;
  /** Resolves with the detail of a pass; throws CheckOutcome to fail or skip (any other error fails). */
  run(context: CheckContext): Promise<string>;
}

/** The number of failed checks decides the exit code: 0 failed = success. */
export function failedChecks(results: readonly CheckResult[]): number {
  return results.filter((r) => r.status === "fail").length;
}

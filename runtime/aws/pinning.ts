/**
 * Per-connection version pinning, the handler's side (contract: pinning-contract.ts). A route
 * event that reaches a version other than the one that accepted its connection is invoked again
 * on that version (Lambda Invoke, `Qualifier`), so one connection's messages are all handled by one
 * version while a weighted alias splits new connections. The function's role may invoke its own
 * published versions only (components/aws/websocket-pinning.ts).
 */
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { FORWARDED_FROM, RELEASE_COMMAND, type CloseVersionCommand } from "./pinning-contract";

export interface RouteResult {
  readonly statusCode: number;
  readonly body?: string;
}

/** Runs `event` on `version` of this function and returns its result. */
export type Forward = (version: string, event: unknown) => Promise<RouteResult>;

export class ForwardError extends Error {}

/**
 * The forwarder on Lambda: a synchronous Invoke of this function at `version`. The Lambda client
 * is loaded on the first forward only (the Node.js runtime ships SDK v3; outside a release no
 * event is ever forwarded, so no cold start pays for it).
 */
export function lambdaForwarder(functionName: string, client?: () => Promise<LambdaClient>): Forward {
  let lambda: Promise<LambdaClient> | undefined;
  const load = client ?? (async () => new (await import("@aws-sdk/client-lambda")).LambdaClient({}));
  return async (version, event) => {
    const { InvokeCommand } = await import("@aws-sdk/client-lambda");
    const out = await (await (lambda ??= load())).send(new InvokeCommand({ FunctionName: functionName, Qualifier: version, Payload: Buffer.from(JSON.stringify(event)) }));
    const text = out.Payload ? Buffer.from(out.Payload).toString("utf8") : "";
    if (out.FunctionError) throw new ForwardError(`version ${version} failed (${out.FunctionError}): ${text.slice(0, 300)}`);
    return toResult(text);
  };
}

function toResult(text: string): RouteResult {
  try {
    const value = JSON.parse(text) as { statusCode?: unknown; body?: unknown } | null;
    if (value && typeof value.statusCode === "number") return { statusCode: value.statusCode, ...(typeof value.body === "string" ? { body: value.body } : {}) };
  } catch {
    // not JSON: API Gateway treats a result without a status as 200, so does the forwarder
  }
  return { statusCode: 200 };
}

/** The version of this execution environment: Lambda's `context.functionVersion` (a number behind an alias, `$LATEST` otherwise). */
export function ownVersion(context: { readonly functionVersion?: unknown } | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const version = typeof context?.functionVersion === "string" ? context.functionVersion : env.AWS_LAMBDA_FUNCTION_VERSION;
  return version || undefined;
}

/** Whether an event was forwarded by another version (it is then handled here, never forwarded again). */
export function wasForwarded(event: unknown): boolean {
  return typeof event === "object" && event !== null && FORWARDED_FROM in event;
}

export function markForwarded<T extends object>(event: T, from: string): T & { [FORWARDED_FROM]: string } {
  return { ...event, [FORWARDED_FROM]: from };
}

/**
 * A connection's version never changes, so each execution environment remembers the ones it has
 * read (bounded: the oldest entry goes first).
 */
export class PinCache {
  private readonly pins = new Map<string, string | null>();
  constructor(private readonly max = 10_000) {}

  get(connectionId: string): string | null | undefined {
    return this.pins.get(connectionId);
  }

  set(connectionId: string, version: string | null): void {
    if (this.pins.size >= this.max) this.pins.delete(this.pins.keys().next().value as string);
    this.pins.set(connectionId, version);
  }

  delete(connectionId: string): void {
    this.pins.delete(connectionId);
  }
}

/**
 * A release command from the program (`aws.lambda.Invocation`): undefined when `event` is not
 * one; an Error naming the field when it is one but malformed.
 */
export function readReleaseCommand(event: unknown): CloseVersionCommand | Error | undefined {
  if (typeof event !== "object" || event === null || !(RELEASE_COMMAND in event)) return undefined;
  const raw = (event as Record<string, unknown>)[RELEASE_COMMAND] as Record<string, unknown> | null;
  if (typeof raw !== "object" || raw === null) return new Error(`${RELEASE_COMMAND}: ${JSON.stringify(raw)} is not an object; expected { action: "close-version", version, keep, endpoint, reason }`);
  if (raw.action !== "close-version") return new Error(`${RELEASE_COMMAND}.action: ${JSON.stringify(raw.action)} is not a known command; allowed: close-version`);
  for (const key of ["version", "keep", "reason"] as const) {
    if (typeof raw[key] !== "string" || raw[key] === "") return new Error(`${RELEASE_COMMAND}.${key}: ${JSON.stringify(raw[key])} is not a non-empty string`);
  }
  if (typeof raw.endpoint !== "string" || !/^https?:\/\/[^/\s]+\/\S+$/.test(raw.endpoint)) {
    return new Error(`${RELEASE_COMMAND}.endpoint: ${JSON.stringify(raw.endpoint)} is not a management endpoint; expected https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`);
  }
  return raw as unknown as CloseVersionCommand;
}

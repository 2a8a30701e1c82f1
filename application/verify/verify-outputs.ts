/**
 * The contract suite against a deployed stack, from its outputs (`deploy --verify`): the endpoints
 * come from `endpointsFromOutputs`; a stack without them gives a failed report naming the output
 * (the suite could not run), never an exception, because the deploy before it has succeeded.
 */
import type { CheckResult, Transport, VerifyOptions } from "./contract";
import { endpointsFromOutputs } from "./endpoints";
import { summarize, type VerifyReport } from "./report";
import { runContract } from "./run-contract";

export type { VerifyReport } from "./report";

export interface VerifyRequest extends VerifyOptions {
  /** How the suite reaches the endpoints (the CLI passes its Node transport). */
  readonly transport: Transport;
  /** Called as each check finishes. */
  readonly onResult?: (result: CheckResult) => void;
}

export async function verifyOutputs(outputs: Readonly<Record<string, unknown>>, request: VerifyRequest): Promise<VerifyReport> {
  const found = endpointsFromOutputs(outputs);
  if (!found.ok) return { ok: false, summary: { passed: 0, failed: 0, skipped: 0 }, checks: [], problem: found.problem };
  const { transport, onResult, ...options } = request;
  return summarize(await runContract(found.endpoints, transport, { ...options, onResult }));
}

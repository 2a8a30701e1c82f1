/** `semantest-iac deploy`: flags -> the deploy use case (application/deploy.ts) -> text or --json. */
import { deploy as deployUseCase, type DeployResult } from "../../application/deploy";
import { OperationError } from "../../application/errors";
import { ExitCodes } from "../../application/exit-codes";
import type { Transport } from "../../application/verify/contract";
import type { CommandContext } from "../context";
import { pendingLines, printJson, requireEnv } from "./shared";
import { checkLine, summaryLine } from "../render/checks";
import { rolloutLines } from "../render/rollout";
import { nodeTransport } from "../verify-transport";
import { verifyTokenFromEnv } from "./verify";

export interface DeployFlags {
  readonly env?: string;
  readonly component?: string;
  readonly provider?: string;
  readonly yes?: boolean;
  readonly skipChecks?: boolean;
  readonly json?: boolean;
  readonly message?: string;
  readonly verify?: boolean;
  readonly strategy?: string;
}

export async function deploy(flags: DeployFlags, ctx: CommandContext): Promise<number> {
  const stack = requireEnv(flags.env, "deploy", "semantest-iac deploy --env dev");
  const json = Boolean(flags.json);
  const token = verifyTokenFromEnv(ctx.env); // protected probes of --verify and the verify gate (docs/auth.md)
  const verify = flags.verify ? { transport: nodeTransport(), token } : undefined;
  let result: DeployResult;
  try {
    result = await deployUseCase(ctx.ports(json), {
      stack,
      component: flags.component,
      provider: flags.provider,
      yes: flags.yes,
      message: flags.message,
      skipChecks: flags.skipChecks,
      verify,
      strategy: flags.strategy,
      // A gated rollout's verify gate: the transport loads `ws` only if a step verifies.
      gateVerify: { transport: lazyTransport(), token },
    });
  } catch (error) {
    // A release shifted back (or stuck): say what each update did before the error line.
    const rollout = error instanceof OperationError ? (error.details?.rollout as (DeployResult["rollout"] & { reason?: string | null; detail?: string | null }) | undefined) : undefined;
    if (rollout && !json) ctx.io.stderr([`Release ${String(error instanceof OperationError ? error.details?.deploymentId : "")} on stack ${stack}:`, ...rolloutLines(rollout, rollout)].join("\n"));
    throw error;
  }
  if (json) printJson(ctx.io, result);
  else {
    const lines = [`Deployment ${result.deploymentId} completed on stack ${stack}${result.version ? ` (update v${result.version})` : ""}`];
    for (const [name, url] of Object.entries(result.endpoints)) lines.push(`  ${name}: ${url}`);
    ctx.io.stdout([...lines, ...rolloutLines(result.rollout), ...pendingLines(result.eventsPending), ...verifyLines(result.verify, result.deploymentId)].join("\n"));
  }
  // The update stands either way; a failed check (or no endpoints to check) is the command's failure.
  return result.verify && !result.verify.ok ? ExitCodes.failed : ExitCodes.ok;
}

function lazyTransport(): Transport {
  let transport: Transport | undefined;
  const get = () => (transport ??= nodeTransport());
  return { http: (request) => get().http(request), openSocket: (url, protocols, headers) => get().openSocket(url, protocols, headers) };
}

function verifyLines(report: DeployResult["verify"], deploymentId: string): string[] {
  if (!report) return [];
  const lines = ["Verify (contract suite against the deployed endpoints):"];
  if (report.problem) lines.push(`  could not run: ${report.problem}`);
  lines.push(...report.checks.map(checkLine), summaryLine(report));
  if (!report.ok) lines.push(`The deployment ${deploymentId} itself succeeded and is live; verification failed (exit 1).`);
  return lines;
}

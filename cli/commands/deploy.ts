/** `semantest-iac deploy`: flags -> the deploy use case (application/deploy.ts) -> text or --json. */
import { deploy as deployUseCase } from "../../application/deploy";
import { ExitCodes } from "../../application/exit-codes";
import type { CommandContext } from "../context";
import { pendingLines, printJson, requireEnv } from "./shared";

export interface DeployFlags {
  readonly env?: string;
  readonly component?: string;
  readonly provider?: string;
  readonly yes?: boolean;
  readonly skipChecks?: boolean;
  readonly json?: boolean;
  readonly message?: string;
}

export async function deploy(flags: DeployFlags, ctx: CommandContext): Promise<number> {
  const stack = requireEnv(flags.env, "deploy", "semantest-iac deploy --env dev");
  const json = Boolean(flags.json);
  const result = await deployUseCase(ctx.ports(json), { stack, component: flags.component, provider: flags.provider, yes: flags.yes, message: flags.message, skipChecks: flags.skipChecks });
  if (json) printJson(ctx.io, result);
  else {
    const lines = [`Deployment ${result.deploymentId} completed on stack ${stack}${result.version ? ` (update v${result.version})` : ""}`];
    for (const [name, url] of Object.entries(result.endpoints)) lines.push(`  ${name}: ${url}`);
    ctx.io.stdout([...lines, ...pendingLines(result.eventsPending)].join("\n"));
  }
  return ExitCodes.ok;
}

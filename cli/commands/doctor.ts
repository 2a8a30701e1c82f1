/**
 * `semantest-iac doctor --env <env>`: what the stack needs from this machine and its accounts,
 * checked before anything changes (application/doctor over adapters/account). `deploy`, `rollback`
 * and `destroy` run the same checks first (application/doctor preflight), which `--skip-checks` bypasses.
 */
import type { Command } from "commander";
import type { CheckResult, DoctorReport } from "../../application/doctor";
import { colors as pc } from "../colors";
import type { CommandContext } from "../context";
import { ExitCodes } from "../../application/exit-codes";
import { printJson, requireEnv } from "./shared";

export interface DoctorFlags {
  readonly env?: string;
  readonly config?: string;
  readonly json?: boolean;
}

export function registerDoctor(program: Command, ctx: CommandContext): void {
  program
    .command("doctor")
    .description("Check what the stack needs before anything changes: the Pulumi CLI and login, cloud credentials, account prerequisites, quotas, provider registrations, roles and regional availability.")
    .option("--env <env>", "stack / environment: selects Pulumi.<env>.yaml")
    .option("--config <file>", "read this stack file instead of Pulumi.<env>.yaml")
    .option("--json", "print one JSON document on stdout (errors too)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ semantest-iac doctor --env dev\n  $ semantest-iac doctor --env production --json\n\nExit codes: 0 nothing failed (pass, skip and info only), 2 usage or invalid config, 3 a check failed.\nSee docs/troubleshooting.md for each check and its fix.\n",
    )
    .action(async (flags: DoctorFlags) => ctx.setExitCode(await doctor(flags, ctx)));
}

export async function doctor(flags: DoctorFlags, ctx: CommandContext): Promise<number> {
  const stack = requireEnv(flags.env, "doctor", "semantest-iac doctor --env dev");
  // Loaded when run: the offline engine and the cloud SDK clients.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checkStack } = require("../../application/doctor") as typeof import("../../application/doctor");
  const result = await checkStack(ctx.ports(Boolean(flags.json)), { stack, configFile: flags.config });
  if (flags.json) printJson(ctx.io, result);
  else ctx.io.stdout(renderReport(result));
  return result.ok ? ExitCodes.ok : ExitCodes.environment;
}

/** Made when a report is rendered, not when the command list loads (cli/colors.ts loads picocolors on first use). */
const label = (status: CheckResult["status"]): string => ({ pass: pc.green("PASS"), fail: pc.red("FAIL"), skip: pc.dim("SKIP"), info: pc.cyan("INFO") })[status];

export function renderReport(result: DoctorReport): string {
  const lines = [`${pc.bold("Doctor")} for stack ${pc.cyan(result.stack)}`, ""];
  for (const check of result.checks) {
    lines.push(`${label(check.status)}  ${check.title}: ${check.detail}`);
    if (check.fix && check.status === "fail") lines.push(`      fix: ${check.fix}`);
  }
  const { pass, fail, skip, info } = result.summary;
  lines.push("", `${fail > 0 ? pc.red(`${fail} failed`) : pc.green("nothing failed")}; ${pass} passed, ${info} info, ${skip} skipped`);
  return lines.join("\n");
}

/**
 * `semantest-iac doctor --env <env>`: what the stack needs from this machine and its accounts,
 * checked before anything changes (application/doctor over adapters/account). `preflight` is the
 * same run for `deploy`, `rollback` and `destroy`, which `--skip-checks` bypasses.
 */
import type { Command } from "commander";
import type { CheckResult, DoctorReport } from "../../application/doctor";
import { colors as pc } from "../colors";
import type { CommandContext } from "../context";
import { ExitCodes } from "../exit-codes";
import { CliError } from "../output";
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
  const env = requireEnv(flags.env, "doctor", "semantest-iac doctor --env dev");
  const result = await runChecks(env, ctx, flags.config);
  if (flags.json) printJson(ctx.io, result);
  else ctx.io.stdout(renderReport(result));
  return result.ok ? ExitCodes.ok : ExitCodes.environment;
}

/**
 * For `deploy` / `rollback` / `destroy` (wired by the lead): runs the checks unless `skipChecks`,
 * prints failures on stderr, and throws PREFLIGHT (exit 3) when one failed. Returns the report.
 */
export async function preflight(env: string, ctx: CommandContext, options: { readonly skipChecks?: boolean; readonly configFile?: string } = {}): Promise<DoctorReport | undefined> {
  if (options.skipChecks) {
    ctx.io.stderr("note: --skip-checks: the doctor checks were not run");
    return undefined;
  }
  const result = await runChecks(env, ctx, options.configFile);
  if (!result.ok) {
    const failed = result.checks.filter((c) => c.status === "fail");
    throw new CliError("PREFLIGHT", `${failed.length} doctor check${failed.length === 1 ? "" : "s"} failed: ${failed.map((c) => `${c.title} (${c.detail})`).join("; ")}`, ExitCodes.environment, "fix them (semantest-iac doctor --env " + env + " shows how) or pass --skip-checks", { checks: failed });
  }
  return result;
}

async function runChecks(env: string, ctx: CommandContext, configFile: string | undefined): Promise<DoctorReport> {
  // Loaded here: the SDK clients and the offline engine only when doctor runs.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { runOfflinePreview } = require("../offline/preview") as typeof import("../offline/preview");
  const { readStackFile, stackFilePath } = require("../offline/stack-file") as typeof import("../offline/stack-file");
  const { runDoctor, stackNeeds } = require("../../application/doctor") as typeof import("../../application/doctor");
  const { AwsSdkAccountProbe, AzureSdkAccountProbe, PulumiCliCommandProbe } = require("../../adapters/account") as typeof import("../../adapters/account");
  /* eslint-enable @typescript-eslint/no-require-imports */

  // What the program declares for this config (offline, under mocks): the checks ask only what it needs.
  const evaluated = await runOfflinePreview({ projectDir: ctx.projectDir, env, configFile });
  if (!evaluated.ok) {
    const error = evaluated.error;
    throw new CliError(error.code, error.message, ExitCodes.usage, "correct the stack config (semantest-iac preview --env " + env + " --offline shows the same problems)", "problems" in error ? { problems: error.problems } : undefined);
  }
  const needs = stackNeeds(evaluated.value.configuration, evaluated.value.resources);
  const values = readStackFile(configFile ?? stackFilePath(ctx.projectDir, env)).values;
  const subscription = (values["azure-native:subscriptionId"] as string | undefined) ?? ctx.env.AZURE_SUBSCRIPTION_ID ?? ctx.env.ARM_SUBSCRIPTION_ID;
  return runDoctor(needs, {
    pulumi: new PulumiCliCommandProbe(ctx.env),
    aws: () => new AwsSdkAccountProbe({ region: needs.aws?.region ?? "us-east-1" }),
    azure: () => new AzureSdkAccountProbe({ subscriptionId: subscription }),
  });
}

const LABELS: Readonly<Record<CheckResult["status"], string>> = { pass: pc.green("PASS"), fail: pc.red("FAIL"), skip: pc.dim("SKIP"), info: pc.cyan("INFO") };

export function renderReport(result: DoctorReport): string {
  const lines = [`${pc.bold("Doctor")} for stack ${pc.cyan(result.stack)}`, ""];
  for (const check of result.checks) {
    lines.push(`${LABELS[check.status]}  ${check.title}: ${check.detail}`);
    if (check.fix && check.status === "fail") lines.push(`      fix: ${check.fix}`);
  }
  const { pass, fail, skip, info } = result.summary;
  lines.push("", `${fail > 0 ? pc.red(`${fail} failed`) : pc.green("nothing failed")}; ${pass} passed, ${info} info, ${skip} skipped`);
  return lines.join("\n");
}

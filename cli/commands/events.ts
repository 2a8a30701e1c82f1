/**
 * `semantest-iac events flush`: re-sends what earlier runs could not deliver from the stack's local
 * outbox (`.semantest/outbox/<stack>/`) to the sinks of its stack file. Needs no Pulumi CLI: the
 * outbox and the stack file are both on this machine.
 */
import * as path from "path";
import { DeploymentConfiguration } from "../../domain";
import { flushOutbox, FlushReport } from "../../events";
import { ExitCodes } from "../exit-codes";
import { PROJECT_NAME } from "../offline/preview";
import { readStackFile, stackFilePath, stackNameOfConfigFile } from "../offline/stack-file";
import { CliError, Io } from "../output";
import { listProblems, printJson } from "./shared";

export interface EventsFlushFlags {
  readonly env?: string;
  readonly config?: string;
  readonly json?: boolean;
}

export async function flushEvents(flags: EventsFlushFlags, io: Io, projectDir: string): Promise<number> {
  const stack = flags.env ?? (flags.config === undefined ? undefined : stackNameOfConfigFile(flags.config));
  if (!stack) throw new CliError("USAGE", "events flush needs --env <env> (or --config <stack file>)", ExitCodes.usage, "semantest-iac events flush --env production");
  let values;
  try {
    values = readStackFile(flags.config ? path.resolve(flags.config) : stackFilePath(projectDir, stack)).values;
  } catch (error) {
    throw new CliError("STACK_FILE", (error as Error).message, ExitCodes.usage, "check the --env / --config value");
  }
  const parsed = DeploymentConfiguration.parse({ project: PROJECT_NAME, stack, values });
  if (!parsed.ok) throw new CliError("INVALID_CONFIG", listProblems(parsed.error), ExitCodes.usage, `correct Pulumi.${stack}.yaml at the paths above`, { problems: parsed.error });

  const report = await flushOutbox(parsed.value.events, {
    projectDir,
    stack,
    awsRegion: parsed.value.region("aws")?.name,
    waitForLockMs: 10_000,
    onWarning: (message) => io.stderr(`warning: ${message}`),
  });
  const pending = Object.values(report.pending).reduce((sum, n) => sum + n, 0);
  if (flags.json) printJson(io, { stack, ...report });
  else io.stdout(renderReport(stack, report, pending));
  // Events still waiting (a sink is down, or another process holds the outbox) = the flush did not finish.
  return pending > 0 || report.skipped ? ExitCodes.failed : ExitCodes.ok;
}

function renderReport(stack: string, report: FlushReport, pending: number): string {
  const lines = [`Outbox of stack ${stack}:`];
  const sinks = new Set([...Object.keys(report.delivered), ...Object.keys(report.pending), ...Object.keys(report.failures)]);
  for (const sink of [...sinks].sort()) {
    const failure = report.failures[sink] ? ` (last attempt failed: ${report.failures[sink]})` : "";
    lines.push(`  ${sink}: ${report.delivered[sink] ?? 0} delivered, ${report.pending[sink] ?? 0} pending${failure}`);
  }
  for (const [sink, rejected] of Object.entries(report.rejected)) lines.push(`  ${sink}: ${rejected.length} rejected for good (${rejected[0]?.reason ?? ""})`);
  for (const [sink, count] of Object.entries(report.orphaned)) lines.push(`  ${sink}: ${count} waiting for a sink the stack file no longer names (restore it to deliver them)`);
  if (report.skipped) lines.push(`  skipped: ${report.skipped}`);
  lines.push(pending === 0 && !report.skipped ? "Nothing left to deliver." : `${pending} event(s) still pending; run this again when the sink is back.`);
  return lines.join("\n");
}

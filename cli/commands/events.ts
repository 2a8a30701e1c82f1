/**
 * `semantest-iac events flush`: flags -> application/events-flush.ts -> a per-sink report (text or
 * --json, always printed). Exit 0 only when nothing is left to deliver.
 */
import { flushEvents as flushUseCase, FlushResult } from "../../application/events-flush";
import { ExitCodes } from "../../application/exit-codes";
import type { CommandContext } from "../context";
import { printJson } from "./shared";

export interface EventsFlushFlags {
  readonly env?: string;
  readonly config?: string;
  readonly json?: boolean;
}

export async function flushEvents(flags: EventsFlushFlags, ctx: CommandContext): Promise<number> {
  const report = await flushUseCase(ctx.ports(Boolean(flags.json)), { stack: flags.env, configFile: flags.config });
  if (flags.json) printJson(ctx.io, report);
  else ctx.io.stdout(renderReport(report));
  return report.complete ? ExitCodes.ok : ExitCodes.failed;
}

function renderReport(report: FlushResult): string {
  const lines = [`Outbox of stack ${report.stack}:`];
  const sinks = new Set([...Object.keys(report.delivered), ...Object.keys(report.pending), ...Object.keys(report.failures)]);
  for (const sink of [...sinks].sort()) {
    const failure = report.failures[sink] ? ` (last attempt failed: ${report.failures[sink]})` : "";
    lines.push(`  ${sink}: ${report.delivered[sink] ?? 0} delivered, ${report.pending[sink] ?? 0} pending${failure}`);
  }
  for (const [sink, rejected] of Object.entries(report.rejected)) lines.push(`  ${sink}: ${rejected.length} rejected for good (${rejected[0]?.reason ?? ""})`);
  for (const [sink, count] of Object.entries(report.orphaned)) lines.push(`  ${sink}: ${count} waiting for a sink the stack file no longer names (restore it to deliver them)`);
  if (report.skipped) lines.push(`  skipped: ${report.skipped}`);
  lines.push(report.complete ? "Nothing left to deliver." : `${report.pendingTotal} event(s) still pending; run this again when the sink is back.`);
  return lines.join("\n");
}

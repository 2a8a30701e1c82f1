/**
 * `semantest-iac logs --env <env>`: a stack's function logs (application/logs) with the release
 * that wrote each line; `--follow` streams new lines until Ctrl-C, which ends it with exit 0.
 */
import { Command, Option } from "commander";
import type { LogLine, LogsResult } from "../../application/logs";
import { releaseLabel } from "../../application/logs/releases";
import { ExitCodes } from "../../application/exit-codes";
import { colors as pc } from "../colors";
import type { CommandContext } from "../context";
import { printJson, requireEnv } from "./shared";

export interface LogsFlags {
  readonly env?: string;
  readonly component?: string;
  readonly since?: string;
  readonly follow?: boolean;
  readonly filter?: string;
  readonly json?: boolean;
}

const EXAMPLE = "semantest-iac logs --env production --component rest-api --since 1h";

export function registerLogs(program: Command, ctx: CommandContext): void {
  program
    .command("logs")
    .description("Print a stack's function logs (CloudWatch Logs on AWS, Application Insights / Log Analytics on Azure), each line with the release that wrote it.")
    .option("--env <env>", "the stack / environment (its `logs` output names where each component logs)")
    .addOption(new Option("--component <component>", "one component (default: every component of the stack)").choices(["rest-api", "websocket"]))
    .option("--since <when>", "how far back: 30s, 15m, 2h, 7d (at most 30d) or an ISO time such as 2026-11-30T07:00:00Z (default 15m)")
    .option("--follow", "keep printing new lines until Ctrl-C (which exits 0)")
    .option("--filter <text>", "only lines containing this text (case-sensitive, one phrase)")
    .option("--json", "print one JSON document on stdout (with --follow: one JSON object per line)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ semantest-iac logs --env dev\n  $ semantest-iac logs --env production --component rest-api --since 1h --filter ERROR\n  $ semantest-iac logs --env staging --component websocket --follow\n" +
        "\nExit codes: 0 lines printed (or none found; --follow ended by Ctrl-C), 1 the cloud refused the read, 2 usage or a stack without a logs output, 3 environment.\n",
    )
    .action(async (flags: LogsFlags) => ctx.setExitCode(await logs(flags, ctx)));
}

export async function logs(flags: LogsFlags, ctx: CommandContext): Promise<number> {
  const stack = requireEnv(flags.env, "logs", EXAMPLE);
  // Loaded when run: the use case and, through the ports, the cloud SDK of each source.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readLogs } = require("../../application/logs/read-logs") as typeof import("../../application/logs/read-logs");
  const json = flags.json === true;
  const follow = flags.follow === true;
  const print = follow ? (line: LogLine) => ctx.io.stdout(json ? JSON.stringify(line) : lineText(line)) : undefined;
  const result = await readLogs(ctx.ports(json), { stack, component: flags.component, since: flags.since, follow, filter: flags.filter, onLine: print });
  if (json) {
    if (!follow) printJson(ctx.io, result);
  } else if (!follow) {
    ctx.io.stdout(resultText(result));
  } else {
    ctx.io.stderr(`stopped following ${stack}: ${result.count} line(s)`);
  }
  return ExitCodes.ok;
}

export function lineText(line: LogLine): string {
  const release = releaseLabel({ id: line.release, ...(line.releasePrevious !== undefined ? { during: { previous: line.releasePrevious } } : {}) });
  return `${pc.dim(line.timestamp)} ${pc.cyan(line.component.padEnd(9))} ${pc.magenta(release)} ${line.message}`;
}

function resultText(result: LogsResult): string {
  const head = result.sources.map((s) => pc.dim(`# ${s.component}: ${s.location}, since ${result.since}`));
  const body = result.lines.map(lineText);
  const tail = result.count === 0 ? [pc.dim(`no lines since ${result.since}`)] : [];
  const truncated = result.truncated.map((c) => pc.yellow(`# ${c}: more lines than one read returns; narrow --since or add --filter`));
  return [...head, ...body, ...tail, ...truncated].join("\n");
}

/**
 * `semantest-iac logs --env <env>`: a stack's function logs (application/logs) with the release
 * that wrote each line; `--follow` streams new lines until Ctrl-C, which ends it with exit 0.
 */
import type { LogLine, LogsResult } from "../../application/logs";
import { releaseLabel } from "../../application/logs/releases";
import { ExitCodes } from "../../application/exit-codes";
import { colors as pc } from "../colors";
import type { CommandContext } from "../context";
import { LOGS_EXAMPLE, printJson, requireEnv } from "./shared";

export interface LogsFlags {
  readonly env?: string;
  readonly component?: string;
  readonly since?: string;
  readonly follow?: boolean;
  readonly filter?: string;
  readonly json?: boolean;
}


export async function logs(flags: LogsFlags, ctx: CommandContext): Promise<number> {
  const stack = requireEnv(flags.env, "logs", LOGS_EXAMPLE);
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

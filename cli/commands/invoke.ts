/**
 * `semantest-iac invoke --env <env>`: one call to a deployed component (application/invoke), at the
 * URL the stack outputs name: an HTTP request to the REST API, or a WebSocket message and its first
 * reply. Prints the outcome; exit 0 for a 2xx / a reply, 1 otherwise.
 */
import type { InvokeResult, RestInvokeResult, WebSocketInvokeResult } from "../../application/invoke";
import { ExitCodes } from "../../application/exit-codes";
import { colors as pc } from "../colors";
import type { CommandContext } from "../context";
import { nodeTransport } from "../verify-transport";
import { INVOKE_EXAMPLE, printJson, requireEnv } from "./shared";

export interface InvokeCommandFlags {
  readonly env?: string;
  readonly component?: string;
  readonly path?: string;
  readonly method?: string;
  readonly data?: string;
  readonly header?: string[];
  readonly message?: string;
  readonly negotiateUrl?: string;
  readonly timeout?: string;
  readonly json?: boolean;
}


export async function invokeCommand(flags: InvokeCommandFlags, ctx: CommandContext): Promise<number> {
  const stack = requireEnv(flags.env, "invoke", INVOKE_EXAMPLE);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { invoke } = require("../../application/invoke/invoke") as typeof import("../../application/invoke/invoke");
  const result = await invoke(ctx.ports(Boolean(flags.json)), nodeTransport(), { ...flags, stack });
  if (flags.json) printJson(ctx.io, result);
  else ctx.io.stdout(resultText(result));
  return result.ok ? ExitCodes.ok : ExitCodes.failed;
}

function resultText(result: InvokeResult): string {
  return result.component === "rest-api" ? restText(result) : webSocketText(result);
}

function restText(result: RestInvokeResult): string {
  const { status, headers, body } = result.response;
  const colour = result.ok ? pc.green : pc.red;
  const lines = [pc.dim(`${result.request.method} ${result.request.url}`), `${colour(String(status))}  ${pc.dim(`(${result.ms} ms)`)}`];
  for (const name of Object.keys(headers).sort()) lines.push(`${pc.cyan(name)}: ${headers[name]}`);
  if (body !== "") lines.push("", body);
  return lines.join("\n");
}

function webSocketText(result: WebSocketInvokeResult): string {
  const how = result.negotiated ? `negotiated at ${result.url}` : result.url;
  const lines = [pc.dim(`websocket ${how}`)];
  if (result.failedAt === "connect") {
    lines.push(`${pc.red("not connected")} ${pc.dim(`(${result.connectMs} ms)`)}: ${result.problem}`);
    return lines.join("\n");
  }
  lines.push(`connected ${pc.dim(`(${result.connectMs} ms)`)}`, `> ${result.sent}`);
  if (result.ok) lines.push(`< ${typeof result.reply === "string" ? result.reply : JSON.stringify(result.reply)}  ${pc.dim(`(${result.replyMs} ms)`)}`);
  else lines.push(`${pc.red("no reply")}: ${result.problem}`);
  return lines.join("\n");
}

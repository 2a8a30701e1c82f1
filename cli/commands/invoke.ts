/**
 * `semantest-iac invoke --env <env>`: one call to a deployed component (application/invoke), at the
 * URL the stack outputs name: an HTTP request to the REST API, or a WebSocket message and its first
 * reply. Prints the outcome; exit 0 for a 2xx / a reply, 1 otherwise.
 */
import { Command, Option } from "commander";
import type { InvokeResult, RestInvokeResult, WebSocketInvokeResult } from "../../application/invoke";
import { ExitCodes } from "../../application/exit-codes";
import { colors as pc } from "../colors";
import type { CommandContext } from "../context";
import { nodeTransport } from "../verify-transport";
import { printJson, requireEnv } from "./shared";

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

const EXAMPLE = "semantest-iac invoke --env dev --component rest-api --path /health";
const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerInvoke(program: Command, ctx: CommandContext): void {
  program
    .command("invoke")
    .description("Call a deployed component once, at the URL in the stack outputs: an HTTP request to the REST API (status, headers, body, time) or a WebSocket message and its first reply.")
    .option("--env <env>", "the stack / environment (restApiUrl, webSocketUrl from its outputs)")
    .addOption(new Option("--component <component>", "what to call (default rest-api)").choices(["rest-api", "websocket"]))
    .option("--path <path>", "rest-api: the path, with any query string (default /)")
    .option("--method <method>", "rest-api: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS (default GET, POST with --data)")
    .option("--data <json>", "rest-api: a JSON body (content-type application/json unless --header sets one)")
    .option("--header <name:value>", "rest-api: a request header; repeat for more", collect)
    .option("--message <text>", "websocket: the message to send (e.g. '{\"action\":\"ping\"}')")
    .option("--negotiate-url <url>", "websocket on Web PubSub: the negotiate URL, when the stack does not output webSocketNegotiateUrl")
    .option("--timeout <seconds>", "how long to wait for the answer or the reply, 1-120 (default 10)")
    .option("--json", "print one JSON document on stdout (errors too)")
    .addHelpText(
      "after",
      `\nExamples:\n  $ ${EXAMPLE}\n  $ semantest-iac invoke --env staging --path /events --data '{"id":"01JD..."}' --header authorization:'Bearer <token>'\n  $ semantest-iac invoke --env production --component websocket --message '{"action":"ping"}'\n` +
        "\nExit codes: 0 a 2xx answer / a WebSocket reply, 1 any other status, no answer or no reply (the outcome is printed), 2 usage or a stack without the endpoint, 3 environment.\n",
    )
    .action(async (flags: InvokeCommandFlags) => ctx.setExitCode(await invokeCommand(flags, ctx)));
}

export async function invokeCommand(flags: InvokeCommandFlags, ctx: CommandContext): Promise<number> {
  const stack = requireEnv(flags.env, "invoke", EXAMPLE);
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

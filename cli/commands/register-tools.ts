/**
 * The registrations of the commands that work on a deployed stack or the local gateway (verify,
 * logs, invoke): flags, help and an action that loads the command's module when it runs. Kept
 * apart from the commands' modules so `--help` does not load their use cases (./index.ts lists them).
 */
import { Command, Option } from "commander";
import { VERIFY_TOKEN_ENV } from "../../application/verify/auth";
import type { CommandContext } from "../context";
import { INVOKE_EXAMPLE } from "./shared";
import type { InvokeCommandFlags } from "./invoke";
import type { LogsFlags } from "./logs";

// `require`, not `import()`: bin/ts-hook.js runs this file as CommonJS.
/* eslint-disable @typescript-eslint/no-require-imports */
const loadVerify = () => require("./verify") as typeof import("./verify");
const loadLogs = () => require("./logs") as typeof import("./logs");
const loadInvoke = () => require("./invoke") as typeof import("./invoke");
/* eslint-enable @typescript-eslint/no-require-imports */

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command("verify")
    .description("Run the contract suite (health, REST round trip, CORS, WebSocket connect/subscribe/publish, dispatch push, refusal, limits) against the local gateway or a deployed stack.")
    .option("--local", "start the local gateway, verify it, stop it")
    .addOption(new Option("--provider <provider>", "with --local: the cloud whose hosting is emulated (default: the stack's with --env, else aws)").choices(["aws", "azure"]))
    .option("--env <env>", "the deployed stack to verify (URLs from its outputs); with --local, picks the provider from Pulumi.<env>.yaml")
    .option("--origin <origin>", "the browser origin the CORS preflight claims (default http://localhost:3000)")
    .option("--negotiate-url <url>", "Web PubSub stacks: the negotiate URL, when the stack does not output webSocketNegotiateUrl")
    .option("--timeout <seconds>", "how long to wait for each answer or frame (default 10)")
    .option("--token <jwt>", `with --env: a JWT from the stack's issuer for the routes its auth protects (prefer the ${VERIFY_TOKEN_ENV} environment variable: a flag shows in ps and shell history); never printed`)
    .option("--json", "print one JSON document on stdout (errors too)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ semantest-iac verify --local\n  $ semantest-iac verify --local --provider azure --json\n  $ semantest-iac verify --env staging --origin https://app.semantest.com\n  $ SEMANTEST_VERIFY_TOKEN=\"$(your-token-command)\" semantest-iac verify --env production\n",
    )
    .action(async (flags) => ctx.setExitCode(await loadVerify().verify(flags, ctx)));
}

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
    .action(async (flags: LogsFlags) => ctx.setExitCode(await loadLogs().logs(flags, ctx)));
}

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
      `\nExamples:\n  $ ${INVOKE_EXAMPLE}\n  $ semantest-iac invoke --env staging --path /events --data '{"id":"01JD..."}' --header authorization:'Bearer <token>'\n  $ semantest-iac invoke --env production --component websocket --message '{"action":"ping"}'\n` +
        "\nExit codes: 0 a 2xx answer / a WebSocket reply, 1 any other status, no answer or no reply (the outcome is printed), 2 usage or a stack without the endpoint, 3 environment.\n",
    )
    .action(async (flags: InvokeCommandFlags) => ctx.setExitCode(await loadInvoke().invokeCommand(flags, ctx)));
}

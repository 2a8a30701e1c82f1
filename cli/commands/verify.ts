/**
 * `semantest-iac verify`: the contract suite (application/verify) against the local gateway
 * (`--local`, started and stopped here) or a deployed stack (`--env`, URLs from its outputs).
 * Prints each check as it finishes, or one JSON document with --json; exit 1 when a check fails.
 */
import { parseVerifyToken, VERIFY_TOKEN_ENV, type VerifyAuth } from "../../application/verify/auth";
import type { CheckResult, VerifyEndpoints } from "../../application/verify/contract";
import { summarize } from "../../application/verify/report";
import { endpointsFromOutputs } from "../../application/verify/endpoints";
import type { CommandContext } from "../context";
import { OperationError } from "../../application/errors";
import { guard } from "../../application/engine-errors";
import { ExitCodes } from "../../application/exit-codes";
import type { Io } from "../output";
import { printJson, requireEnv } from "./shared";
import { checkLine, summaryLine } from "../render/checks";
import { nodeTransport } from "../verify-transport";

// (`ws`, the local gateway and the suite, which reads the domain's auth rules, are loaded when the
// command runs: registering it keeps `--help` fast and free of domain modules.)
/* eslint-disable @typescript-eslint/no-require-imports */
const suite = () => ({
  ...(require("../../application/verify/checks") as typeof import("../../application/verify/checks")),
  ...(require("../../application/verify/run-contract") as typeof import("../../application/verify/run-contract")),
  ...(require("../../application/verify/stack-auth") as typeof import("../../application/verify/stack-auth")),
  ...(require("../../application/release/records") as typeof import("../../application/release/records")),
});
/* eslint-enable @typescript-eslint/no-require-imports */

export interface VerifyFlags {
  readonly local?: boolean;
  readonly provider?: string;
  readonly env?: string;
  readonly origin?: string;
  readonly negotiateUrl?: string;
  readonly timeout?: string;
  readonly json?: boolean;
  readonly token?: string;
}

interface VerifyPlan {
  readonly local: boolean;
  readonly provider?: "aws" | "azure";
  readonly env?: string;
  readonly origin?: string;
  readonly negotiateUrl?: string;
  readonly timeoutMs: number;
  readonly json: boolean;
  /** From --token, else SEMANTEST_VERIFY_TOKEN; never printed. */
  readonly token?: string;
}

const usage = (message: string) => new OperationError("USAGE", message, ExitCodes.usage, "semantest-iac verify --local --provider aws | semantest-iac verify --env staging");

/** Validates the flags: every problem names the flag, the value and what is allowed (a token's value is never quoted). */
export function parseVerifyFlags(flags: VerifyFlags, processEnv: Readonly<Record<string, string | undefined>> = {}): VerifyPlan {
  const local = flags.local === true;
  if (flags.provider !== undefined && flags.provider !== "aws" && flags.provider !== "azure") throw usage(`--provider ${JSON.stringify(flags.provider)} is not a provider; allowed: aws, azure`);
  if (flags.provider !== undefined && !local) throw usage("--provider applies to --local only (a deployed stack's providers come from the stack)");
  if (!local && !flags.env) throw usage("verify needs --local (the local gateway) or --env <env> (a deployed stack)");
  const env = flags.env === undefined ? undefined : requireEnv(flags.env, "verify", "semantest-iac verify --env staging");
  if (flags.origin !== undefined && !/^(https?|chrome-extension):\/\/[^\s/]+$/.test(flags.origin)) throw usage(`--origin ${JSON.stringify(flags.origin)} is not an origin; expected scheme://host[:port], e.g. https://app.semantest.com`);
  if (flags.negotiateUrl !== undefined && !/^https?:\/\/\S+$/.test(flags.negotiateUrl)) throw usage(`--negotiate-url ${JSON.stringify(flags.negotiateUrl)} is not an http(s) URL`);
  const timeoutText = flags.timeout ?? "10";
  const seconds = Number(timeoutText);
  if (!/^\d+$/.test(timeoutText) || seconds < 1 || seconds > 120) throw usage(`--timeout ${JSON.stringify(timeoutText)} is not valid; allowed: whole seconds 1-120`);
  if (flags.token !== undefined && local) throw usage("--token applies to --env only (a deployed stack); the local gateway's tokens come from its own issuer");
  // The environment's token is for deployed stacks: a CI job that sets it for every step may still run --local.
  const fromEnv = local || processEnv[VERIFY_TOKEN_ENV] === "" ? undefined : processEnv[VERIFY_TOKEN_ENV];
  const token = flags.token !== undefined ? parseVerifyToken(flags.token, "--token") : parseVerifyToken(fromEnv, VERIFY_TOKEN_ENV);
  if (!token.ok) throw usage(token.message);
  return { local, provider: flags.provider as VerifyPlan["provider"], env, origin: flags.origin, negotiateUrl: flags.negotiateUrl, timeoutMs: seconds * 1000, json: flags.json === true, token: token.token };
}

/** `deploy --verify` and the rollout's verify gate: the token from SEMANTEST_VERIFY_TOKEN, if set (usage error, never quoting it, if it is not a JWT). */
export function verifyTokenFromEnv(processEnv: Readonly<Record<string, string | undefined>>): string | undefined {
  const parsed = parseVerifyToken(processEnv[VERIFY_TOKEN_ENV] || undefined, VERIFY_TOKEN_ENV);
  if (!parsed.ok) throw new OperationError("USAGE", parsed.message, ExitCodes.usage, `unset ${VERIFY_TOKEN_ENV}, or set it to a JWT from the stack's issuer`);
  return parsed.token;
}

function printResult(io: Io, result: CheckResult): void {
  io.stdout(checkLine(result));
}

/** The provider `--local --env <env>` emulates: the websocket component's (else the rest-api's) in Pulumi.<env>.yaml. */
function providerOfStack(ctx: CommandContext, env: string): "aws" | "azure" | undefined {
  let components: unknown;
  try {
    components = ctx.ports(false).project.stackValues(env)["semantest:components"];
  } catch (error) {
    throw new OperationError("NO_SUCH_STACK", `--env ${env}: ${(error as Error).message.split("\n")[0]}`, ExitCodes.usage, "pick a stack that has a Pulumi.<env>.yaml, or use --provider");
  }
  const of = (kind: string) => {
    const provider = typeof components === "object" && components !== null ? (components as Record<string, { provider?: unknown } | undefined>)[kind]?.provider : undefined;
    return provider === "aws" || provider === "azure" ? provider : undefined;
  };
  return of("websocket") ?? of("rest-api");
}

async function withLocalGateway<T>(ctx: CommandContext, provider: "aws" | "azure", work: (endpoints: VerifyEndpoints, label: string) => Promise<T>): Promise<T> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startGateway } = require("../../runtime/local/gateway") as typeof import("../../runtime/local/gateway");
  const { createLog } = require("../../runtime/local/log") as typeof import("../../runtime/local/log");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const lines: string[] = [];
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    gateway = await startGateway({ provider, port: 0, projectDir: ctx.projectDir, log: createLog((line) => lines.push(line), { color: false }) });
  } catch (error) {
    throw new OperationError("GATEWAY_FAILED", `the local gateway did not start: ${(error as Error).message.split("\n")[0]}`, ExitCodes.environment, lines.slice(-3).join("; ") || undefined);
  }
  try {
    const webSocket = provider === "aws" ? { kind: "direct" as const, url: gateway.host.page.webSocketUrl! } : { kind: "negotiate" as const, url: `${gateway.webSocketServerUrl}/negotiate` };
    return await work({ restUrl: gateway.restUrl, webSocket }, `the local ${provider} gateway (${gateway.restUrl})`);
  } finally {
    await gateway.close();
  }
}

/** The endpoints from the stack's outputs, and its auth from the stack's config (what was deployed). */
async function endpointsOfStack(ctx: CommandContext, env: string, negotiateUrl: string | undefined): Promise<{ endpoints: VerifyEndpoints; auth: VerifyAuth }> {
  const engine = ctx.ports(false).engine();
  await guard(engine.check());
  const stack = await guard(engine.openStack(env), env);
  const found = endpointsFromOutputs(await guard(stack.outputs(), env), negotiateUrl);
  if (!found.ok) throw new OperationError("NO_ENDPOINTS", `stack ${env}: ${found.problem}`, ExitCodes.usage, `semantest-iac status --env ${env}`);
  const { verifyAuthOf, configValues } = suite();
  const auth = verifyAuthOf(configValues(await guard(stack.getConfig(), env))["semantest:components"]);
  if (!auth.ok) throw new OperationError("INVALID_CONFIG", `stack ${env}: ${auth.problem}`, ExitCodes.usage, `fix semantest:components in Pulumi.${env}.yaml (docs/auth.md)`);
  return { endpoints: found.endpoints, auth: auth.auth };
}

export async function verify(flags: VerifyFlags, ctx: CommandContext): Promise<number> {
  const plan = parseVerifyFlags(flags, ctx.env);
  const run = async (endpoints: VerifyEndpoints, target: string, auth?: VerifyAuth) => {
    const { contractChecks, runContract } = suite();
    const checks = contractChecks(auth);
    if (!plan.json) ctx.io.stdout(`semantest-iac verify: ${checks.length} checks against ${target}${authNote(auth, plan.token)}`);
    const results = await runContract(endpoints, nodeTransport(), { origin: plan.origin, timeoutMs: plan.timeoutMs, auth, token: plan.token, checks, onResult: plan.json ? undefined : (result) => printResult(ctx.io, result) });
    const report = summarize(results);
    if (plan.json) printJson(ctx.io, { target, endpoints, ...report });
    else ctx.io.stdout(summaryLine(report));
    return report.ok ? ExitCodes.ok : ExitCodes.failed;
  };
  if (plan.local) {
    const provider = plan.provider ?? (plan.env ? providerOfStack(ctx, plan.env) : undefined) ?? "aws";
    return withLocalGateway(ctx, provider, run);
  }
  const { endpoints, auth } = await endpointsOfStack(ctx, plan.env!, plan.negotiateUrl);
  return run(endpoints, `stack ${plan.env} (${endpoints.restUrl})`, auth);
}

/** One clause on the header line: whether the stack has auth and whether a token was given (never the token). */
function authNote(auth: VerifyAuth | undefined, token: string | undefined): string {
  if (!auth?.rest && !auth?.webSocket) return "";
  return token ? " (auth: with a token)" : ` (auth: no token, protected probes are skipped; set ${VERIFY_TOKEN_ENV})`;
}


import * as fs from "fs";
import * as path from "path";
import { ConfigProblem, InvalidConfigurationError } from "../../domain";
import { ExitCodes } from "../exit-codes";
import { CliError, Io } from "../output";

export function requireEnv(env: string | undefined, command: string, example: string): string {
  if (!env) throw new CliError("USAGE", `${command} needs --env <env>`, ExitCodes.usage, example);
  if (!/^[A-Za-z0-9_.-]+$/.test(env)) {
    throw new CliError("USAGE", `--env ${JSON.stringify(env)} is not a stack name; allowed: letters, digits, "-", "_", "."`, ExitCodes.usage, example);
  }
  return env;
}

export function printJson(io: Io, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2));
}

export function shortDigest(digest: string | undefined): string {
  return digest ? `${digest.slice(0, 19)}…` : "-";
}

export function duration(start: string, end: string | null): string {
  if (!end) return "-";
  const seconds = Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 1000));
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

/** Endpoint outputs of the program, by output name. */
export function endpointsOf(outputs: Readonly<Record<string, unknown>>): Record<string, string> {
  const endpoints: Record<string, string> = {};
  for (const key of ["restApiUrl", "webSocketUrl"]) {
    const value = outputs[key];
    if (typeof value === "string" && value.length > 0) endpoints[key] = value;
  }
  return endpoints;
}

/** Stacks this project has a stack file for (Pulumi.<stack>.yaml). */
export function stackFiles(projectDir: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require("fs") as typeof import("fs");
  return fs
    .readdirSync(projectDir)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((stack): stack is string => Boolean(stack))
    .sort();
}

/** The Pulumi project name (Pulumi.yaml). */
export const PROJECT_NAME = "semantest-infrastructure";

export function listProblems(problems: readonly ConfigProblem[]): string {
  return new InvalidConfigurationError(problems).message;
}

/**
 * The CrossGuard pack and its config for an environment: `policy/` with `policy/config.<env>.json`
 * (mandatory in production, advisory elsewhere; docs/policies.md). Without the config file the
 * pack enforces every policy as mandatory, so it is always passed with it.
 */
export function policyOptions(projectDir: string, environment: string): { policyPacks: string[]; policyPackConfigs: string[] } {
  const pack = path.join(projectDir, "policy");
  if (!fs.existsSync(path.join(pack, "PulumiPolicy.yaml"))) return { policyPacks: [], policyPackConfigs: [] };
  const config = path.join(pack, `config.${environment}.json`);
  return { policyPacks: [pack], policyPackConfigs: fs.existsSync(config) ? [config] : [] };
}

/** Helpers the command files share: flag checks and small text formats. */
import { OperationError } from "../../application/errors";
import { ExitCodes } from "../../application/exit-codes";

export { printJson } from "../output";
export { shortDigest } from "../../application/format";

export function requireEnv(env: string | undefined, command: string, example: string): string {
  if (!env) throw new OperationError("USAGE", `${command} needs --env <env>`, ExitCodes.usage, example);
  if (!/^[A-Za-z0-9_.-]+$/.test(env)) {
    throw new OperationError("USAGE", `--env ${JSON.stringify(env)} is not a stack name; allowed: letters, digits, "-", "_", "."`, ExitCodes.usage, example);
  }
  return env;
}

/** A flag that must be a whole number >= 1 (`--limit`, `--to`); the message quotes what was typed. */
export function countFlag(flag: string, text: string | undefined, what: string, example: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new OperationError("USAGE", `${flag} ${JSON.stringify(text)} is not ${what}; expected a whole number >= 1`, ExitCodes.usage, example);
  return n;
}

export function duration(start: string, end: string | null): string {
  if (!end) return "-";
  const seconds = Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 1000));
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

/** The lines deploy, rollback and destroy end with: what the sinks did not take yet. */
export function pendingLines(pending: Readonly<Record<string, number>>): string[] {
  return Object.entries(pending).map(([sink, n]) => `  events: ${n} pending for ${sink} (kept in the outbox; \`semantest-iac events flush\` re-sends them)`);
}

/** The example a command's usage error shows (also in its --help). */
export const LOGS_EXAMPLE = "semantest-iac logs --env production --component rest-api --since 1h";
export const INVOKE_EXAMPLE = "semantest-iac invoke --env dev --component rest-api --path /health";

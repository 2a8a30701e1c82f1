/** Small helpers every use case shares: request checks and result pieces. */
import { ConfigProblem, InvalidConfigurationError } from "../domain";
import { OperationError } from "./errors";
import { ExitCodes } from "./exit-codes";

/** A stack name as Pulumi accepts it; checked before anything reads a file or a backend. */
export function validStack(stack: string | undefined, operation: string, example: string): string {
  if (!stack) throw new OperationError("USAGE", `${operation} needs --env <env>`, ExitCodes.usage, example);
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
    throw new OperationError("USAGE", `--env ${JSON.stringify(stack)} is not a stack name; allowed: letters, digits, "-", "_", "."`, ExitCodes.usage, example);
  }
  return stack;
}

export { shortDigest } from "./format";

/** Endpoint outputs of the program, by output name. */
export function endpointsOf(outputs: Readonly<Record<string, unknown>>): Record<string, string> {
  const endpoints: Record<string, string> = {};
  for (const key of ["restApiUrl", "webSocketUrl"]) {
    const value = outputs[key];
    if (typeof value === "string" && value.length > 0) endpoints[key] = value;
  }
  return endpoints;
}

export function listProblems(problems: readonly ConfigProblem[]): string {
  return new InvalidConfigurationError(problems).message;
}

export function invalidConfig(stack: string, problems: readonly ConfigProblem[]): OperationError {
  return new OperationError("INVALID_CONFIG", listProblems(problems), ExitCodes.usage, `correct Pulumi.${stack}.yaml at the paths above (see docs/configuration.md)`, { problems });
}

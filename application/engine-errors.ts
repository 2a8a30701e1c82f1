/** Engine failures as the CLI reports them: one line, the fix, the exit code (docs/cli.md#exit-codes). */
import { ExitCodes } from "./exit-codes";
import { OperationError } from "./errors";
import { Engine, EngineError, EngineErrorCodes, StackEngine } from "./ports/engine";

export const INSTALL_PULUMI =
  "install the Pulumi CLI (curl -fsSL https://get.pulumi.com | sh, or brew install pulumi/tap/pulumi; https://www.pulumi.com/docs/install/) and rerun; `semantest-iac preview --offline` works without it";

export function engineFailure(error: EngineError, stack?: string): OperationError {
  const where = stack ? ` (stack ${stack})` : "";
  const subject = stack ? `stack ${stack}` : "the stack";
  const detail = error.detail ? { detail: error.detail } : undefined;
  switch (error.code) {
    case EngineErrorCodes.noPulumiCli:
      return new OperationError(error.code, "the Pulumi CLI is not on PATH: this command drives Pulumi's Automation API", ExitCodes.environment, INSTALL_PULUMI, detail);
    case EngineErrorCodes.notLoggedIn:
      return new OperationError(
        error.code,
        `the Pulumi CLI is not logged in to a backend${error.detail ? `: ${error.detail}` : ""}`,
        ExitCodes.environment,
        "run `pulumi login` (Pulumi Cloud, or set PULUMI_ACCESS_TOKEN), or `pulumi login s3://<bucket>` / `pulumi login --local` for a self-managed backend",
        detail,
      );
    case EngineErrorCodes.stackLocked:
      return new OperationError(
        error.code,
        `${subject} is locked by another update${error.detail ? `: ${error.detail}` : ""}`,
        ExitCodes.environment,
        `wait for that update to finish and rerun; if nothing is running (a crashed run left the lock), clear it with \`pulumi cancel${stack ? ` --stack ${stack}` : ""}\``,
        detail,
      );
    case EngineErrorCodes.stackNotFound:
      return new OperationError(error.code, `no such stack${where}`, ExitCodes.usage, "check --env; `pulumi stack ls` lists the stacks, and `semantest-iac deploy --env <env>` creates one", detail);
    case EngineErrorCodes.cancelled:
      return new OperationError(error.code, `the update of ${subject} was cancelled`, ExitCodes.failed, "rerun the command when ready; `semantest-iac status` shows what is live", detail);
    case EngineErrorCodes.updateFailed:
      return new OperationError(error.code, `the update of ${subject} failed: ${error.message}`, ExitCodes.failed, "fix the cause above and rerun; `semantest-iac status` shows what is live", detail);
    case EngineErrorCodes.unsupported:
      return new OperationError(error.code, error.message, ExitCodes.usage, "use the Automation API engine (the default) for this command", detail);
  }
}

/** Runs an engine call and turns an EngineError into the CLI's error. */
export async function guard<T>(work: Promise<T>, stack?: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof EngineError) throw engineFailure(error, stack);
    throw error;
  }
}

/**
 * Opens each named stack in turn. When searching every stack file (`searchingAll`), a stack that
 * does not exist in the backend is skipped; a stack the user named must exist.
 */
export async function* openEachStack(engine: Engine, names: readonly string[], searchingAll: boolean): AsyncGenerator<{ name: string; stack: StackEngine }> {
  for (const name of names) {
    let stack: StackEngine;
    try {
      stack = await engine.openStack(name);
    } catch (error) {
      if (error instanceof EngineError && error.code === EngineErrorCodes.stackNotFound && searchingAll) continue;
      throw error instanceof EngineError ? engineFailure(error, name) : error;
    }
    yield { name, stack };
  }
}

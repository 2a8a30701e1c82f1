import { ExitCode } from "./exit-codes";

/** Where a command writes: stdout for results, stderr for errors and progress. Injected for tests. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
};

/** A failure an entry point reports: one clear line, the fix, and the exit code. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
    readonly fix?: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Prints an error as one line plus the fix, or as JSON on stdout with `--json`. */
export function reportError(io: Io, error: CliError, json: boolean): void {
  if (json) {
    io.stdout(JSON.stringify({ error: { code: error.code, message: error.message, fix: error.fix ?? null, ...(error.details ?? {}) } }, null, 2));
    return;
  }
  io.stderr(`error: ${error.message}`);
  if (error.fix) io.stderr(`  fix: ${error.fix}`);
}

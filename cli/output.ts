import { OperationError } from "../application/errors";

/** Where a command writes: stdout for results, stderr for errors and progress. Injected for tests. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
};

export { OperationError };

/** Prints an error as one line plus the fix, or as JSON on stdout with `--json`. */
export function reportError(io: Io, error: OperationError, json: boolean): void {
  if (json) {
    io.stdout(JSON.stringify(error.toJSON(), null, 2));
    return;
  }
  io.stderr(`error: ${error.message}`);
  if (error.fix) io.stderr(`  fix: ${error.fix}`);
}

export function printJson(io: Io, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2));
}

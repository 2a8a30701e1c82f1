import { OperationError } from "../application/errors";

/** Where a command writes: stdout for results, stderr for errors and progress. Injected for tests. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * A reader that goes away early (`semantest-iac ... | head -3`) closes the pipe: the next write
 * fails with EPIPE, which Node raises as an unhandled 'error' event (a stack trace, exit 1). That
 * is not a failure of the command: stop writing to that stream and let the command finish and exit
 * with its own outcome, as `git` or `ls` do.
 */
function pipeWriter(streamOf: () => NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  let guarded = false;
  return (text) => {
    // Node opens process.stdout / stderr on first access; a piped one loads `net` (~1 ms): only
    // when something is written there (`--help` writes nothing to stderr).
    const stream = streamOf();
    if (!guarded) {
      guarded = true;
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE") throw error;
        closed = true;
      });
    }
    if (!closed) stream.write(text.endsWith("\n") ? text : `${text}\n`);
  };
}

export const processIo: Io = {
  stdout: pipeWriter(() => process.stdout),
  stderr: pipeWriter(() => process.stderr),
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

import * as fs from "fs";
import type { OutputConfiguration } from "commander";
import { OperationError } from "../application/errors";

/** Where a command writes: stdout for results, stderr for errors and progress. Injected for tests. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * Writes to a standard stream's file descriptor directly, falling back to Node's stream.
 *
 * - On Linux Node writes to a file, a pipe and a terminal synchronously anyway; opening
 *   `process.stdout` only adds the loading of Node's stream modules (and `tty`/`net` for a
 *   terminal or a pipe), ~2 ms of a ~10 ms `--help`. So each text is written with `fs.writeSync`.
 * - A descriptor someone made non-blocking can refuse a write (EAGAIN): from then on, what is left
 *   and everything after goes through Node's stream, which waits for the reader (order is kept:
 *   every earlier write had completed).
 * - A reader that goes away early (`semantest-iac ... | head -3`) closes the pipe: the next write
 *   fails with EPIPE (Node's stream raises it as an unhandled 'error' event: a stack trace, exit 1).
 *   That is not a failure of the command: stop writing to that stream and let the command finish
 *   and exit with its own outcome, as `git` or `ls` do.
 */
export function standardWriter(
  fd: 1 | 2,
  streamOf: () => Pick<NodeJS.WriteStream, "on" | "write">,
  writeSync: (fd: number, bytes: Buffer, offset: number) => number = (descriptor, bytes, offset) => fs.writeSync(descriptor, bytes, offset),
): (text: string) => void {
  let closed = false;
  let stream: Pick<NodeJS.WriteStream, "on" | "write"> | undefined;
  const viaStream = (rest: Buffer) => {
    if (!stream) {
      stream = streamOf();
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE") throw error;
        closed = true;
      });
    }
    if (!closed) stream.write(rest);
  };
  return (text) => {
    if (closed) return;
    const bytes = Buffer.from(text.endsWith("\n") ? text : `${text}\n`);
    if (stream) return viaStream(bytes);
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE") closed = true;
      else if (code === "EAGAIN") viaStream(bytes.subarray(written));
      else throw error;
    }
  };
}

export const processIo: Io = {
  stdout: standardWriter(1, () => process.stdout),
  stderr: standardWriter(2, () => process.stderr),
};

/**
 * Whether a standard descriptor can be a terminal: a character device other than /dev/null (a
 * file, a pipe or a socket never is). commander asks `process.stdout.isTTY` for the help's width
 * and colours, and opening `process.stdout` is most of what `--help` would load besides itself
 * (see standardWriter); asked this first, only a terminal (or what cannot be told) opens it.
 */
export function mayBeTerminal(fd: 1 | 2): boolean {
  try {
    const stat = fs.fstatSync(fd);
    return stat.isCharacterDevice() && stat.rdev !== fs.statSync("/dev/null").rdev;
  } catch {
    return true;
  }
}

/**
 * commander's output settings: writes through `io`; the help's width and colours as commander
 * works them out (its defaults, passed in), without opening a standard stream that cannot be a
 * terminal. FORCE_COLOR / CLICOLOR_FORCE still colour a pipe, as commander does.
 */
export function commanderOutput(io: Io, defaults: OutputConfiguration, env: NodeJS.ProcessEnv = process.env, terminal: (fd: 1 | 2) => boolean = mayBeTerminal): OutputConfiguration {
  const forced = Boolean(env.FORCE_COLOR) || env.CLICOLOR_FORCE !== undefined;
  return {
    ...defaults,
    writeOut: io.stdout,
    writeErr: io.stderr,
    getOutHelpWidth: () => (terminal(1) ? defaults.getOutHelpWidth?.() : undefined) as number,
    getErrHelpWidth: () => (terminal(2) ? defaults.getErrHelpWidth?.() : undefined) as number,
    getOutHasColors: () => (terminal(1) || forced ? Boolean(defaults.getOutHasColors?.()) : false),
    getErrHasColors: () => (terminal(2) || forced ? Boolean(defaults.getErrHasColors?.()) : false),
  };
}

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

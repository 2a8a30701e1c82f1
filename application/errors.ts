import type { ExitCode } from "./exit-codes";

/**
 * A failure a use case reports: a stable code, one clear line, the fix, and the outcome class as
 * the documented exit code (docs/cli.md#exit-codes). The CLI prints it and exits with `exitCode`;
 * the programmatic API throws it as is, so both report the same `code`, `message` and `details`.
 */
export class OperationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
    readonly fix?: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = "OperationError";
  }

  /** The document `--json` prints for this error (and the API's `toJSON`). */
  toJSON(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, fix: this.fix ?? null, ...(this.details ?? {}) } };
  }
}

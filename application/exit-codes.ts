/** Exit codes: the outcome of every operation, for the CLI and the API alike (docs/cli.md#exit-codes). */
export const ExitCodes = {
  ok: 0,
  /** The operation failed: deploy, rollback, or a mandatory policy. */
  failed: 1,
  /** Usage or invalid config. */
  usage: 2,
  /** The environment: no Pulumi CLI, not logged in, stack locked by another update. */
  environment: 3,
} as const;
export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];

/**
 * What every command gets: where to write, the project, the process's environment, and the ports
 * (built by the composition root, adapters/compose.ts, with this process's terminal behind the
 * progress, confirmation and Ctrl-C ports). Tests run the real binary; the fake engine is picked by env var.
 */
import type { Ports } from "../application/ports";
import { composePorts } from "../adapters/compose";
import type { Io } from "./output";
import { progressFor } from "./progress";

export interface CommandContext {
  readonly io: Io;
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  setExitCode(code: number): void;
  /** The ports for one command; with `json`, progress stays plain and nobody is asked anything. */
  ports(json: boolean): Ports;
}

export function processContext(io: Io, projectDir: string, setExitCode: (code: number) => void, env: NodeJS.ProcessEnv = process.env): CommandContext {
  return {
    io,
    projectDir,
    env,
    setExitCode,
    ports: (json) =>
      composePorts({
        projectDir,
        env,
        // A terminal too narrow to draw in (or one reporting no width) gets plain lines.
        progress: progressFor(io, { json, tty: Boolean(process.stderr.isTTY) && (process.stderr.columns ?? 0) >= 40 }),
        warn: (message) => io.stderr(`warning: ${message}`),
        confirm: json ? async () => undefined : askOnTerminal,
        onInterrupt: async (handler, work) => {
          process.on("SIGINT", handler);
          try {
            return await work();
          } finally {
            process.off("SIGINT", handler);
          }
        },
      }),
  };
}

/** Asks a yes/no question when a person is at the terminal; undefined when nobody can answer. */
async function askOnTerminal(question: string): Promise<boolean | undefined> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  // Loaded here, not at the top: only a question at a terminal needs it, and every start paid for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const readline = require("readline") as typeof import("readline");
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(`${question} [y/N] `, resolve));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

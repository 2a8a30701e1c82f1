/** The progress port: how a long operation shows what it does. Adapters: cli/progress.ts (terminal, plain lines), silent for the API. */
import type { EngineProgress } from "./engine";

export interface Progress {
  /** Runs one step of the operation under its title. */
  step<T>(title: string, work: () => Promise<T>): Promise<T>;
  /** Shows an engine event (only meaningful inside a step). */
  engine(progress: EngineProgress): void;
  /** A line of information. */
  note(line: string): void;
}

/** Shows nothing: the programmatic API's default. */
export const silentProgress: Progress = {
  step: (_title, work) => work(),
  engine: () => undefined,
  note: () => undefined,
};

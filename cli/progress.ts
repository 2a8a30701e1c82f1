/**
 * Live progress of a long operation. On a terminal: listr2's task list, with the resources the
 * engine is working on under the running step. Elsewhere (CI logs, pipes, tests): one plain line
 * per step and per resource. picocolors honours NO_COLOR.
 */
import { picocolorsDefault as pc } from "./colors";
import type { EngineProgress, Progress, ResourceOp } from "../application/ports";
import type { Io } from "./output";

export type { Progress };

const PAST: Readonly<Record<ResourceOp, string>> = {
  create: "created",
  update: "updated",
  replace: "replaced",
  delete: "deleted",
  same: "unchanged",
  read: "read",
  refresh: "refreshed",
  other: "done",
};
const SIGN: Readonly<Record<ResourceOp, string>> = {
  create: "+",
  update: "~",
  replace: "+-",
  delete: "-",
  same: " ",
  read: ">",
  refresh: "~",
  other: "*",
};

export function resourceName(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** One line per step and per resource change: for logs and pipes. */
export class PlainProgress implements Progress {
  constructor(private readonly io: Io) {}

  async step<T>(title: string, work: () => Promise<T>): Promise<T> {
    this.io.stderr(`${pc.cyan("•")} ${title}`);
    return work();
  }

  engine(progress: EngineProgress): void {
    const line = describe(progress);
    if (line) this.io.stderr(`  ${line}`);
  }

  note(line: string): void {
    this.io.stderr(line);
  }
}

function describe(progress: EngineProgress): string | undefined {
  switch (progress.kind) {
    case "resource":
      if (progress.op === "same") return undefined;
      return progress.phase === "started"
        ? `${SIGN[progress.op]} ${progress.op === "create" ? "creating" : progress.op === "delete" ? "deleting" : progress.op === "replace" ? "replacing" : progress.op === "update" ? "updating" : progress.op} ${progress.type} ${resourceName(progress.urn)}`
        : `${pc.green("✓")} ${PAST[progress.op]} ${progress.type} ${resourceName(progress.urn)}`;
    case "resource-failed":
      return `${pc.red("✗")} ${progress.op} failed: ${progress.type} ${resourceName(progress.urn)}`;
    case "diagnostic":
      return progress.severity === "info" ? undefined : `${progress.severity === "error" ? pc.red("error") : pc.yellow("warning")}: ${progress.message}`;
    case "policy":
      return `${progress.level === "mandatory" ? pc.red("policy (mandatory)") : pc.yellow("policy (advisory)")} ${progress.policy}: ${progress.message}`;
    case "summary":
      return undefined;
  }
}

/** listr2 on a terminal: each step a task, in-flight resources shown live under it. */
export class TtyProgress implements Progress {
  private current: { output: string } | undefined;
  private readonly inFlight = new Map<string, string>();
  private readonly done: string[] = [];

  constructor(private readonly io: Io) {}

  async step<T>(title: string, work: () => Promise<T>): Promise<T> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Listr } = require("listr2") as typeof import("listr2");
    let result: T | undefined;
    this.inFlight.clear();
    this.done.length = 0;
    const list = new Listr(
      [
        {
          title,
          task: async (_ctx, task) => {
            this.current = task;
            result = await work();
            this.current = undefined;
          },
          rendererOptions: { outputBar: 12, persistentOutput: false },
        },
      ],
      { renderer: "default", exitOnError: true, rendererOptions: { collapseSubtasks: false } },
    );
    await list.run();
    return result as T;
  }

  engine(progress: EngineProgress): void {
    if (progress.kind === "resource" && progress.op !== "same") {
      const name = `${progress.type} ${resourceName(progress.urn)}`;
      if (progress.phase === "started") this.inFlight.set(progress.urn, `${SIGN[progress.op]} ${name}`);
      else {
        this.inFlight.delete(progress.urn);
        this.done.push(`${PAST[progress.op]} ${name}`);
      }
    } else if (progress.kind === "resource-failed") {
      this.inFlight.delete(progress.urn);
      this.done.push(`FAILED ${progress.type} ${resourceName(progress.urn)}`);
    } else {
      const line = describe(progress);
      if (line) this.done.push(line);
    }
    this.render();
  }

  note(line: string): void {
    if (!this.current) return this.io.stderr(line);
    this.done.push(line.trim());
    this.render();
  }

  private render(): void {
    if (!this.current) return;
    const running = [...this.inFlight.values()].map((line) => `${pc.yellow("…")} ${line}`);
    this.current.output = [...this.done.slice(-6), ...running].join("\n");
  }
}

/** TTY progress when stderr is a terminal and the output is not JSON; plain lines otherwise. */
export function progressFor(io: Io, options: { json: boolean; tty: boolean }): Progress {
  return options.tty && !options.json ? new TtyProgress(io) : new PlainProgress(io);
}

/**
 * What every command gets: where to write, the project, the engine and the other ports, chosen
 * once from the environment. Tests run the real binary; the fake engine is picked by env var.
 */
import * as path from "path";
import * as readline from "readline";
import { ArtifactBuilder, ListedArtifactBuilder, ProjectArtifactBuilder } from "./artifacts/builder";
import { ArtifactStore, CloudArtifactStore, ListedArtifactStore, locationFromOutputs } from "./artifacts/store";
import type { EventsConfig } from "../domain";
import { createDeploymentPublisher, DeploymentEventPublisher } from "./deployment-events";
import { readFakeState } from "./engine/fake";
import type { Engine } from "./engine/port";
import { FAKE_STATE_VARIABLE, selectEngine } from "./engine/select";
import type { Io } from "./output";
import { Progress, progressFor } from "./progress";

export interface CommandContext {
  readonly io: Io;
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  setExitCode(code: number): void;
  engine(): Engine;
  artifactStore(outputs: Readonly<Record<string, unknown>>): ArtifactStore;
  artifactBuilder(): ArtifactBuilder;
  /** The deployment event publisher for a stack (outbox + the sinks of `semantest:events`). */
  publisher(events: EventsConfig, stack: string, awsRegion?: string): DeploymentEventPublisher;
  progress(json: boolean): Progress;
  /** Asks a yes/no question when a person is at the terminal; undefined when nobody can answer. */
  confirm(question: string): Promise<boolean | undefined>;
  now(): Date;
  /** Registers a Ctrl-C handler for the duration of `work`. */
  onInterrupt<T>(handler: () => void, work: () => Promise<T>): Promise<T>;
}

export function processContext(io: Io, projectDir: string, setExitCode: (code: number) => void, env: NodeJS.ProcessEnv = process.env): CommandContext {
  const fake = env.SEMANTEST_IAC_ENGINE === "fake" && env[FAKE_STATE_VARIABLE] ? env[FAKE_STATE_VARIABLE] : undefined;
  let engine: Engine | undefined;
  return {
    io,
    projectDir,
    env,
    setExitCode,
    engine: () => (engine ??= selectEngine(env, projectDir)),
    artifactStore: (outputs) => (fake ? new ListedArtifactStore(readFakeState(fake).artifacts ?? []) : new CloudArtifactStore(locationFromOutputs(outputs))),
    artifactBuilder: () => {
      const builds = fake ? readFakeState(fake).builds : undefined;
      return builds ? new ListedArtifactBuilder(builds) : new ProjectArtifactBuilder(projectDir);
    },
    // With the fake engine the outbox sits beside its state file, so tests never write into the project.
    publisher: (events, stack, awsRegion) =>
      createDeploymentPublisher(events, { dir: fake ? path.dirname(fake) : projectDir, stack, awsRegion, warn: (message) => io.stderr(`warning: ${message}`) }),
    // A terminal too narrow to draw in (or one reporting no width) gets plain lines.
    progress: (json) => progressFor(io, { json, tty: Boolean(process.stderr.isTTY) && (process.stderr.columns ?? 0) >= 40 }),
    confirm: async (question) => {
      if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await new Promise<string>((resolve) => rl.question(`${question} [y/N] `, resolve));
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
    now: () => new Date(),
    onInterrupt: async (handler, work) => {
      process.on("SIGINT", handler);
      try {
        return await work();
      } finally {
        process.off("SIGINT", handler);
      }
    },
  };
}

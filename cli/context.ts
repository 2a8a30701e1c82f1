/**
 * What every command gets: where to write, the project, the engine and the other ports, chosen
 * once from the environment. Tests run the real binary; the fake engine is picked by env var.
 */
import * as path from "path";
import type { ArtifactBuilder } from "./artifacts/builder";
import type { ArtifactStore } from "./artifacts/store";
import type { EventsConfig } from "../domain";
import type { DeploymentEventPublisher } from "./deployment-events";
import type { Engine } from "./engine/port";
import type { Io } from "./output";
import type { Progress } from "./progress";

// Each port's module is required when a command first asks for it, so `--help` loads none of them (issue 15).
/* eslint-disable @typescript-eslint/no-require-imports */
const artifacts = () => ({ ...(require("./artifacts/builder") as typeof import("./artifacts/builder")), ...(require("./artifacts/store") as typeof import("./artifacts/store")) });
const fakeEngine = () => require("./engine/fake") as typeof import("./engine/fake");
const engines = () => require("./engine/select") as typeof import("./engine/select");
const publishers = () => require("./deployment-events") as typeof import("./deployment-events");
const progressModule = () => require("./progress") as typeof import("./progress");
const readline = () => require("readline") as typeof import("readline");
/* eslint-enable @typescript-eslint/no-require-imports */

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
  const fakeState = (): string | undefined => {
    const variable = engines().FAKE_STATE_VARIABLE;
    return env.SEMANTEST_IAC_ENGINE === "fake" && env[variable] ? env[variable] : undefined;
  };
  let engine: Engine | undefined;
  return {
    io,
    projectDir,
    env,
    setExitCode,
    engine: () => (engine ??= engines().selectEngine(env, projectDir)),
    artifactStore: (outputs) => {
      const { CloudArtifactStore, ListedArtifactStore, locationFromOutputs } = artifacts();
      const fake = fakeState();
      return fake ? new ListedArtifactStore(fakeEngine().readFakeState(fake).artifacts ?? []) : new CloudArtifactStore(locationFromOutputs(outputs));
    },
    artifactBuilder: () => {
      const { ListedArtifactBuilder, ProjectArtifactBuilder } = artifacts();
      const fake = fakeState();
      const builds = fake ? fakeEngine().readFakeState(fake).builds : undefined;
      return builds ? new ListedArtifactBuilder(builds) : new ProjectArtifactBuilder(projectDir);
    },
    // With the fake engine the outbox sits beside its state file, so tests never write into the project.
    publisher: (events, stack, awsRegion) => {
      const fake = fakeState();
      return publishers().createDeploymentPublisher(events, { dir: fake ? path.dirname(fake) : projectDir, stack, awsRegion, warn: (message) => io.stderr(`warning: ${message}`) });
    },
    // A terminal too narrow to draw in (or one reporting no width) gets plain lines.
    progress: (json) => progressModule().progressFor(io, { json, tty: Boolean(process.stderr.isTTY) && (process.stderr.columns ?? 0) >= 40 }),
    confirm: async (question) => {
      if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
      const rl = readline().createInterface({ input: process.stdin, output: process.stderr });
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

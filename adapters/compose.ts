/**
 * The composition root: picks and wires the adapters behind every port, once, from the
 * environment. The CLI (cli/context.ts) and the programmatic API (api/) both call it; nothing else
 * outside adapters/ names an adapter.
 */
import * as path from "path";
import { ulid } from "ulidx";
import type { Ports, Progress } from "../application/ports";
import { ListedArtifactBuilder, ProjectArtifactBuilder } from "./artifact-builder";
import { CloudArtifactStore, locationFromOutputs } from "./artifact-store/cloud";
import { FakeArtifactStore } from "./artifact-store/fake";
import { readFakeState } from "./engine/fake";
import { FAKE_STATE_VARIABLE, selectEngine } from "./engine/select";
import { createDeploymentPublisher } from "./event-publisher";
import { ProjectDirectory } from "./project";

export interface Surroundings {
  /** The Pulumi project directory (holds Pulumi.yaml). */
  readonly projectDir: string;
  /** Environment variables: the engine choice (SEMANTEST_IAC_ENGINE), the user. */
  readonly env: NodeJS.ProcessEnv;
  readonly progress: Progress;
  /** Warnings (a sink outage); the CLI writes them to stderr. */
  readonly warn: (message: string) => void;
  readonly confirm?: Ports["confirm"];
  readonly onInterrupt?: Ports["onInterrupt"];
}

export function composePorts(s: Surroundings): Ports {
  const fake = s.env.SEMANTEST_IAC_ENGINE === "fake" && s.env[FAKE_STATE_VARIABLE] ? s.env[FAKE_STATE_VARIABLE] : undefined;
  let engine: ReturnType<Ports["engine"]> | undefined;
  return {
    engine: () => (engine ??= selectEngine(s.env, s.projectDir)),
    offline: () => ({
      // The offline engine loads the Pulumi SDK and the program: only when a preview runs offline.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      preview: (options) => (require("./engine/offline/preview") as typeof import("./engine/offline/preview")).runOfflinePreview(options),
    }),
    outbox: async (events, stack, awsRegion) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { flushOutbox } = require("../events") as typeof import("../events");
      return flushOutbox(events, { projectDir: s.projectDir, stack, awsRegion, waitForLockMs: 10_000, onWarning: s.warn });
    },
    artifactStore: (outputs) => (fake ? new FakeArtifactStore(fake) : new CloudArtifactStore(locationFromOutputs(outputs))),
    artifactBuilder: () => {
      const builds = fake ? readFakeState(fake).builds : undefined;
      return builds ? new ListedArtifactBuilder(builds) : new ProjectArtifactBuilder(s.projectDir);
    },
    // With the fake engine the outbox sits beside its state file, so tests never write into the project.
    publisher: (events, stack, awsRegion) => createDeploymentPublisher(events, { dir: fake ? path.dirname(fake) : s.projectDir, stack, awsRegion, warn: s.warn }),
    progress: s.progress,
    project: new ProjectDirectory(s.projectDir),
    clock: { now: () => new Date(), newId: () => ulid() },
    confirm: s.confirm ?? (async () => undefined),
    onInterrupt: s.onInterrupt ?? ((_handler, work) => work()),
    operator: s.env.USER ?? s.env.USERNAME,
  };
}

/**
 * Everything a use case may touch, as ports (interfaces shaped by our domain). The CLI's
 * composition root (adapters/compose.ts) and the programmatic API (api/) build one `Ports` each;
 * tests build theirs from in-memory fakes.
 */
import type { ArtifactBuilder, ArtifactStore } from "./artifacts";
import type { Clock } from "./clock";
import type { Engine } from "./engine";
import type { FunctionVersionStore } from "./function-versions";
import type { ReleaseGates } from "./gates";
import type { PublisherFactory } from "./events";
import type { OfflineEngine } from "./offline";
import type { OutboxFlusher } from "./outbox";
import type { Progress } from "./progress";
import type { Project } from "./project";
import type { DoctorProbes } from "../doctor/run-doctor";
import type { LogReaders } from "../logs/ports";

export * from "./artifacts";
export * from "./clock";
export * from "./engine";
export * from "./events";
export * from "./function-versions";
export * from "./gates";
export * from "./offline";
export * from "./outbox";
export * from "./progress";
export * from "./project";

export interface Ports {
  /** The stack engine (Automation API, or the fake in tests), opened lazily: offline paths never need it. */
  engine(): Engine;
  /** The offline engine: the program under mocks with a stack file's config (preview --offline). */
  offline(): OfflineEngine;
  /** Delivers what a stack's local outbox holds (events flush). */
  readonly outbox: OutboxFlusher;
  /** The artifact store of a stack, located from its outputs (`artifactStore`). */
  artifactStore(outputs: Readonly<Record<string, unknown>>): ArtifactStore;
  artifactBuilder(): ArtifactBuilder;
  /** The published function versions of a stack (AWS Lambda), located from its outputs (`lambdaFunctions`). */
  functionVersions?(outputs: Readonly<Record<string, unknown>>): FunctionVersionStore;
  /** The deployment event publisher of a stack (outbox + the sinks of `semantest:events`). */
  readonly publisher: PublisherFactory;
  readonly progress: Progress;
  readonly project: Project;
  readonly clock: Clock;
  /** The alarm states a rollout step is judged by (stack output `releaseAlarms`), read on each cloud. */
  gates(): ReleaseGates;
  /** Asks a person yes/no; undefined when nobody can answer (then the request must say `yes`). */
  confirm(question: string): Promise<boolean | undefined>;
  /** Runs `work` with `handler` called on each user interrupt (Ctrl-C); the API passes `work` through. */
  onInterrupt<T>(handler: () => void, work: () => Promise<T>): Promise<T>;
  /** The account probes `doctor` and the preflight of deploy/rollback/destroy ask; absent with the fake engine. */
  readonly accountProbes?: AccountProbeFactory;
  /** Reads a component's logs from its cloud (`logs`; adapters/logs). */
  readonly logReaders?: LogReaders;
  /** Who asked (recorded on the deployment): the OS user for the CLI. */
  readonly operator?: string;
}

/** Opens the probes of the machine and the accounts a stack deploys to (adapters/account). */
export interface AccountProbeFactory {
  open(context: { readonly region?: string; readonly subscriptionId?: string }): DoctorProbes;
}

/**
 * The composition root: picks and wires the adapters behind every port, once, from the
 * environment. The CLI (cli/context.ts) and the programmatic API (api/) both call it; nothing else
 * outside adapters/ names an adapter.
 */
import * as path from "path";
import type { AccountProbeFactory, Ports, Progress, Project } from "../application/ports";

// Each adapter is required when a use case first asks for it: `--help` and `preview --offline`
// load no engine, no cloud SDK and no event sink (issue 15).
/* eslint-disable @typescript-eslint/no-require-imports */
const builders = () => require("./artifact-builder") as typeof import("./artifact-builder");
const cloudStore = () => require("./artifact-store/cloud") as typeof import("./artifact-store/cloud");
const fakeStore = () => require("./artifact-store/fake") as typeof import("./artifact-store/fake");
const fakeEngine = () => require("./engine/fake") as typeof import("./engine/fake");
const engines = () => require("./engine/select") as typeof import("./engine/select");
const gates = () => require("./gates") as typeof import("./gates");
const fakeGates = () => require("./gates/fake") as typeof import("./gates/fake");
const publishers = () => require("./event-publisher") as typeof import("./event-publisher");
const projects = () => require("./project") as typeof import("./project");
const ids = () => require("ulidx") as typeof import("ulidx");
const logReaders = () => require("./logs") as typeof import("./logs");
/* eslint-enable @typescript-eslint/no-require-imports */

/** The fake engine's variables, repeated here so that choosing an engine loads none. */
const FAKE_STATE_VARIABLE = "SEMANTEST_IAC_FAKE_STATE";

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
    engine: () => (engine ??= engines().selectEngine(s.env, s.projectDir)),
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
    artifactStore: (outputs) => (fake ? new (fakeStore().FakeArtifactStore)(fake) : new (cloudStore().CloudArtifactStore)(cloudStore().locationFromOutputs(outputs))),
    functionVersions: (outputs) => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      if (fake) return new (require("./function-versions/fake") as typeof import("./function-versions/fake")).FakeVersionStore(fake);
      const aws = require("./function-versions/aws") as typeof import("./function-versions/aws");
      /* eslint-enable @typescript-eslint/no-require-imports */
      return new aws.LambdaVersionStore(aws.lambdaFunctionsFromOutputs(outputs));
    },
    artifactBuilder: () => {
      const builds = fake ? fakeEngine().readFakeState(fake).builds : undefined;
      return builds ? new (builders().ListedArtifactBuilder)(builds) : new (builders().ProjectArtifactBuilder)(s.projectDir);
    },
    // With the fake engine the outbox sits beside its state file, so tests never write into the project.
    publisher: (events, stack, awsRegion) => publishers().createDeploymentPublisher(events, { dir: fake ? path.dirname(fake) : s.projectDir, stack, awsRegion, warn: s.warn }),
    progress: s.progress,
    project: lazyProject(s.projectDir),
    // With the fake engine, waits are instant and move a recorded clock (rollout steps in tests).
    clock: fake ? new (fakeEngine().FakeClock)(fake, () => ids().ulid()) : { now: () => new Date(), newId: () => ids().ulid(), wait: realWait },
    gates: () => (fake ? new (fakeGates().FakeReleaseGates)(fake) : new (gates().CloudReleaseGates)()),
    confirm: s.confirm ?? (async () => undefined),
    onInterrupt: s.onInterrupt ?? ((_handler, work) => work()),
    // The fake engine is test-only: there is no account behind it to check.
    accountProbes: s.env.SEMANTEST_IAC_ENGINE === "fake" ? undefined : accountProbes(s.env),
    operator: s.env.USER ?? s.env.USERNAME,
    logReaders: { open: (source) => logReaders().cloudLogReaders(s.env, s.warn).open(source) },
  };
}

/** Resolves after `ms`, or at once when `signal` aborts (Ctrl-C during a rollout step). */
function realWait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

function lazyProject(dir: string): Project {
  let project: Project | undefined;
  const load = () => (project ??= new (projects().ProjectDirectory)(dir));
  return {
    dir,
    stackNames: () => load().stackNames(),
    policyOptions: (environment) => load().policyOptions(environment),
    stackValues: (stack, configFile) => load().stackValues(stack, configFile),
  };
}

function accountProbes(env: NodeJS.ProcessEnv): AccountProbeFactory {
  return {
    open: ({ region, subscriptionId }) => {
      // The cloud SDK clients load only when doctor (or a preflight) runs.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { AwsSdkAccountProbe, AzureSdkAccountProbe, PulumiCliCommandProbe } = require("./account") as typeof import("./account");
      return {
        pulumi: new PulumiCliCommandProbe(env),
        aws: () => new AwsSdkAccountProbe({ region: region ?? "us-east-1" }),
        azure: () => new AzureSdkAccountProbe({ subscriptionId: subscriptionId ?? env.AZURE_SUBSCRIPTION_ID ?? env.ARM_SUBSCRIPTION_ID }),
      };
    },
  };
}

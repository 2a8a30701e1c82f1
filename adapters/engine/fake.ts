/**
 * A scripted, in-process engine FOR TESTS ONLY. Selected with `SEMANTEST_IAC_ENGINE=fake`; its
 * whole world (stacks, config, history, outputs, locks, what the next `up` does, which artifacts
 * exist) lives in the JSON file named by `SEMANTEST_IAC_FAKE_STATE`, which it updates as the real
 * engine would update a backend: `up` appends to history, `setAllConfig` changes config. Every
 * call the use cases make is appended to `calls`, so a test can assert on exactly what was asked.
 */
import * as fs from "fs";
import {
  ConfigEntry,
  DestroyOptions,
  Engine,
  EngineError,
  EngineErrorCodes,
  PolicyResult,
  PreviewOptions,
  PreviewOutcome,
  ResourceOp,
  StackConfig,
  StackEngine,
  StackUpdate,
  UpOptions,
  UpOutcome,
} from "../../application/ports/engine";

export interface FakeStep {
  readonly op: ResourceOp;
  readonly urn: string;
  readonly type: string;
}

export interface FakeUpdateJson {
  readonly version: number;
  readonly kind?: string;
  readonly startTime: string;
  readonly endTime?: string;
  readonly result: StackUpdate["result"];
  readonly message: string;
  readonly environment?: Record<string, string>;
  readonly config: Record<string, ConfigEntry>;
  readonly resourceChanges?: Record<string, number>;
}

/** What one `up` does: succeed (default), fail with `error`, or hang until cancelled. */
export interface FakeUpPlan {
  outcome?: "succeed" | "fail" | "hang";
  error?: string;
  steps?: FakeStep[];
  outputs?: Record<string, unknown>;
}

export interface FakeStackState {
  config: Record<string, ConfigEntry>;
  /** Newest first, like `pulumi stack history`. */
  history: FakeUpdateJson[];
  outputs?: Record<string, unknown>;
  /** Set: every mutating operation fails with Pulumi's lock message naming this holder. */
  lockedBy?: string;
  /** What the next `up` does: succeed (default), fail with `error`, or hang until cancelled. */
  nextUp?: FakeUpPlan;
  /** What the next `up`s do, in order (each one taken by one `up`); when empty, `nextUp` again. */
  nextUps?: FakeUpPlan[];
  nextPreview?: { steps?: FakeStep[]; policies?: PolicyResult[] };
  /** What `previewDestroy` lists and `destroy` deletes (default: nothing); `fail` makes the destroy fail. */
  nextDestroy?: { steps?: FakeStep[]; outcome?: "succeed" | "fail"; error?: string };
}

export interface FakeState {
  pulumi?: { installed?: boolean; loggedIn?: boolean };
  /** The test clock (FakeClock): how far `wait` has moved time past the real clock. */
  clock?: { offsetMs?: number };
  /**
   * Release alarm states by name, for the fake gates (adapters/gates/fake.ts): each read takes the
   * next state of the list; the last one stays. Unlisted names are `ok`.
   */
  alarms?: Record<string, { cloud?: "aws" | "azure"; states: ("ok" | "alarm" | "insufficient-data")[] }>;
  stacks: Record<string, FakeStackState>;
  /** Digests the (fake) artifact store holds. */
  artifacts?: string[];
  /** Digests the (fake) artifact builder produces per component. */
  builds?: Record<string, string>;
  calls?: { op: string; stack?: string; [key: string]: unknown }[];
}

/**
 * The test clock: `wait` returns at once and moves this clock's time forward, recording the wait
 * in `calls`, so a 5-minute canary step costs nothing in a test and its length is still asserted.
 */
export class FakeClock {
  constructor(
    private readonly file: string,
    readonly newId: () => string,
  ) {}

  now(): Date {
    return new Date(Date.now() + (readFakeState(this.file).clock?.offsetMs ?? 0));
  }

  async wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return;
    const state = readFakeState(this.file);
    state.clock = { offsetMs: (state.clock?.offsetMs ?? 0) + ms };
    log(state, { op: "wait", ms });
    writeFakeState(this.file, state);
  }
}

export function readFakeState(file: string): FakeState {
  return JSON.parse(fs.readFileSync(file, "utf8")) as FakeState;
}

export function writeFakeState(file: string, state: FakeState): void {
  fs.writeFileSync(file, JSON.stringify(state, null, 2));
}

export class FakeEngine implements Engine {
  readonly name = "fake" as const;

  constructor(private readonly file: string) {}

  async check(): Promise<void> {
    const state = readFakeState(this.file);
    if (state.pulumi?.installed === false) throw new EngineError(EngineErrorCodes.noPulumiCli, "the Pulumi CLI is not on PATH", "spawn pulumi ENOENT");
    if (state.pulumi?.loggedIn === false) {
      throw new EngineError(EngineErrorCodes.notLoggedIn, "the Pulumi CLI is not logged in to a backend", "PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions");
    }
  }

  async openStack(stack: string, options: { readonly create?: boolean } = {}): Promise<StackEngine> {
    const state = readFakeState(this.file);
    if (!state.stacks[stack]) {
      if (!options.create) throw new EngineError(EngineErrorCodes.stackNotFound, "no such stack", `no stack named '${stack}' found`);
      state.stacks[stack] = { config: {}, history: [] };
      this.write(state);
    }
    return new FakeStack(this.file, stack);
  }

  private write(state: FakeState): void {
    writeFakeState(this.file, state);
  }
}

class FakeStack implements StackEngine {
  constructor(
    private readonly file: string,
    readonly stack: string,
  ) {}

  async getConfig(): Promise<StackConfig> {
    return { ...this.state().config };
  }

  async setAllConfig(config: StackConfig, options: { readonly replace?: boolean } = {}): Promise<void> {
    // Like `pulumi config set`, this does not take the update lock.
    this.mutate((stack, state) => {
      stack.config = options.replace ? { ...config } : { ...stack.config, ...config };
      log(state, { op: "setAllConfig", stack: this.stack, replace: Boolean(options.replace), config });
    });
  }

  async preview(options: PreviewOptions = {}): Promise<PreviewOutcome> {
    const stack = this.state();
    const steps = stack.nextPreview?.steps ?? [];
    const policies = stack.nextPreview?.policies ?? [];
    for (const step of steps) {
      options.onProgress?.({ kind: "resource", phase: "started", op: step.op, urn: step.urn, type: step.type, planning: true });
      options.onProgress?.({ kind: "resource", phase: "done", op: step.op, urn: step.urn, type: step.type, planning: true });
    }
    for (const policy of policies) options.onProgress?.({ kind: "policy", ...policy });
    this.mutate((_, state) => log(state, { op: "preview", stack: this.stack, policyPacks: options.policyPacks ?? [], policyPackConfigs: options.policyPackConfigs ?? [] }));
    return { changes: countChanges(steps), steps, policies };
  }

  async up(options: UpOptions): Promise<UpOutcome> {
    const startTime = new Date();
    const stack = this.state();
    this.assertUnlocked(stack);
    this.mutate((_, state) => log(state, { op: "up", stack: this.stack, message: options.message, env: options.env ?? {}, policyPacks: options.policyPacks ?? [], policyPackConfigs: options.policyPackConfigs ?? [] }));
    let plan: FakeUpPlan = stack.nextUp ?? {};
    if (stack.nextUps?.length) {
      plan = stack.nextUps[0];
      this.mutate((current) => void current.nextUps?.shift());
    }
    const steps = plan.steps ?? [];
    const changes = countChanges(steps);
    for (const step of steps) {
      options.onProgress?.({ kind: "resource", phase: "started", op: step.op, urn: step.urn, type: step.type, planning: false });
      if (plan.outcome === "hang") continue;
      if (plan.outcome === "fail" && step === steps[steps.length - 1]) {
        options.onProgress?.({ kind: "diagnostic", severity: "error", message: plan.error ?? "the update failed", urn: step.urn });
        options.onProgress?.({ kind: "resource-failed", op: step.op, urn: step.urn, type: step.type });
      } else {
        options.onProgress?.({ kind: "resource", phase: "done", op: step.op, urn: step.urn, type: step.type, planning: false });
      }
    }

    if (plan.outcome === "hang") {
      // Stands for a long update: it ends only when the CLI cancels it (Ctrl-C -> signal).
      // A real update holds the process open (the pulumi child process); so does this stand-in.
      const running = setInterval(() => undefined, 60_000);
      await new Promise<void>((resolve) => {
        if (options.signal?.aborted) return resolve();
        options.signal?.addEventListener("abort", () => resolve(), { once: true });
      }).finally(() => clearInterval(running));
      this.record(options.message, startTime, "failed", changes);
      this.mutate((_, state) => log(state, { op: "cancelled", stack: this.stack }));
      throw new EngineError(EngineErrorCodes.cancelled, "the update was cancelled", "update canceled");
    }
    if (plan.outcome === "fail") {
      this.record(options.message, startTime, "failed", changes);
      throw new EngineError(EngineErrorCodes.updateFailed, plan.error ?? "the update failed");
    }
    const version = this.record(options.message, startTime, "succeeded", changes);
    const outputs = plan.outputs ?? stack.outputs ?? {};
    this.mutate((current) => (current.outputs = outputs));
    options.onProgress?.({ kind: "summary", changes, durationSeconds: 0 });
    return { changes, outputs, version };
  }

  async previewDestroy(options: PreviewOptions = {}): Promise<PreviewOutcome> {
    const steps = this.state().nextDestroy?.steps ?? [];
    for (const step of steps) options.onProgress?.({ kind: "resource", phase: "done", op: step.op, urn: step.urn, type: step.type, planning: true });
    this.mutate((_, state) => log(state, { op: "previewDestroy", stack: this.stack, runProgram: true }));
    return { changes: countChanges(steps), steps, policies: [] };
  }

  async destroy(options: DestroyOptions): Promise<UpOutcome> {
    const startTime = new Date();
    const stack = this.state();
    this.assertUnlocked(stack);
    this.mutate((_, state) => log(state, { op: "destroy", stack: this.stack, message: options.message, env: options.env ?? {}, runProgram: true }));
    const plan = stack.nextDestroy ?? {};
    const steps = plan.steps ?? [];
    for (const step of steps) {
      options.onProgress?.({ kind: "resource", phase: "started", op: step.op, urn: step.urn, type: step.type, planning: false });
      options.onProgress?.({ kind: "resource", phase: "done", op: step.op, urn: step.urn, type: step.type, planning: false });
    }
    const changes = countChanges(steps);
    if (plan.outcome === "fail") {
      this.record(options.message, startTime, "failed", changes, "destroy");
      throw new EngineError(EngineErrorCodes.updateFailed, plan.error ?? "the destroy failed");
    }
    const version = this.record(options.message, startTime, "succeeded", changes, "destroy");
    this.mutate((current) => (current.outputs = {}));
    return { changes, outputs: {}, version };
  }

  async history(limit?: number): Promise<readonly StackUpdate[]> {
    const history = this.state().history.map(fromJson);
    return limit ? history.slice(0, limit) : history;
  }

  async outputs(): Promise<Readonly<Record<string, unknown>>> {
    return { ...(this.state().outputs ?? {}) };
  }

  async cancel(): Promise<void> {
    this.mutate((_, state) => log(state, { op: "cancel", stack: this.stack }));
  }

  private state(): FakeStackState {
    return readFakeState(this.file).stacks[this.stack];
  }

  private mutate(change: (stack: FakeStackState, state: FakeState) => void): void {
    const state = readFakeState(this.file);
    change(state.stacks[this.stack], state);
    fs.writeFileSync(this.file, JSON.stringify(state, null, 2));
  }

  private assertUnlocked(stack: FakeStackState): void {
    if (stack.lockedBy) {
      throw new EngineError(
        EngineErrorCodes.stackLocked,
        "the stack is locked by another update",
        `[409] Conflict: Another update is currently in progress (${stack.lockedBy})`,
      );
    }
  }

  private record(message: string, startTime: Date, result: "succeeded" | "failed", changes: Record<string, number>, kind = "update"): number {
    let version = 0;
    this.mutate((stack) => {
      version = Math.max(0, ...stack.history.map((u) => u.version)) + 1;
      stack.history.unshift({
        version,
        kind,
        startTime: startTime.toISOString(),
        endTime: new Date().toISOString(),
        result,
        message,
        environment: { "exec.kind": "auto.local", "exec.agent": "semantest-iac (fake engine)" },
        config: { ...stack.config },
        resourceChanges: changes,
      });
    });
    return version;
  }
}

function fromJson(update: FakeUpdateJson): StackUpdate {
  return {
    version: update.version,
    kind: update.kind ?? "update",
    startTime: new Date(update.startTime),
    endTime: update.endTime ? new Date(update.endTime) : undefined,
    result: update.result,
    message: update.message,
    environment: update.environment ?? {},
    config: update.config,
    resourceChanges: update.resourceChanges,
  };
}

function countChanges(steps: readonly FakeStep[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const step of steps) counts[step.op] = (counts[step.op] ?? 0) + 1;
  return counts;
}

function log(state: FakeState, call: { op: string; stack?: string; [key: string]: unknown }): void {
  state.calls = [...(state.calls ?? []), call];
}

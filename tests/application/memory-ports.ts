/**
 * In-memory ports for the use cases: a stack engine that keeps config, history and outputs in a
 * map, an artifact store and builder over digest lists, a publisher that envelopes events in
 * order and can be told a sink is down, a fixed clock and counted ids, and a project of stack
 * values. Every engine call is recorded, so a test can assert exactly what a use case asked for.
 */
import { toEnvelopeChain } from "../../domain/events";
import type {
  ArtifactStore,
  ConfigEntry,
  DeploymentEventPublisher,
  Engine,
  EngineProgress,
  EventEnvelope,
  Ports,
  Project,
  StackConfig,
  StackEngine,
  StackUpdate,
  UpOutcome,
} from "../../application/ports";
import { EngineError, EngineErrorCodes, silentProgress } from "../../application/ports";

export interface MemoryStack {
  config: Record<string, ConfigEntry>;
  history: StackUpdate[];
  outputs: Record<string, unknown>;
  /** What the next up/destroy returns, or the error it throws. */
  next?: { changes?: Record<string, number>; outputs?: Record<string, unknown>; error?: EngineError };
}

export interface MemoryWorld {
  readonly ports: Ports;
  readonly stacks: Record<string, MemoryStack>;
  readonly calls: { op: string; stack?: string; [key: string]: unknown }[];
  readonly published: EventEnvelope[];
  /** Sinks that refuse everything: their events stay pending. */
  readonly downSinks: string[];
  artifacts: string[];
  pulumiInstalled: boolean;
}

export const plain = (value: string): ConfigEntry => ({ value, secret: false });
export const object = (value: unknown): ConfigEntry => ({ value: JSON.stringify(value), secret: false, object: true });
export const digest = (seed: string): string => `sha256:${Buffer.from(seed.padEnd(32, "0")).toString("hex").slice(0, 64)}`;

export function memoryWorld(options: { stacks?: Record<string, MemoryStack>; files?: Record<string, Record<string, unknown>>; builds?: Record<string, string>; answer?: boolean } = {}): MemoryWorld {
  const stacks = options.stacks ?? {};
  const calls: MemoryWorld["calls"] = [];
  const published: EventEnvelope[] = [];
  let ids = 0;
  const world: MemoryWorld = {
    stacks,
    calls,
    published,
    downSinks: [],
    artifacts: [],
    pulumiInstalled: true,
    ports: undefined as unknown as Ports,
  };
  const engine: Engine = {
    name: "fake",
    async check() {
      calls.push({ op: "check" });
      if (!world.pulumiInstalled) throw new EngineError(EngineErrorCodes.noPulumiCli, "the Pulumi CLI is not on PATH");
    },
    async openStack(name, opts = {}) {
      calls.push({ op: "openStack", stack: name });
      if (!stacks[name]) {
        if (!opts.create) throw new EngineError(EngineErrorCodes.stackNotFound, "no such stack");
        stacks[name] = { config: {}, history: [], outputs: {} };
      }
      return memoryStack(name, stacks[name], calls);
    },
  };
  const files = options.files ?? {};
  const project: Project = {
    dir: "/memory",
    stackNames: () => Object.keys(files).sort(),
    policyOptions: () => ({ policyPacks: [], policyPackConfigs: [] }),
    stackValues: (stack) => {
      if (!files[stack]) throw new Error(`/memory/Pulumi.${stack}.yaml: no such stack file`);
      return files[stack];
    },
  };
  const store: ArtifactStore = {
    locate: (a) => `memory://${a.digest}`,
    locations: () => ["memory://artifacts"],
    exists: async (a) => world.artifacts.includes(a.digest),
    purge: async () => {
      const removed = world.artifacts.length;
      world.artifacts = [];
      calls.push({ op: "purge", removed });
      return { locations: [{ location: "memory://artifacts", removed }] };
    },
    list: async () => world.artifacts.map((d) => ({ digest: d, provider: "aws" as const, location: `memory://${d}` })),
    remove: async (gone) => {
      const before = world.artifacts.length;
      world.artifacts = world.artifacts.filter((d) => !gone.some((g) => g.digest === d));
      calls.push({ op: "remove", digests: gone.map((g) => g.digest) });
      return before - world.artifacts.length;
    },
  };
  const publisher = (): DeploymentEventPublisher => {
    const mine: EventEnvelope[] = [];
    return {
      publish: async (events) => {
        const chain = toEnvelopeChain(events, { newId: () => `E${String(++ids).padStart(25, "0")}`, causationId: mine[mine.length - 1]?.id ?? null });
        mine.push(...chain);
        published.push(...chain);
        return chain;
      },
      engineEnvironment: (id) => ({ SEMANTEST_DEPLOYMENT_ID: id }),
      close: async () => ({
        delivered: Object.fromEntries(world.downSinks.length ? [] : [["memory", mine.length]]),
        pending: Object.fromEntries(world.downSinks.map((s) => [s, mine.length])),
        failures: Object.fromEntries(world.downSinks.map((s) => [s, "503 Service Unavailable"])),
      }),
    };
  };
  (world as { ports: Ports }).ports = {
    engine: () => engine,
    offline: () => ({ preview: async () => ({ ok: false, error: { code: "STACK_FILE", message: "no offline engine in memory" } }) }),
    outbox: async () => ({ delivered: {}, pending: Object.fromEntries(world.downSinks.map((s) => [s, 1])), failures: {}, rejected: {}, orphaned: {} }),
    artifactStore: () => store,
    artifactBuilder: () => ({ build: async (s) => ({ kind: s.kind, provider: s.provider, digest: options.builds?.[s.kind] ?? digest(`built-${s.kind}`) }) }),
    publisher,
    progress: silentProgress,
    project,
    clock: { now: () => new Date("2026-11-30T05:00:00.000Z"), newId: () => `01JF${String(++ids).padStart(22, "0")}`, wait: async () => undefined },
    gates: () => ({ states: async () => [] }),
    confirm: async () => options.answer,
    onInterrupt: (_handler, work) => work(),
    operator: "tester",
  };
  return world;
}

function memoryStack(name: string, state: MemoryStack, calls: MemoryWorld["calls"]): StackEngine {
  const finish = async (op: string, options: { message?: string; onProgress?: (p: EngineProgress) => void; env?: Readonly<Record<string, string>> }): Promise<UpOutcome> => {
    options.onProgress?.({ kind: "summary", changes: state.next?.changes ?? {}, durationSeconds: 0 });
    calls.push({ op, stack: name, message: options.message, env: options.env });
    const next = state.next ?? {};
    const version = (state.history[0]?.version ?? 0) + 1;
    const base = { version, kind: op === "destroy" ? "destroy" : "update", startTime: new Date("2026-11-30T05:00:00Z"), message: options.message ?? "", environment: {}, config: { ...state.config } as StackConfig };
    if (next.error) {
      state.history.unshift({ ...base, result: "failed" });
      throw next.error;
    }
    state.history.unshift({ ...base, result: "succeeded", resourceChanges: next.changes ?? {} });
    state.outputs = op === "destroy" ? {} : (next.outputs ?? state.outputs);
    return { changes: next.changes ?? {}, outputs: state.outputs, version };
  };
  return {
    stack: name,
    getConfig: async () => ({ ...state.config }),
    setAllConfig: async (config, options = {}) => {
      calls.push({ op: "setAllConfig", stack: name, config, replace: Boolean(options.replace) });
      state.config = options.replace ? { ...config } : { ...state.config, ...config };
    },
    preview: async () => {
      calls.push({ op: "preview", stack: name, config: { ...state.config } });
      return { changes: state.next?.changes ?? {}, steps: [], policies: [] };
    },
    up: (options) => finish("up", options),
    previewDestroy: async () => {
      calls.push({ op: "previewDestroy", stack: name });
      return { changes: state.next?.changes ?? {}, steps: [], policies: [] };
    },
    destroy: (options) => finish("destroy", options),
    history: async (limit) => (limit ? state.history.slice(0, limit) : [...state.history]),
    outputs: async () => ({ ...state.outputs }),
    cancel: async () => void calls.push({ op: "cancel", stack: name }),
  };
}

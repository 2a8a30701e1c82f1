/**
 * The engine adapter on Pulumi's Automation API: a LocalWorkspace over the project directory
 * (Pulumi.yaml + Pulumi.<stack>.yaml), driving the Pulumi CLI. Engine events become our
 * EngineProgress; CLI failures become classified EngineErrors.
 */
import type {
  ConfigMap,
  EngineEvent,
  OpType,
  PulumiCommand as PulumiCommandType,
  Stack,
  UpdateSummary,
} from "@pulumi/pulumi/automation";
import {
  ConfigEntry,
  DestroyOptions,
  Engine,
  EngineError,
  EngineErrorCodes,
  EngineProgress,
  PolicyResult,
  PreviewOptions,
  PreviewOutcome,
  ProgressListener,
  ResourceOp,
  StackConfig,
  StackEngine,
  StackUpdate,
  UpdateResult,
  UpOptions,
  UpOutcome,
} from "../../application/ports/engine";

// The Automation API pulls in the whole SDK (gRPC, protobufs): load it only when a command needs it,
// so `--help` and `preview --offline` stay fast.
type AutomationModule = typeof import("@pulumi/pulumi/automation");
let automationModule: AutomationModule | undefined;
function automation(): AutomationModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  automationModule ??= require("@pulumi/pulumi/automation") as AutomationModule;
  return automationModule;
}

export interface AutomationEngineOptions {
  /** The Pulumi project directory (holds Pulumi.yaml): the workspace's workDir. */
  readonly projectDir: string;
  /** A Pulumi install root (`<root>/bin/pulumi`); default: `pulumi` on PATH. */
  readonly pulumiRoot?: string;
  /** Extra environment for every Pulumi CLI call. */
  readonly envVars?: Readonly<Record<string, string>>;
}

export class AutomationEngine implements Engine {
  readonly name = "automation" as const;
  private command: Promise<PulumiCommandType> | undefined;

  constructor(private readonly options: AutomationEngineOptions) {}

  async check(): Promise<void> {
    const command = await this.pulumiCommand();
    const workspace = await this.workspace(command);
    try {
      await workspace.whoAmI();
    } catch (error) {
      throw new EngineError(EngineErrorCodes.notLoggedIn, "the Pulumi CLI is not logged in to a backend", firstErrorLine(error));
    }
  }

  async openStack(stack: string, options: { readonly create?: boolean } = {}): Promise<StackEngine> {
    const command = await this.pulumiCommand();
    const { LocalWorkspace } = automation();
    const args = { stackName: stack, workDir: this.options.projectDir };
    const opts = { pulumiCommand: command, envVars: { ...this.options.envVars } };
    try {
      const selected = options.create ? await LocalWorkspace.createOrSelectStack(args, opts) : await LocalWorkspace.selectStack(args, opts);
      return new AutomationStack(selected);
    } catch (error) {
      throw classify(error);
    }
  }

  private pulumiCommand(): Promise<PulumiCommandType> {
    this.command ??= automation()
      .PulumiCommand.get({ root: this.options.pulumiRoot, skipVersionCheck: true })
      .catch((error: unknown) => {
        this.command = undefined;
        throw new EngineError(EngineErrorCodes.noPulumiCli, "the Pulumi CLI is not on PATH", firstErrorLine(error));
      });
    return this.command;
  }

  private workspace(command: PulumiCommandType) {
    return automation().LocalWorkspace.create({ workDir: this.options.projectDir, pulumiCommand: command, envVars: { ...this.options.envVars } });
  }
}

class AutomationStack implements StackEngine {
  constructor(private readonly stackRef: Stack) {}

  get stack(): string {
    return this.stackRef.name;
  }

  async getConfig(): Promise<StackConfig> {
    try {
      return fromConfigMap(await this.stackRef.getAllConfig());
    } catch (error) {
      throw classify(error);
    }
  }

  async setAllConfig(config: StackConfig, options: { readonly replace?: boolean } = {}): Promise<void> {
    try {
      if (options.replace) {
        const current = await this.stackRef.getAllConfig();
        const stale = Object.keys(current).filter((key) => !(key in config));
        if (stale.length > 0) await this.stackRef.removeAllConfig(stale);
      }
      if (Object.keys(config).length > 0) await this.stackRef.setAllConfigJson(JSON.stringify(toConfigJson(config)));
    } catch (error) {
      throw classify(error);
    }
  }

  async preview(options: PreviewOptions = {}): Promise<PreviewOutcome> {
    const collected = collector(options.onProgress);
    try {
      const result = await this.stackRef.preview({
        onEvent: collected.onEvent,
        policyPacks: options.policyPacks ? [...options.policyPacks] : undefined,
        policyPackConfigs: options.policyPackConfigs ? [...options.policyPackConfigs] : undefined,
        signal: options.signal,
      });
      return { changes: { ...result.changeSummary }, steps: collected.steps, policies: collected.policies };
    } catch (error) {
      // A mandatory policy fails `pulumi preview`; that is a result to report, not an engine failure.
      if (collected.policies.some((p) => p.level === "mandatory")) {
        return { changes: collected.changes ?? {}, steps: collected.steps, policies: collected.policies };
      }
      throw classify(error, options.signal, collected.errors);
    }
  }

  async up(options: UpOptions): Promise<UpOutcome> {
    const collected = collector(options.onProgress);
    // The workspace's envVars reach every Pulumi CLI call it makes, and so the program.
    Object.assign(this.stackRef.workspace.envVars, options.env ?? {});
    try {
      const result = await this.stackRef.up({
        message: options.message,
        onEvent: collected.onEvent,
        policyPacks: options.policyPacks ? [...options.policyPacks] : undefined,
        policyPackConfigs: options.policyPackConfigs ? [...options.policyPackConfigs] : undefined,
        signal: options.signal,
      });
      return {
        changes: { ...(result.summary?.resourceChanges ?? collected.changes ?? {}) },
        outputs: fromOutputMap(result.outputs),
        version: result.summary?.version,
      };
    } catch (error) {
      throw classify(error, options.signal, collected.errors);
    }
  }

  async previewDestroy(options: PreviewOptions = {}): Promise<PreviewOutcome> {
    const collected = collector(options.onProgress);
    try {
      const result = await this.stackRef.previewDestroy({ runProgram: true, onEvent: collected.onEvent, signal: options.signal });
      return { changes: { ...result.changeSummary }, steps: collected.steps, policies: collected.policies };
    } catch (error) {
      throw classify(error, options.signal, collected.errors);
    }
  }

  async destroy(options: DestroyOptions): Promise<UpOutcome> {
    const collected = collector(options.onProgress);
    Object.assign(this.stackRef.workspace.envVars, options.env ?? {});
    try {
      // runProgram: the program registers its resource hooks, so each deletion is published like
      // any other resource event (Pulumi 3.182+; without it destroy runs from the state alone).
      const result = await this.stackRef.destroy({ message: options.message, runProgram: true, onEvent: collected.onEvent, signal: options.signal });
      return { changes: { ...(result.summary?.resourceChanges ?? collected.changes ?? {}) }, outputs: {}, version: result.summary?.version };
    } catch (error) {
      throw classify(error, options.signal, collected.errors);
    }
  }

  async history(limit?: number): Promise<readonly StackUpdate[]> {
    try {
      const updates = await this.stackRef.history(limit);
      return updates.map(fromUpdateSummary);
    } catch (error) {
      throw classify(error);
    }
  }

  async outputs(): Promise<Readonly<Record<string, unknown>>> {
    try {
      return fromOutputMap(await this.stackRef.outputs());
    } catch (error) {
      throw classify(error);
    }
  }

  async cancel(): Promise<void> {
    try {
      await this.stackRef.cancel();
    } catch (error) {
      throw classify(error);
    }
  }
}

/** `pulumi config --json` values carry `objectValue` for maps and lists: keep them as JSON text. */
export function fromConfigMap(map: ConfigMap | Record<string, { value?: string; secret?: boolean; objectValue?: unknown }>): StackConfig {
  const config: Record<string, ConfigEntry> = {};
  for (const [key, raw] of Object.entries(map as Record<string, { value?: string; secret?: boolean; objectValue?: unknown }>)) {
    const object = raw.objectValue !== undefined;
    const value = raw.value ?? (object ? JSON.stringify(raw.objectValue) : "");
    config[key] = { value, secret: Boolean(raw.secret), ...(object ? { object: true } : {}) };
  }
  return config;
}

/** The shape `pulumi config set-all --json` reads (the same as `pulumi config --json` prints). */
export function toConfigJson(config: StackConfig): Record<string, { value: string; secret: boolean; objectValue?: unknown }> {
  const json: Record<string, { value: string; secret: boolean; objectValue?: unknown }> = {};
  for (const [key, entry] of Object.entries(config)) {
    json[key] = { value: entry.value, secret: entry.secret };
    if (entry.object) json[key].objectValue = JSON.parse(entry.value);
  }
  return json;
}

export function fromUpdateSummary(summary: UpdateSummary): StackUpdate {
  return {
    version: summary.version,
    kind: summary.kind,
    startTime: new Date(summary.startTime),
    endTime: summary.endTime ? new Date(summary.endTime) : undefined,
    result: summary.result as UpdateResult,
    message: summary.message ?? "",
    environment: { ...(summary.environment ?? {}) },
    config: fromConfigMap(summary.config ?? {}),
    resourceChanges: summary.resourceChanges ? { ...summary.resourceChanges } : undefined,
  };
}

function fromOutputMap(outputs: Record<string, { value: unknown; secret: boolean }>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [key, output] of Object.entries(outputs)) plain[key] = output.secret ? "[secret]" : output.value;
  return plain;
}

export function resourceOp(op: OpType | string): ResourceOp {
  switch (op) {
    case "create":
    case "update":
    case "delete":
    case "same":
    case "read":
    case "refresh":
      return op;
    case "replace":
    case "create-replacement":
    case "delete-replaced":
    case "read-replacement":
    case "discard-replaced":
      return "replace";
    default:
      return "other";
  }
}

/** Pulumi engine event -> our progress (or nothing, for the events we do not show). */
export function toProgress(event: EngineEvent): EngineProgress | undefined {
  if (event.resourcePreEvent) {
    const { metadata, planning } = event.resourcePreEvent;
    return { kind: "resource", phase: "started", op: resourceOp(metadata.op), urn: metadata.urn, type: metadata.type, planning: Boolean(planning) };
  }
  if (event.resOutputsEvent) {
    const { metadata, planning } = event.resOutputsEvent;
    return { kind: "resource", phase: "done", op: resourceOp(metadata.op), urn: metadata.urn, type: metadata.type, planning: Boolean(planning) };
  }
  if (event.resOpFailedEvent) {
    const { metadata } = event.resOpFailedEvent;
    return { kind: "resource-failed", op: resourceOp(metadata.op), urn: metadata.urn, type: metadata.type };
  }
  if (event.diagnosticEvent) {
    const { severity, message, urn } = event.diagnosticEvent;
    if (event.diagnosticEvent.ephemeral) return undefined;
    const level = severity === "error" ? "error" : severity === "warning" ? "warning" : "info";
    return { kind: "diagnostic", severity: level, message: message.trim(), ...(urn ? { urn } : {}) };
  }
  if (event.policyEvent) {
    const policy = event.policyEvent;
    return {
      kind: "policy",
      policy: policy.policyName,
      level: policy.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
      urn: policy.resourceUrn ?? "",
      message: policy.message.trim(),
    };
  }
  if (event.summaryEvent) {
    return { kind: "summary", changes: { ...event.summaryEvent.resourceChanges }, durationSeconds: event.summaryEvent.durationSeconds };
  }
  return undefined;
}

function collector(listener: ProgressListener | undefined) {
  const state = {
    steps: [] as { op: ResourceOp; urn: string; type: string }[],
    policies: [] as PolicyResult[],
    errors: [] as string[],
    changes: undefined as Record<string, number> | undefined,
    onEvent: (event: EngineEvent) => {
      const progress = toProgress(event);
      if (!progress) return;
      if (progress.kind === "resource" && progress.phase === "started" && progress.op !== "same") {
        state.steps.push({ op: progress.op, urn: progress.urn, type: progress.type });
      }
      if (progress.kind === "policy") state.policies.push({ policy: progress.policy, level: progress.level, urn: progress.urn, message: progress.message });
      if (progress.kind === "diagnostic" && progress.severity === "error") state.errors.push(progress.message);
      if (progress.kind === "summary") state.changes = { ...progress.changes };
      listener?.(progress);
    },
  };
  return state;
}

/** Sorts a CLI failure into the cases the CLI explains (locked, not logged in, cancelled ...). */
export function classify(error: unknown, signal?: AbortSignal, diagnostics: readonly string[] = []): EngineError {
  if (error instanceof EngineError) return error;
  const { ConcurrentUpdateError, StackNotFoundError } = automation();
  const text = errorText(error);
  if (error instanceof ConcurrentUpdateError || /currently locked by|Another update is currently in progress|\[409\] Conflict/i.test(text)) {
    return new EngineError(EngineErrorCodes.stackLocked, "the stack is locked by another update", firstErrorLine(error));
  }
  if (error instanceof StackNotFoundError || /no stack named .* found/i.test(text)) {
    return new EngineError(EngineErrorCodes.stackNotFound, "no such stack", firstErrorLine(error));
  }
  if (/PULUMI_ACCESS_TOKEN must be set|not logged in|pulumi login|no credentials/i.test(text)) {
    return new EngineError(EngineErrorCodes.notLoggedIn, "the Pulumi CLI is not logged in to a backend", firstErrorLine(error));
  }
  if (/ENOENT/.test(text) && /spawn|pulumi/i.test(text)) {
    return new EngineError(EngineErrorCodes.noPulumiCli, "the Pulumi CLI is not on PATH", firstErrorLine(error));
  }
  if (signal?.aborted || /update (was )?canceled|operation canceled/i.test(text)) {
    return new EngineError(EngineErrorCodes.cancelled, "the update was cancelled", firstErrorLine(error));
  }
  const cause = diagnostics.find((d) => d.length > 0) ?? firstErrorLine(error);
  return new EngineError(EngineErrorCodes.updateFailed, cause, text);
}

function errorText(error: unknown): string {
  const commandResult = (error as { commandResult?: { stderr?: string; stdout?: string; err?: Error } })?.commandResult;
  return [commandResult?.stderr, commandResult?.err?.message, (error as Error)?.message, String(error)].filter(Boolean).join("\n");
}

/** The first line that says what went wrong (`error: ...` from the CLI, else the message's first line). */
export function firstErrorLine(error: unknown): string {
  const text = errorText(error);
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  const marked = lines.find((line) => /^error:/i.test(line));
  return (marked ?? lines[0] ?? "unknown error").replace(/^error:\s*/i, "");
}

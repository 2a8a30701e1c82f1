/**
 * The stack engine port: what the use cases need from "something that runs the Pulumi program against a
 * stack", in the words of our domain. Three adapters: the Automation API (the real thing), the
 * offline engine (preview only, under mocks) and a scripted fake (tests only).
 */

/** One stack config value as Pulumi stores it: the text, and whether it is a secret. */
export interface ConfigEntry {
  /** Strings stay strings; maps, lists, numbers and booleans are JSON text (Pulumi's `object` values). */
  readonly value: string;
  readonly secret: boolean;
  /** True when `value` is JSON of a structured value (a map or list in the stack file). */
  readonly object?: boolean;
}

/** A stack's config: `namespace:key` -> entry. */
export type StackConfig = Readonly<Record<string, ConfigEntry>>;

export type UpdateResult = "succeeded" | "failed" | "in-progress" | "not-started";

/** One entry of a stack's update history (Pulumi's UpdateSummary, reduced to what we read). */
export interface StackUpdate {
  readonly version: number;
  /** update | preview | refresh | destroy | ... */
  readonly kind: string;
  readonly startTime: Date;
  readonly endTime?: Date;
  readonly result: UpdateResult;
  /** The `--message` of the update: semantest-iac records the deployment id here. */
  readonly message: string;
  /** Who/what ran it: `git.head`, `git.author`, `exec.kind`, `ci.system` ... */
  readonly environment: Readonly<Record<string, string>>;
  /** The config the update ran with. */
  readonly config: StackConfig;
  /** create/update/delete/same counts, when the update finished. */
  readonly resourceChanges?: Readonly<Record<string, number>>;
}

/** What the engine does to one resource, from its step events. */
export type ResourceOp = "create" | "update" | "replace" | "delete" | "same" | "read" | "refresh" | "other";

/** Live progress of an operation: what the CLI shows and turns into resource events. */
export type EngineProgress =
  | { readonly kind: "resource"; readonly phase: "started" | "done"; readonly op: ResourceOp; readonly urn: string; readonly type: string; readonly planning: boolean }
  | { readonly kind: "resource-failed"; readonly op: ResourceOp; readonly urn: string; readonly type: string }
  | { readonly kind: "diagnostic"; readonly severity: "info" | "warning" | "error"; readonly message: string; readonly urn?: string }
  | { readonly kind: "policy"; readonly policy: string; readonly level: "mandatory" | "advisory"; readonly urn: string; readonly message: string }
  | { readonly kind: "summary"; readonly changes: Readonly<Record<string, number>>; readonly durationSeconds: number };

export type ProgressListener = (progress: EngineProgress) => void;

export interface PolicyResult {
  readonly policy: string;
  readonly level: "mandatory" | "advisory";
  readonly urn: string;
  readonly message: string;
}

/** What a preview found: counts per operation, the resources that change, and the policy results. */
export interface PreviewOutcome {
  readonly changes: Readonly<Record<string, number>>;
  readonly steps: readonly { readonly op: ResourceOp; readonly urn: string; readonly type: string }[];
  readonly policies: readonly PolicyResult[];
}

export interface UpOutcome {
  readonly changes: Readonly<Record<string, number>>;
  readonly outputs: Readonly<Record<string, unknown>>;
  /** The update version the engine recorded, when it reports one. */
  readonly version?: number;
}

export interface PreviewOptions {
  readonly policyPacks?: readonly string[];
  /** One JSON config file per pack (enforcement levels per environment). */
  readonly policyPackConfigs?: readonly string[];
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
}

export interface UpOptions {
  /** Recorded in stack history: semantest-iac puts the deployment id here. */
  readonly message: string;
  readonly policyPacks?: readonly string[];
  readonly policyPackConfigs?: readonly string[];
  readonly onProgress?: ProgressListener;
  /** Extra environment for the program (the deployment id, so its resource events join the deployment). */
  readonly env?: Readonly<Record<string, string>>;
  /** Aborting asks the engine to cancel the update gracefully (what Ctrl-C does). */
  readonly signal?: AbortSignal;
}

export interface DestroyOptions {
  /** Recorded in stack history: semantest-iac puts the destroy id here. */
  readonly message: string;
  readonly onProgress?: ProgressListener;
  /** Extra environment for the program (the deployment id, so its resource events join the destroy). */
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** One stack, opened through an engine. */
export interface StackEngine {
  readonly stack: string;
  getConfig(): Promise<StackConfig>;
  /** Upserts these keys; with `replace`, also removes every key not in `config` (exact restore). */
  setAllConfig(config: StackConfig, options?: { readonly replace?: boolean }): Promise<void>;
  preview(options?: PreviewOptions): Promise<PreviewOutcome>;
  up(options: UpOptions): Promise<UpOutcome>;
  /**
   * What a destroy would remove. Runs the program (`--run-program`) so that its resource hooks and
   * config are the ones the destroy will use.
   */
  previewDestroy(options?: PreviewOptions): Promise<PreviewOutcome>;
  /**
   * Deletes every resource of the stack, running the program (`--run-program`, Pulumi 3.182+) so its
   * resource hooks publish the `resource.deleted` events. The outputs it returns are empty.
   */
  destroy(options: DestroyOptions): Promise<UpOutcome>;
  /** Newest first. */
  history(limit?: number): Promise<readonly StackUpdate[]>;
  outputs(): Promise<Readonly<Record<string, unknown>>>;
  /** Stops the stack's running update (the engine's `cancel`). */
  cancel(): Promise<void>;
}

/** Opens stacks; `check()` tells whether this machine can run the engine at all. */
export interface Engine {
  readonly name: "automation" | "offline" | "fake";
  /** Throws an EngineError (NO_PULUMI_CLI, NOT_LOGGED_IN) when the environment cannot run it. */
  check(): Promise<void>;
  /** Selects the stack, creating it when `create` and it does not exist. */
  openStack(stack: string, options?: { readonly create?: boolean }): Promise<StackEngine>;
}

export const EngineErrorCodes = {
  noPulumiCli: "NO_PULUMI_CLI",
  notLoggedIn: "NOT_LOGGED_IN",
  stackLocked: "STACK_LOCKED",
  stackNotFound: "STACK_NOT_FOUND",
  cancelled: "CANCELLED",
  updateFailed: "UPDATE_FAILED",
  unsupported: "UNSUPPORTED",
} as const;
export type EngineErrorCode = (typeof EngineErrorCodes)[keyof typeof EngineErrorCodes];

/** A failure of the engine, classified so the CLI can map it to a message, a fix and an exit code. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = "EngineError";
  }
}

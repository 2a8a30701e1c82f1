/**
 * The offline engine port: evaluate the program under mocks with a stack file's config and run the
 * policy pack on what it declares (no cloud, no Pulumi CLI). Adapter: adapters/engine/offline/.
 */
import type { ConfigProblem, DeploymentConfiguration } from "../../domain";
import type { CostEstimate } from "../cost";

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  readonly custom: boolean;
  /** Inputs as the provider would receive them; values only known after apply are "<computed>". */
  readonly inputs: Record<string, unknown>;
  /** URNs this resource depends on (dependsOn and the resources its inputs came from). */
  readonly dependencies: readonly string[];
  /** Per input property, the URNs its value came from (what the engine gives stack policies). */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  /** The options' `retainOnDelete`, `protect` and the like, as registered. */
  readonly options: {
    readonly retainOnDelete: boolean;
    readonly protect: boolean;
    readonly aliases: readonly string[];
    /** Property paths the engine does not diff (`tags["deployment-id"]`). */
    readonly ignoreChanges?: readonly string[];
  };
}

export interface OfflinePreviewOptions {
  readonly projectDir: string;
  /** The stack / environment name: selects `Pulumi.<env>.yaml`. */
  readonly env: string;
  /** Another stack file to read instead. */
  readonly configFile?: string;
  readonly component?: string;
  readonly provider?: string;
  /** Loads and runs the program; default: `require(<projectDir>/index.ts)`. */
  readonly program?: () => unknown;
}

export interface PolicyViolation {
  readonly policy: string;
  readonly level: "mandatory" | "advisory";
  readonly urn: string;
  readonly message: string;
}

/** The offline preview document (`preview --offline --json`; its fields are documented in docs/cli.md). */
export interface OfflinePreviewDocument {
  readonly stack: string;
  readonly environment: string;
  readonly mode: "offline";
  readonly resources: readonly {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly inputs: Record<string, unknown>;
    /** What the engine's diff honours (`ignoreChanges`) and what a delete leaves in the cloud (`retainOnDelete`). */
    readonly options: { readonly ignoreChanges: readonly string[]; readonly retainOnDelete: boolean };
  }[];
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly policies: { readonly violations: readonly PolicyViolation[] };
  readonly events: readonly Readonly<Record<string, unknown>>[];
  /** The monthly cost estimate from the declared resources and `semantest:traffic` (docs/cost.md). */
  readonly cost: CostEstimate;
}

export type OfflinePreviewFailure =
  | { readonly code: "INVALID_CONFIG"; readonly problems: readonly ConfigProblem[]; readonly message: string }
  | { readonly code: "USAGE"; readonly problems: readonly ConfigProblem[]; readonly message: string }
  | { readonly code: "STACK_FILE"; readonly message: string };

export interface OfflinePreview {
  readonly document: OfflinePreviewDocument;
  /** Every registration, with dependencies and options, for the graph and the policies. */
  readonly resources: readonly RecordedResource[];
  readonly configuration: DeploymentConfiguration;
}

export type OfflinePreviewResult = { ok: true; value: OfflinePreview } | { ok: false; error: OfflinePreviewFailure };

export interface OfflineEngine {
  preview(options: OfflinePreviewOptions): Promise<OfflinePreviewResult>;
}

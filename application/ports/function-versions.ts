/**
 * The published versions of the stack's functions (AWS Lambda: `publish: true` makes one per code
 * change, and nothing deletes them), for `prune`. Adapter: adapters/function-versions/.
 */
import type { ComponentKind } from "../../domain";

export interface FunctionVersions {
  readonly kind: ComponentKind;
  /** The function's name (stack output `lambdaFunctions`). */
  readonly function: string;
  /** Numbered versions, `$LATEST` excluded. */
  readonly versions: readonly string[];
  /** Versions an alias routes to (its version and any weighted additional version): never deleted. */
  readonly aliased: readonly string[];
}

export interface FunctionVersionStore {
  list(): Promise<readonly FunctionVersions[]>;
  remove(fn: string, version: string): Promise<void>;
}

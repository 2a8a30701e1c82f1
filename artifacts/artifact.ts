import type { CloudProvider, ComponentKind } from "../domain";

/**
 * A component's deployable code: a zip named by the sha256 of its bytes (DESIGN §8). The same
 * sources give the same bytes, so the same digest, so no redeploy.
 */
export interface ComponentArtifact {
  readonly kind: ComponentKind;
  readonly provider: CloudProvider;
  /** `sha256:<64 hex>` of the zip's bytes. */
  readonly digest: string;
  /**
   * The zip on this machine, when it was built in this run or is cached in `.semantest/artifacts`.
   * Undefined on a rollback to an artifact that now only exists in the stack's artifact store.
   */
  readonly path: string | undefined;
}

export type ComponentArtifacts = Readonly<Partial<Record<ComponentKind, ComponentArtifact>>>;

/** Where built zips are cached, relative to the project: `<kind>-<provider>-<hex>.zip`. */
export const ARTIFACT_DIR = ".semantest/artifacts";

export function artifactFileName(kind: ComponentKind, provider: CloudProvider, digest: string): string {
  return `${kind}-${provider}-${digest.replace(/^sha256:/, "")}.zip`;
}

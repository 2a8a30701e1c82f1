/**
 * The artifact ports: build a component's content-addressed zip, and find (or remove) the zips a
 * stack keeps in its artifact store (the S3 bucket on AWS, each Function App's deployment
 * container on Azure). Adapters: adapters/artifact-builder.ts, adapters/artifact-store/.
 */
import type { CloudProvider, ComponentKind, ComponentSettings } from "../../domain";

export interface StoredArtifact {
  readonly kind: ComponentKind;
  readonly provider: CloudProvider;
  readonly digest: string;
}

/** What emptying a store removed, per place (`s3://bucket`, a container URL). */
export interface PurgeReport {
  readonly locations: readonly { readonly location: string; readonly removed: number }[];
}

export interface ArtifactStore {
  /** Where it looks, for messages (`s3://bucket/key`). */
  locate(artifact: StoredArtifact): string;
  exists(artifact: StoredArtifact): Promise<boolean>;
  /** Every place the stack keeps artifacts (for teardown messages), e.g. `s3://bucket`. */
  locations(): readonly string[];
  /** Removes every artifact (and every version of it) from every place: what `destroy --purge-artifacts` does first. */
  purge(): Promise<PurgeReport>;
  /** Every artifact the store holds now, with where it is (what `prune` chooses from). */
  list(): Promise<readonly ListedArtifact[]>;
  /** Deletes these artifacts (their current object / blob); returns how many went. */
  remove(artifacts: readonly ListedArtifact[]): Promise<number>;
}

/** An artifact found in a store: its digest, its cloud, and its place (`s3://bucket/key`, a blob URL). */
export interface ListedArtifact {
  readonly digest: string;
  readonly provider: CloudProvider;
  /** Known from the place (AWS keys and Azure containers are per component); absent in the fake store. */
  readonly kind?: ComponentKind;
  readonly location: string;
}

export interface BuiltArtifact {
  readonly kind: ComponentKind;
  readonly provider: CloudProvider;
  readonly digest: string;
  readonly path?: string;
}

export interface ArtifactBuilder {
  /** The component's artifact, or undefined when its cloud has no recipe for it (nothing to ship). */
  build(settings: ComponentSettings): Promise<BuiltArtifact | undefined>;
}

export class ArtifactBuildUnavailableError extends Error {
  readonly code = "NO_ARTIFACT_BUILDER" as const;
}

export class MissingStoreLocationError extends Error {
  readonly code = "NO_ARTIFACT_STORE" as const;
}
